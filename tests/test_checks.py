"""Every rule fires on its worked example and stays silent on its counter-example.

The cases live in tests/rule_examples.py: docs/rules.md shows the same ones.
"""
from decimal import Decimal
from pathlib import Path

import pytest

from extract.checks import run_checks
from extract.checks.engine import dedupe
from rule_examples import CASES, Case, build, plain
from extract.checks.rules import CATEGORIES, load_rules
from extract.model import Finding

RULES = load_rules()


def _id(c: Case) -> str:
    return f"{c.rule}-{'fires' if c.fires else 'silent'}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_rule_example(case: Case):
    findings = run_checks(build(case))
    mine = [f for f in findings if f.rule == case.rule]
    if case.fires:
        assert mine, f"{case.rule} should fire on: {plain(case)}\n got {[f.rule for f in findings]}"
        f = mine[0]
        assert f.category == RULES[case.rule].category
        assert f.message and "?" not in f.message, f.message
        if case.severity:
            assert f.severity == case.severity, f"{case.rule} should be {case.severity}, is {f.severity}: {f.message}"
    else:
        assert not mine, f"{case.rule} should not fire: {[f.message for f in mine]}"


def test_every_rule_has_a_firing_and_a_silent_example():
    fires = {c.rule for c in CASES if c.fires}
    silent = {c.rule for c in CASES if not c.fires}
    ids = {r.id for r in RULES}
    assert ids - fires == set(), f"rules without a firing example: {ids - fires}"
    assert ids - silent == set(), f"rules without a silent example: {ids - silent}"
    assert (fires | silent) <= ids


def test_rules_are_well_formed():
    for r in RULES:
        assert r.category in CATEGORIES
        assert r.severity in {"error", "warning", "info"}
        assert r.message and r.title and r.checks
    assert RULES.grade_for(__import__("decimal").Decimal("90")) == "优"
    assert RULES.grade_for(__import__("decimal").Decimal("89.99")) == "良"
    assert RULES.grade_for(__import__("decimal").Decimal("60")) == "中"
    assert RULES.grade_for(__import__("decimal").Decimal("59.5")) == "差"


def test_silent_examples_raise_no_error_or_warning_at_all():
    """A counter-example is a consistent report: no rule at all may flag it."""
    for case in CASES:
        if case.fires or case.rule in ("section.missing",):
            continue
        report = build(case)
        if case.rule == "ratio.table_rate" or case.rule.startswith("reason."):
            continue  # these reports keep an unexplained low rate on purpose
        loud = [f for f in run_checks(report) if f.severity in ("error", "warning") and f.rule != "section.missing"]
        assert not loud, f"{case.rule}: {[f.message for f in loud]}"


def test_finding_carries_evidence_and_a_stable_fingerprint():
    case = next(c for c in CASES if c.rule == "sum.basic_parts" and c.fires)
    a = [f for f in run_checks(build(case)) if f.rule == case.rule][0]
    b = [f for f in run_checks(build(case)) if f.rule == case.rule][0]
    assert a.fingerprint == b.fingerprint and len(a.fingerprint) >= 16
    assert a.section and a.figures and a.pages == [1]
    assert a.expected is not None and a.actual is not None and a.delta is not None and a.tolerance is not None
    assert "196.86 万元" in a.message and "218.47 万元" in a.message
    assert a.expression


def test_finding_section_is_the_innermost():
    case = next(c for c in CASES if c.rule == "section.empty" and c.fires)
    report = build(case)
    f = [f for f in run_checks(report) if f.rule == "section.empty"][0]
    sec = {s.id: s for s in report.sections}[f.section]
    assert sec.number == "（二）"


