"""The same path for .docx and .txt input: outline, figures (also from tables), fields."""
from __future__ import annotations

from decimal import Decimal

from extract.process import process

BODY = [
    "某某县档案馆2024年度部门整体支出绩效自评报告",
    "一、部门基本情况",
    "馆内设办公室、保管部、利用部3个部室，核定编制15名，年末在编在岗14人，退休人员6人。",
    "二、部门整体支出情况",
    "2024年全年预算数500.00万元，全年执行数480.00万元，预算执行率96.00%。",
]
TABLE = [["支出项目", "金额（万元）", "占比"], ["基本支出", "300.00", "62.50%"], ["项目支出", "180.00", "37.50%"]]


def _check(report):
    assert report.document.status == "ok"
    assert report.meta.year == 2024 and report.meta.department == "某某县档案馆"
    assert [s.number for s in report.sections] == ["一、", "二、", "三、"]
    f = {k: v.value for k, v in report.fields.items()}
    assert f["internal_units"] == 3 and f["staff_quota"] == 15 and f["staff_actual"] == 14
    assert f["total_budget"] == Decimal("5000000") and f["execution_rate"] == Decimal("96.00")
    assert f["basic_expenditure"] == Decimal("3000000")            # from the table, unit in the header
    cells = [x for x in report.figures if x.table]
    assert [(str(x.value), x.unit) for x in cells if x.kind == "money"] == [("300.00", "万元"), ("180.00", "万元")]
    for x in report.figures:
        assert report.document.text[x.start:x.end] == x.text


def test_docx(tmp_path):
    import docx
    d = docx.Document()
    for para in BODY:
        d.add_paragraph(para)
    t = d.add_table(rows=len(TABLE), cols=3)
    for r, row in enumerate(TABLE):
        for c, val in enumerate(row):
            t.cell(r, c).text = val
    d.add_paragraph("三、其他需要说明的情况")
    path = tmp_path / "r.docx"
    d.save(path)
    report = process(path)
    assert report.document.file_type == "docx"
    _check(report)


def test_docx_merged_cells_keep_columns(tmp_path):
    """A cell merged across columns (gridSpan) must not shift the cells after it to the left."""
    import docx
    d = docx.Document()
    for para in BODY:
        d.add_paragraph(para)
    t = d.add_table(rows=3, cols=4)
    for c, val in enumerate(["项目", "年初预算数", "全年预算数", "全年执行数"]):
        t.cell(0, c).text = val
    merged = t.cell(1, 0).merge(t.cell(1, 1))
    merged.text = "年度资金总额（万元）"
    t.cell(1, 2).text, t.cell(1, 3).text = "500.00", "480.00"
    for c, val in enumerate(["其中：财政拨款", "500.00", "500.00", "480.00"]):
        t.cell(2, c).text = val
    path = tmp_path / "merged.docx"
    d.save(path)
    report = process(path)
    table = report.document.tables[0]
    assert [c.text for c in table.rows[1]] == ["年度资金总额（万元）", "", "500.00", "480.00"]
    assert [c.col for c in table.rows[1]] == [0, 1, 2, 3]


def test_txt_with_pipe_table(tmp_path):
    text = "\n".join(BODY + ["| " + " | ".join(r) + " |" for r in TABLE] + ["三、其他需要说明的情况"])
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    report = process(path)
    assert report.document.file_type == "txt" and len(report.document.tables) == 1
    _check(report)


def test_a_failing_stage_keeps_the_rest(tmp_path, monkeypatch):
    """A bug in one stage makes the document partial with the stage named; earlier stages are kept."""
    from extract import fields

    def boom(report):
        raise ValueError("unexpected layout")
    monkeypatch.setattr(fields, "map_fields", boom)
    path = tmp_path / "r.txt"
    path.write_text("\n".join(BODY), encoding="utf-8")
    report = process(path)
    assert report.document.status == "partial"
    assert "fields stage failed: ValueError: unexpected layout" in report.document.error
    assert report.sections and report.figures and not report.fields
