"""Spreadsheets (.xlsx, .xls): the 自评表 samples, a real 绩效目标表 export, number formats, merged cells."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from extract.process import process
from extract.readers import read_document
from extract.readers.sheet import cell_grid, label_pairs
from extract.readers.workbook import SheetGrid

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "samples" / "formats"
REAL = [p / "corpus" / "real" for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared", Path("/work/shared"))]


def _expected(name: str) -> dict:
    return json.loads((FORMATS / f"{name}.expected.json").read_text("utf-8"))


@pytest.fixture(scope="module", params=["laixi-shuiku-2024-zipingbiao", "laixi-shuiku-2024-zipingbiao-xls"])
def zipingbiao(request):
    exp = _expected(request.param)
    return process(FORMATS / exp["file"]), exp


def test_zipingbiao_reads_like_a_report(zipingbiao):
    report, exp = zipingbiao
    doc = report.document
    assert doc.status == "ok" and doc.error is None and not doc.warnings
    assert doc.file_type == ("xls" if exp["file"].endswith(".xls") else "xlsx")
    assert doc.pages == 2                                               # page = sheet
    meta = report.meta
    for key, value in exp["meta"].items():
        assert getattr(meta, key) == value, key
    fields = {k: v.value for k, v in report.fields.items()}
    for key, value in exp["fields"].items():
        assert fields[key] == (value if key == "self_grade" else Decimal(value)), key
    got = {(str(f.value), f.unit) for f in report.figures}
    assert {tuple(f) for f in exp["figures"]} <= got
    for f in report.figures:
        assert doc.text[f.start:f.end] == f.text


def test_zipingbiao_budget_lines_and_indicators(zipingbiao):
    report, exp = zipingbiao
    lines = [[b["row"], b["initial_budget"], b["budget"], b["spent"], b["rate"], b["weight"], b["score"]]
             for b in report.budget_lines if b["kind"] == "budget"]
    assert lines == exp["budget_lines"]
    assert all(b["unit"] == "万元" for b in report.budget_lines)
    assert [[i["level3"], i["weight"], i["score"]] for i in report.indicators] == exp["indicators"]
    # merged 一级/二级指标 cells: the text stays in the first row, the rows below inherit it
    assert [(i["level1"], i["level2"]) for i in report.indicators[:4]] == [
        ("产出指标", "数量指标"), ("产出指标", "质量指标"), ("产出指标", "质量指标"), ("产出指标", "时效指标")]
    assert report.indicators[5]["operator"] == "≥" and report.indicators[5]["target"] == "90"
    assert not [f for f in report.findings if f.severity in ("error", "warning")]


def test_printed_form_of_numbers(zipingbiao):
    """Numbers as the sheet shows them: 0.00 / 0.00% / #,##0.00, and no binary artefacts."""
    report, _ = zipingbiao
    text = report.document.text
    assert "| 其他资金 | 0.00 | 0.00 | 0.00 |" in text                  # 0.1 + 0.2 - 0.3 stored as 5.55e-17
    assert "| 90.00% | 9 |" in text and "| 日常维修养护 | 179.14 | 76.56% |" in text
    assert "e-17" not in text and "0000000" not in text


def test_label_value_rows_become_text_lines(zipingbiao):
    report, _ = zipingbiao
    doc = report.document
    texts = [doc.text[p.start:p.end] for p in doc.paragraphs if p.kind == "text"]
    assert texts[:6] == ["莱西市水利局2024年度小型水库维修养护项目支出绩效自评表", "（2024年度）", "项目名称：小型水库维修养护项目",
                         "主管部门：莱西市水利局", "实施单位：莱西市水利局", "填报日期：2025年3月15日"]
    assert doc.paragraphs[0].display                                   # the merged title
    assert len(doc.tables) == 3                                        # budget block, indicator block, 支出构成
    assert {p.page for p in doc.paragraphs if doc.text[p.start:p.end].startswith("| 日常维修养护")} == {2}