def test_dedupe_keeps_one_finding_per_inconsistency():
    a = Finding(rule="sum.staff_quota", category="sum_mismatch", severity="error", message="a", section="s1",
                figures=["f1", "f2"], fingerprint="x")
    b = Finding(rule="sum.itemised", category="sum_mismatch", severity="error", message="b", section="s1",
                figures=["f2", "f3"], fingerprint="y")
    c = Finding(rule="ratio.share", category="ratio_mismatch", severity="error", message="c", section="s1",
                figures=["f2"], fingerprint="z")
    assert [f.rule for f in dedupe([a, b, c])] == ["sum.staff_quota", "ratio.share"]


def test_a_broken_report_does_not_raise():
    from extract.model import Document, Report
    assert run_checks(Report(document=Document(source="x", doc_id="x"))) == []


def test_listing_groups_and_filters():
    from extract.checks.listing import render
    docs = [{"doc_id": "d1", "source": "a.pdf", "title": "甲报告", "department": "甲", "year": 2024, "status": "ok"},
            {"doc_id": "d2", "source": "b.pdf", "title": "乙报告", "department": "乙", "year": 2025, "status": "ok"}]
    secs = [{"doc_id": "d1", "id": "s1", "number": "五、", "title": "社会保险基金预算支出情况"}]
    finds = [{"doc_id": "d1", "rule": "section.fund_topic", "category": "section_content_mismatch", "severity": "error",
              "message": "内容不符", "section": "s1", "pages": [3]},
             {"doc_id": "d2", "rule": "section.missing", "category": "missing_section", "severity": "info",
              "message": "缺少", "section": None, "pages": []}]
    by_report = render(finds, docs, secs, severity="warning", by="report")
    assert "甲报告" in by_report and "五、社会保险基金" in by_report and "缺少" not in by_report
    by_cat = render(finds, docs, secs, severity="info", by="category")
    assert "missing_section — 1 条" in by_cat and "乙报告" in by_cat
    assert render(finds, docs, secs, severity="error", by="report").endswith("错误 1")


def test_listing_quotes_the_evidence():
    """The analyst sees the contradiction in the listing: each evidence sentence quoted with its page."""
    from extract.checks.listing import QUOTE_WIDTH, render
    docs = [{"doc_id": "d1", "source": "a.pdf", "title": "甲报告", "year": 2024, "status": "ok"}]
    long_row = "支出合计" + "，项目" * 100
    finds = [{"doc_id": "d1", "rule": "sum.basic_parts", "category": "sum_mismatch", "severity": "error",
              "message": "人员经费 + 公用经费 与基本支出不符", "section": None, "pages": [3],
              "evidence": [{"text": "其中基本支出 4,985.17 万元，\n项目支出 15,602.76万元", "start": 10, "end": 40, "page": 3},
                           {"text": long_row, "start": 50, "end": 50 + len(long_row), "page": 4}]}]
    lines = render(finds, docs, [], severity="warning").splitlines()
    at = next(i for i, ln in enumerate(lines) if "sum.basic_parts" in ln)
    assert lines[at + 1].strip() == "“其中基本支出 4,985.17 万元， 项目支出 15,602.76万元”（第3页）"
    assert lines[at + 2].strip().startswith("“支出合计，项目") and lines[at + 2].strip().endswith("…”（第4页）")
    assert len(lines[at + 2].strip()) == QUOTE_WIDTH + len("“”（第4页）")


def test_check_command_reads_parquet(tmp_path: Path):
    import argparse

    import pyarrow as pa
    import pyarrow.parquet as pq

    from extract.checks import cli
    (tmp_path / "documents").mkdir()
    (tmp_path / "findings").mkdir()
    pq.write_table(pa.Table.from_pylist([{"doc_id": "d1", "source": "a.pdf", "title": "甲报告", "department": "甲",
                                          "year": 2024, "status": "ok"}]), tmp_path / "documents" / "part-1.parquet")
    pq.write_table(pa.Table.from_pylist([{"doc_id": "d1", "rule": "count.listed_items", "category": "count_mismatch",
                                          "severity": "error", "message": "写明6个内设机构，但列举了 5 个", "section": "s1",
                                          "figures": [], "pages": [2]}]), tmp_path / "findings" / "part-1.parquet")
    ap = argparse.ArgumentParser()
    cli.add_arguments(ap)
    assert cli.run(ap.parse_args([str(tmp_path), "--by", "category"])) == 0
    assert cli.run(ap.parse_args([str(tmp_path / "nope")])) == 2


