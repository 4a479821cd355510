"""The answers benchmark's corpus (scripts/distinct_reports.py) is made of different reports, not copies:
otherwise `duplicate_of` folds them together and "export and report for 1,000 reports" measures a dozen."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import distinct_reports as dr  # noqa: E402


def test_a_thousand_variants_all_have_different_titles():
    plan = dr.plan(1000)
    titles = [dr.title_of(dr.parse(dr.vary(p.read_text(encoding="utf-8"), old, new, delta, 1))[1])
              for p, old, new, delta, _factor, _name in plan]
    assert len(plan) == 1000 and len(set(titles)) == 1000
    assert len({p for p, *_ in plan}) == len(dr.sources()) >= 50
    assert {f for *_, f, _n in plan} == set(dr.FACTORS)


def test_amounts_scale_at_printed_precision_and_nothing_else_does():
    src = ("# 桂东县林业局2024年度部门整体支出绩效自评报告\n"
           "全年预算数2,864.37万元，执行率97.46%，完成造林1.26万亩，接待46批次，节约2.14万余元，二〇二五年四月\n"
           "两年支出对比如下（单位：千元）：\n"
           "| 支出项目 | 2024年支出 | 增减额 | 执行率 | 得分 |\n"
           "| 人员类支出 | 786.1 | -12.5 | 97% | 9.5 |\n")
    out = dr.vary(src, "桂东县", "汝城县", -2, 3)
    assert "# 汝城县林业局2022年度部门整体支出绩效自评报告" in out
    assert "8,593.11万元" in out and "97.46%" in out and "1.26万亩" in out and "46批次" in out
    assert "6.42万余元" in out and "二〇二三年四月" in out
    assert "| 人员类支出 | 2358.3 | -37.5 | 97% | 9.5 |" in out


@pytest.mark.parametrize("stem", ["guidong-linye-2024", "tianjin-dizhen-2025"])
def test_a_scaled_variant_has_the_findings_of_its_source(tmp_path, stem):
    """Renamed, moved back two years and amounts doubled: the same checks fire (relations stay true)."""
    from extract.process import process
    src = next(p for p in dr.sources() if p.stem == stem)
    div = dr.own_division(src.read_text(encoding="utf-8"))
    new = dr.siblings(div)[0].name
    found = []
    for k, (name, delta, factor) in enumerate([(div.name, 0, 1), (new, -2, 2)]):
        path = dr._make(((src, div.name, name, delta, factor, f"v{k}"), str(tmp_path), "pdf"))
        report = process(path)
        found.append((Counter((f.rule, f.severity) for f in report.findings), report.meta.department, report.meta.year))
    assert found[0][0] == found[1][0]
    assert found[1][1].startswith(new) and found[1][2] == found[0][2] - 2


def test_twenty_generated_reports_are_twenty_comparison_rows(tmp_path):
    from extract import batch
    from extract.answers.compare import comparison
    from extract.storage import read_table
    paths = dr.build(20, tmp_path / "reports", "pdf", workers=1)
    assert len(paths) == 20
    out = tmp_path / "out"
    ap = argparse.ArgumentParser()
    batch.add_ingest_arguments(ap)
    assert batch.run_ingest(ap.parse_args([str(tmp_path / "reports"), "--out", str(out), "--workers", "2",
                                           "--no-progress"])) == 0
    docs = read_table(out, "documents")
    assert len(docs) == 20 and (docs["status"] != "failed").all()
    assert docs["duplicate_of"].isna().all()
    table = comparison(out)
    assert table["doc_id"].nunique() == 20
