""".docx tables read from their cell structure: merged, nested, content controls, `|` in a cell."""
from __future__ import annotations

import copy
from decimal import Decimal

import docx
from docx.oxml.ns import qn
from lxml import etree

from extract.process import process
from extract.readers import read_document

HEAD = ["某某县档案馆2024年度馆藏档案数字化项目支出绩效自评报告", "一、项目基本情况", "项目资金情况如下。"]


def _wrap_in_sdt(el) -> None:
    """Put an element inside a content control (<w:sdt><w:sdtPr/><w:sdtContent>el</w:sdtContent></w:sdt>)."""
    sdt = etree.SubElement(el.getparent(), qn("w:sdt"))
    el.addprevious(sdt)
    etree.SubElement(sdt, qn("w:sdtPr"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    content.append(el)


def _save(d, tmp_path, name="t.docx"):
    path = tmp_path / name
    d.save(path)
    return read_document(path)


def test_pipe_inside_a_cell_does_not_shift_columns(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    for c, val in enumerate(["指标", "指标值", "完成值"]):
        t.cell(0, c).text = val
    for c, val in enumerate(["办件量 | 件", "≥100", "120"]):
        t.cell(1, c).text = val
    doc = _save(d, tmp_path)
    assert doc.tables[0].row_texts() == [["指标", "指标值", "完成值"], ["办件量 | 件", "≥100", "120"]]
    assert [c.col for c in doc.tables[0].rows[1]] == [0, 1, 2]
    cell = doc.tables[0].rows[1][0]
    assert doc.text[cell.start:cell.end] == "办件量 | 件"


def test_vertical_merge_keeps_text_in_first_row_and_columns(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=4, cols=4)
    for c, val in enumerate(["一级指标", "二级指标", "三级指标", "分值"]):
        t.cell(0, c).text = val
    merged = t.cell(1, 0).merge(t.cell(3, 0))
    merged.text = "产出指标"
    rows = [["数量指标", "档案数字化数量", "20"], ["质量指标", "数字化合格率", "20"], ["时效指标", "完成时间", "10"]]
    for r, vals in enumerate(rows, start=1):
        for c, val in enumerate(vals, start=1):
            t.cell(r, c).text = val
    doc = _save(d, tmp_path)
    texts = doc.tables[0].row_texts()
    assert texts[1] == ["产出指标", "数量指标", "档案数字化数量", "20"]
    assert texts[2] == ["", "质量指标", "数字化合格率", "20"]
    assert [c.col for c in doc.tables[0].rows[3]] == [0, 1, 2, 3]


def test_content_controls_nested_tables_and_order(tmp_path):
    d = docx.Document()
    d.add_paragraph("第一段")
    sdt_para = d.add_paragraph("控件里的段落")
    _wrap_in_sdt(sdt_para._p)
    t = d.add_table(rows=3, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "项目", "说明"
    t.cell(1, 0).text = "控件单元格"
    t.cell(1, 1).text = "值"
    t.cell(2, 0).text = "明细"
    inner = t.cell(2, 1).add_table(rows=2, cols=2)
    for r, vals in enumerate([["甲", "1"], ["乙", "2"]]):
        for c, val in enumerate(vals):
            inner.cell(r, c).text = val
    _wrap_in_sdt(t.rows[1]._tr.tc_lst[1])                         # a cell-level content control
    _wrap_in_sdt(t._tbl.tr_lst[2])                                # a row-level content control
    d.add_paragraph("表后段落")
    doc = _save(d, tmp_path)
    texts = [doc.text[p.start:p.end] for p in doc.paragraphs]
    assert texts[0] == "第一段" and texts[1] == "控件里的段落" and texts[-1] == "表后段落"
    rows = doc.tables[0].row_texts()
    assert rows[1] == ["控件单元格", "值"]
    assert rows[2][0] == "明细" and rows[2][1].endswith("甲 1；乙 2")
    assert [p.kind for p in doc.paragraphs] == ["text", "text", "table", "table", "table", "text"]


def test_frame_table_is_unwrapped(tmp_path):
    """A one-cell table used as a frame around the real 自评表: the inner table is read as a table."""
    d = docx.Document()
    d.add_paragraph(HEAD[0])
    frame = d.add_table(rows=1, cols=1)
    cell = frame.cell(0, 0)
    cell.text = "单位：万元"
    inner = cell.add_table(rows=3, cols=4)
    rows = [["项目资金", "年初预算数", "全年预算数", "全年执行数"], ["年度资金总额", "100.00", "120.00", "110.00"],
            ["其中：财政拨款", "100.00", "120.00", "110.00"]]
    for r, vals in enumerate(rows):
        for c, val in enumerate(vals):
            inner.cell(r, c).text = val
    doc = _save(d, tmp_path)
    assert len(doc.tables) == 1 and doc.tables[0].row_texts() == rows
    assert doc.tables[0].caption == "单位：万元"


def test_page_breaks_count_pages(tmp_path):
    from docx.enum.text import WD_BREAK
    d = docx.Document()
    d.add_paragraph("封面")
    d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("正文")
    doc = _save(d, tmp_path)
    assert doc.pages == 2
    p = [x for x in doc.paragraphs if doc.text[x.start:x.end] == "正文"][0]
    assert p.page == 2 and doc.page_starts[1] == p.start


def test_budget_block_from_merged_docx_table(tmp_path):
    """A 自评表 budget block with a vertically merged 项目资金 label reads its budget lines."""
    d = docx.Document()
    for para in HEAD:
        d.add_paragraph(para)
    t = d.add_table(rows=3, cols=5)
    for c, val in enumerate(["年初预算数", "全年预算数", "全年执行数"], start=2):
        t.cell(0, c).text = val
    label = t.cell(0, 0).merge(t.cell(2, 0))      # 项目资金 spans the header and the data rows
    label.text = "项目资金（万元）"
    for r, vals in enumerate([["年度资金总额", "100.00", "120.00", "110.00"],
                              ["其中：财政拨款", "100.00", "120.00", "110.00"]], start=1):
        for c, val in enumerate(vals, start=1):
            t.cell(r, c).text = val
    path = tmp_path / "budget.docx"
    d.save(path)
    report = process(path)
    lines = [(x["row"], x["budget"], x["spent"], x["unit"]) for x in report.budget_lines]
    assert ("年度资金总额", "120.00", "110.00", "万元") in lines
    assert report.document.status == "ok"
    assert any(f.value == Decimal("120.00") and f.unit == "万元" for f in report.figures)