def test_rule_catalogue_is_up_to_date():
    """docs/rules.md is generated from the rules and these examples; regenerate it when they change."""
    import importlib.util
    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("rule_catalogue", root / "scripts" / "rule_catalogue.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    assert (root / "docs" / "rules.md").read_text(encoding="utf-8") == mod.catalogue(), \
        "docs/rules.md is stale: python scripts/rule_catalogue.py"


def test_findings_without_spans_keep_distinct_fingerprints():
    case = Case("section.missing", True, "一、部门基本情况\n本部门内设办公室。\n二、部门整体支出情况\n支出如下。\n三、绩效情况\n较好。")
    missing = [f for f in run_checks(build(case)) if f.rule == "section.missing"]
    assert len(missing) >= 3  # 政府性基金, 自评结论, 存在的问题
    assert len({f.fingerprint for f in missing}) == len(missing)
    assert {f.severity for f in missing} == {"warning", "info"}


def test_split_label_in_a_table_row_is_not_a_sentence(tmp_path):
    """湖南 自评表: `按支出性质分：基本支出 | 年初 | 全年 | 执行` holds one item's three columns, not a split."""
    from tests.helpers import report_from_text
    text = ("某某县人社局2023年度部门整体支出绩效自评报告\n一、部门整体支出情况\n2023年度部门决算支出3,262.15万元，"
            "预算执行率97.12%。\n部门整体支出绩效自评表\n"
            "| 年度预算申请（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            "| 年度资金总额 | 2846.30 | 3358.78 | 3262.15 | 10 | 97.12% | 9.71 |\n"
            "| 按支出性质分：基本支出 | 1092.40 | 1118.60 | 1106.42 | — | — | — |\n"
            "| 项目支出 | 1753.90 | 2240.18 | 2155.73 | — | — | — |\n")
    report = report_from_text(tmp_path, text)
    assert report.fields["total_expenditure"].value == Decimal("32621500")
    assert not [f for f in report.findings if f.category == "sum_mismatch"]


def test_a_summed_field_is_shown_in_the_unit_its_parts_were_printed_in(tmp_path):
    from tests.helpers import report_from_text
    """公务用车购置费 nil in words + 运行维护费 39,500.00 元: the message says 39,500.00 元, not 3.95 万元."""
    text = ("某某区农业农村局2024年度部门整体支出绩效自评报告\n（三）“三公”经费支出情况\n"
            "2024年“三公”经费支出62,800.00元，其中公务接待费18,500.00元，公务用车运行维护费39,500.00元，"
            "未购置公务用车，未发生因公出国（境）费。\n")
    report = report_from_text(tmp_path, text)
    msg = next(f.message for f in report.findings if f.rule == "sum.three_public")
    assert "39,500.00 元" in msg and "万元" not in msg


def test_a_failing_rule_module_is_named_and_the_others_findings_kept(monkeypatch, tmp_path):
    """A rule module that raises marks the document partial with the module named (not a silent log line),
    and the findings of the other modules are kept."""
    from extract.checks import sums
    from extract.process import process

    def broken(ctx):
        raise KeyError("boom")
    monkeypatch.setattr(sums, "run", broken)
    p = tmp_path / "r.txt"
    p.write_text("某某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n预算执行率102%，"
                 "服务对象满意度102.4%。\n", encoding="utf-8")
    report = process(p)
    assert report.document.status == "partial"
    assert "checks stage incomplete: checks sums: KeyError" in report.document.error
    assert any(f.rule == "range.percent_over_100" for f in report.findings)
