"""The comparison, export and report on hand-built tables: the schema-v2 columns other stages fill in
(duplicate_of, evaluations, doc_type, findings.evidence) and cases the dev reports do not have (several
years of one department, a peer group with an outlier)."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from answers_fixtures import money, write_out
from extract.answers import peers
from extract.answers.compare import build_rows, comparison, to_arrow
from extract.answers.load import Tables

A1, A2, A3, B, C, F, S = "a1" * 32, "a2" * 32, "a3" * 32, "bb" * 32, "cc" * 32, "ff" * 32, "5s" * 32
TEXT_A2 = "2024年“三公”经费支出6.00万元，较上年增加1.00万元。全年支出99.00万元，预算执行率100%。"
EV = (TEXT_A2.index("全年支出"), TEXT_A2.index("100%") + 4)


def _at(s: str) -> dict:
    return {"start": TEXT_A2.index(s), "end": TEXT_A2.index(s) + len(s), "text": s}


def _peer(i: int, rate: str) -> tuple[dict, list[dict]]:
    doc_id = f"d{i}" * 32
    doc = {"doc_id": doc_id[:64], "department": f"丙{i}县水利局", "region": f"丙{i}县", "year": 2024,
           "kind": "部门整体支出", "doc_type": "绩效自评报告"}
    return doc, [{"doc_id": doc_id[:64], "field": "execution_rate", "value_decimal": Decimal(rate), "unit": "%"}]


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    docs = [
        {"doc_id": A1, "department": "甲县财政局", "region": "甲县", "year": 2023, "kind": "部门整体支出",
         "doc_type": "绩效自评报告", "title": "甲县财政局2023年度部门整体支出绩效自评报告"},
        {"doc_id": A2, "department": "甲县 财政局", "region": "甲县", "year": 2024, "kind": "部门整体支出",
         "doc_type": "绩效自评报告", "text": TEXT_A2, "page_starts": [0], "title": "甲县财政局2024年度自评报告"},
        {"doc_id": A3, "department": "甲县财政局", "region": "甲县", "year": 2024, "kind": "部门整体支出",
         "doc_type": "绩效自评报告", "duplicate_of": A2, "source": "copy-of-a2.docx"},
        {"doc_id": B, "department": "乙市卫生健康委员会", "region": "乙市", "year": 2024, "doc_type": "部门决算"},
        {"doc_id": C, "department": "丁县统计局", "region": "丁县", "year": 2024, "doc_type": "其他", "text": "通知"},
        {"doc_id": F, "status": "failed", "error": "encrypted PDF", "source": "locked.pdf"},
        {"doc_id": S, "status": "skipped", "error": "a .json file that is not a document", "source": "a.expected.json"},
    ]
    fields = [money(A1, "total_budget", "1000000"), money(A1, "total_expenditure", "900000"),
              money(A1, "three_public_total", "50000"), money(A1, "basic_expenditure", "400000"),
              money(A1, "personnel_expenditure", "300000"),
              {"doc_id": A1, "field": "staff_actual", "value_decimal": Decimal(10), "unit": "人"},
              money(A2, "total_budget", "1000000"), money(A2, "total_expenditure", "990000"),
              money(A2, "three_public_total", "60000"),
              {"doc_id": A2, "field": "execution_rate", "value_decimal": Decimal(100), "unit": "%", "figure": "f4"},
              {"doc_id": A2, "field": "self_grade", "value_text": "优"}]
    figures = [
        {"doc_id": A2, "id": "f1", **_at("6.00万元"), "kind": "money", "value": "6.00",
         "base_value": "60000", "field": "three_public_total", "page": 1},
        {"doc_id": A2, "id": "f2", **_at("1.00万元"), "kind": "money", "value": "1.00",
         "base_value": "10000", "qualifier": "上年", "direction": "增长", "label": "较上年增加", "page": 1},
        {"doc_id": A2, "id": "f3", **_at("99.00万元"), "kind": "money", "value": "99.00",
         "base_value": "990000", "field": "total_expenditure", "page": 1},
        {"doc_id": A2, "id": "f4", **_at("100%"), "kind": "percent", "value": "100",
         "base_value": "100", "field": "execution_rate", "page": 1},
    ]
    findings = [
        {"doc_id": A2, "rule": "ratio.execution_rate", "category": "ratio_mismatch", "severity": "error",
         "message": "全年执行数 99.00 万元 ÷ 全年预算数 100 万元 = 99.00%，与所写预算执行率 100% 不符",
         "figures": ["f4", "f3"], "actual": "100", "certainty": "certain", "pages": [1],
         "evidence": [{"text": TEXT_A2[EV[0]:EV[1]], "start": EV[0], "end": EV[1], "page": 1}]},
        {"doc_id": B, "rule": "score.total", "category": "score_mismatch", "severity": "error", "evaluation": "e2",
         "message": "得分不符"},
        {"doc_id": B, "rule": "reason.low_execution", "category": "missing_reason", "severity": "warning",
         "message": "未说明原因"},
    ]
    evaluations = [
        {"doc_id": B, "id": "e1", "kind": "部门整体支出", "name": "乙市卫生健康委员会", "budget": "5000000",
         "expenditure": "4000000", "execution_rate": "80", "score": "85", "grade": "良"},
        {"doc_id": B, "id": "e2", "kind": "项目支出", "name": "疫苗接种项目", "budget": "200000",
         "expenditure": "200000", "execution_rate": "100", "score": "95"},
    ]
    for i, rate in enumerate(["96", "95", "97", "96.5", "95.5", "40"]):
        d, f = _peer(i, rate)
        docs.append(d)
        fields += f
    return write_out(tmp_path_factory.mktemp("hand") / "out", {
        "documents": docs, "fields": fields, "figures": figures, "findings": findings, "evaluations": evaluations})


@pytest.fixture(scope="module")
def rows(out) -> dict:
    return {(r["doc_id"], r.get("evaluation")): r for r in build_rows(Tables(out))}


def test_a_report_and_its_copy_count_once(rows):
    assert (A3, None) not in rows
    assert rows[(A2, None)]["copies"] == 1


def test_failed_and_non_evaluation_documents_are_not_compared(rows):
    ids = {k[0] for k in rows}
    assert F not in ids and C not in ids
    assert S not in ids             # a file the folder walk skipped (an .expected.json beside the reports)


def test_one_row_per_evaluation_with_its_own_findings(rows):
    e1, e2 = rows[(B, "e1")], rows[(B, "e2")]
    assert (e1["kind"], e2["kind"], e2["project"]) == ("部门整体支出", "项目支出", "疫苗接种项目")
    assert (e1["errors"], e1["warnings"], e2["errors"], e2["warnings"]) == (0, 1, 1, 0)
    assert e1["execution_rate"] == Decimal(80) and e2["self_score"] == Decimal(95)


def test_stated_rate_contradicted_by_a_finding_gives_way_to_the_computed_one(rows):
    r = rows[(A2, None)]
    assert r["contradicted"] is True
    assert r["execution_rate_stated"] == Decimal(100)
    assert r["execution_rate"] == r["execution_rate_computed"] == Decimal(99)
    assert rows[(A1, None)]["contradicted"] is None          # nothing stated, nothing to contradict


def test_prior_year_amount_from_the_reports_own_words(rows):
    assert rows[(A2, None)]["prior_three_public_total"] == Decimal(50000)     # 6.00 万元 less 较上年增加 1.00 万元


def test_year_over_year_with_normalised_department_names(rows):
    r = rows[(A2, None)]
    assert r["prev_year"] == 2023
    assert r["yoy_total_expenditure"] == Decimal(10)
    assert r["yoy_three_public_total"] == Decimal(20)
    assert r["prior_mismatch"] is None                         # 上年 5.00 万元 = the 2023 report's own amount


def test_outlier_marked_within_peer_group_only_when_large_enough(rows):
    low = rows[("d5" * 32, None)]
    assert "预算执行率 偏低" in low["outliers"]
    assert low["peer_group"] == "县级·部门整体支出" and low["peer_count"] >= 6
    assert rows[(B, "e2")]["outliers"] is None                 # 市级·项目支出: a group of one


def test_comparison_types(out):
    df = comparison(out)
    assert str(df["年度"].dtype) == "Int32"
    a2 = df[df["doc_id"] == A2].iloc[0]
    assert a2["全年支出 / 执行数（万元）"] == Decimal("99.00") and str(a2["全年支出 / 执行数（万元）"]) == "99.00"
    assert a2["年度"] == 2024
    t = to_arrow(df)
    assert str(t.schema.field("“三公”经费（万元）").type) == "decimal128(20, 2)"
    assert str(t.schema.field("年度").type) == "int32"


def test_levels_from_regions():
    assert peers.level_of("湖南省岳阳市") == "市"
    assert peers.level_of("北京市石景山区") == "县"
    assert peers.level_of("建瓯市") == "县"            # a county-level city
    assert peers.level_of("北京市") == "省"
    assert peers.level_of("延边朝鲜族自治州") == "市"
    assert peers.level_of("景东彝族自治县") == "县"
    assert peers.level_of(None) is None


def test_export_sheets_on_hand_built_tables(out, tmp_path):
    import openpyxl
    from extract.answers.export import write_xlsx
    from extract.answers.sheets import build
    path = tmp_path / "x.xlsx"
    write_xlsx(build(Tables(out)), path)
    wb = openpyxl.load_workbook(path)
    failed = [[c.value for c in r] for r in wb["失败文件"].iter_rows(min_row=2)]
    assert failed == [["locked.pdf", None, "失败", "encrypted PDF", None, F],
                      ["a.expected.json", None, "跳过", "a .json file that is not a document", None, S]]
    head = [c.value for c in wb["发现"][1]]
    quotes = [r[head.index("证据")].value for r in wb["发现"].iter_rows(min_row=2)]
    assert "「全年支出99.00万元，预算执行率100%」（第1页）" in quotes


def test_report_page_anchors_findings_to_their_evidence(out, tmp_path):
    from extract.answers.site import build_site
    stats = build_site(out, tmp_path / "site", images=False)
    page = (tmp_path / "site" / "r" / f"{A2[:16]}.html").read_text(encoding="utf-8")
    assert 'href="#ev-0-0"' in page and 'id="ev-0-0"' in page
    assert '<mark class="field" id="f-f1"' in page
    assert (tmp_path / "site" / "r" / f"{C[:16]}.html").exists()          # 其他: a page, not compared
    assert stats["pages"] == len(list((tmp_path / "site" / "r").glob("*.html")))