def test_real_mubiaobiao_export_reads_its_indicator_rows():
    """A real 绩效目标申报表 export (20 projects, one per sheet) gives every 三级指标 row with its target."""
    exp = _expected("songgang-jxmb-03")
    report = process(FORMATS / exp["file"])
    doc = report.document
    assert doc.status == "ok" and doc.pages == 20 and len(doc.tables) == 20
    rows = [[i["level3"], i["weight"], i["score"]] for i in report.indicators if i["level3"] != "不适用"]
    assert rows == exp["indicators"]
    assert {i["page"] for i in report.indicators} == set(range(1, 21))
    cost = next(i for i in report.indicators if i["level2"] == "成本" and i["target"])
    assert cost["level1"] == "产出" and cost["operator"] == "≤" and cost["target_unit"] == "万元"
    assert all(i["level1"] in ("产出", "效益", "满意度") and i["level2"] for i in report.indicators)   # merged cells inherited
    texts = [doc.text[p.start:p.end] for p in doc.paragraphs if p.kind == "text" and p.page == 1]
    assert texts[0] == "二级项目支出绩效目标申报表" and doc.paragraphs[0].display
    assert "申请单位：深圳市宝安区松岗街道办事处（本级）" in texts
    assert any(t.startswith("项目名称：") for t in texts) and any(t.startswith("年度目标：") for t in texts)
    amount = next(t for t in texts if t.startswith("本年度项目金额（万元）："))
    assert amount.split("：")[1].endswith(".00") and "," in amount      # as the cell's #,##0.00 shows it


@pytest.mark.parametrize("name", ["zxj6827111-blip__doccheck-dept-budget.xlsx", "zxj6827111-blip__doccheck-unit-budget.xlsx",
                                  "samon6bl__songgang-jxmb-00.xlsx", "samon6bl__songgang-jxmb-14.xlsx"])
def test_real_workbooks_in_the_shared_corpus_read(name):
    """The human checklists are no reports, but must read without error; the 目标表 exports too."""
    path = next((p / name for p in REAL if (p / name).exists()), None)
    if path is None:
        pytest.skip(f"shared corpus not found next to the repository ({name})")
    report = process(path)
    assert report.document.status == "ok", report.document.error
    assert report.document.text.strip()


def test_merged_ranges_keep_text_in_the_top_left_cell():
    grid = SheetGrid("s", 1, rows=[["一级指标", "二级指标", "三级指标"], ["产出", "数量", "甲"], ["产出", "质量", "乙"]],
                     merges=[(1, 0, 2, 0)])
    rows, spans = cell_grid(grid)
    assert rows == [["一级指标", "二级指标", "三级指标"], ["产出", "数量", "甲"], ["", "质量", "乙"]]
    assert spans == {(1, 0): 1}


def test_label_pairs():
    assert label_pairs(["项目编码：", "4403", "项目名称：", "社区工作站经费"]) == ["项目编码：4403", "项目名称：社区工作站经费"]
    assert label_pairs(["公开网址：https://example.org"]) == ["公开网址：https://example.org"]
    assert label_pairs(["项目名称：", "甲", "项目类型："]) == ["项目名称：甲", "项目类型："]
    assert label_pairs(["年度资金总额：", "260.00", "234.00"]) is None     # a budget row, its label with a colon
    assert label_pairs(["其中：财政拨款", "100.00"]) is None              # a budget row, not a label row
    assert label_pairs(["产出", "数量"]) is None


def test_broken_and_empty_workbooks_fail_with_a_reason(tmp_path):
    import openpyxl
    empty = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(empty)
    doc = read_document(empty)
    assert doc.status == "failed" and doc.error.startswith("workbook has no text")
    broken = tmp_path / "broken.xlsx"
    data = empty.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    doc = read_document(broken)
    assert doc.status == "failed" and doc.error


def test_hidden_sheets_are_named_and_big_sheets_cut(tmp_path, monkeypatch):
    import openpyxl
    from extract.readers import workbook
    wb = openpyxl.Workbook()
    ws = wb.active
    for i in range(30):
        ws.append([f"项目{i}", i, i * 2])
    hidden = wb.create_sheet("代码表")
    hidden.append(["内部代码", 1])
    hidden.sheet_state = "hidden"
    path = tmp_path / "big.xlsx"
    wb.save(path)
    monkeypatch.setattr(workbook, "MAX_ROWS", 10)
    doc = read_document(path)
    assert doc.status == "ok" and "内部代码" not in doc.text
    assert "hidden sheet(s) not read: 代码表" in doc.warnings
    assert doc.truncated and "Sheet" in doc.truncated
    assert "项目9" in doc.text and "项目10" not in doc.text
