"""Is the text cut short (extract/truncation.py)?  Real-looking endings: a web page saved half-way, a complete
report ending in its date or seal line, a report ending with a table, page furniture after the last line."""
from __future__ import annotations

import pytest

from extract.model import Document, Paragraph
from extract.truncation import mark_truncated, reason

BODY = ("一、部门基本情况\n本单位内设办公室、财务股和业务股3个股室。\n"
        "二、收入支出预算总体情况\n2024年收入预算总计329.95万元，支出预算总计329.95万元。\n")


def _doc(text: str, table_rows: int = 0) -> Document:
    """A document whose paragraphs are its lines; the last `table_rows` lines are table rows."""
    doc = Document(source="t.txt", doc_id="t", status="ok", text=text)
    pos, lines = 0, text.split("\n")
    n = len([ln for ln in lines if ln.strip()])
    seen = 0
    for ln in lines:
        if ln.strip():
            seen += 1
            kind = "table" if seen > n - table_rows else "text"
            doc.paragraphs.append(Paragraph(start=pos, end=pos + len(ln), page=1, kind=kind))
        pos += len(ln) + 1
    return doc


@pytest.mark.parametrize("tail, why", [
    ("三、支出预算情况\n2024年支出预算329.95万元，其中基本支出286.15万元,项", "mid-sentence"),   # a page saved half-way
    ("三、一般公共预算支出情况\n具体情况如下：", "announces more"),
    ("三、一般公共预算支出情况\n2024年一般公共预算支出329.95万元。\n2、", "bare heading number"),
    ("| 科目 | 金额 |\n| 基本支出 | 286.15", "table row"),
    # a web page cut inside its last heading (samples/web2 xiuying-shuiwu-2022-xiangmu): no empty section
    ("四、项目绩效情况\n项目按期完工，质量合格。\n（1）项目实施的社会效", "heading"),
])
def test_cut_texts(tail, why):
    doc = _doc(BODY + tail)
    mark_truncated(doc)
    assert doc.truncated and why in doc.truncated


@pytest.mark.parametrize("tail", [
    "三、其他重要事项的情况说明\n本单位无政府采购支出。\n特此报告。\n\n某某县水利局\n2024年3月15日",   # date line
    "三、其他重要事项的情况说明\n本单位无政府采购支出。\n某某县水利局（盖章）",                   # seal line
    "三、其他重要事项的情况说明\n本单位无政府采购支出。\n- 12 -",                                 # page number
    "三、其他重要事项的情况说明\n本单位无政府采购支出。 来源：某某县人民政府 附件下载",          # web furniture
    "三、其他重要事项的情况说明\n本单位无政府采购支出。\n特此报告。\n某某县水利局",               # signature
])
def test_complete_texts(tail):
    doc = _doc(BODY + tail)
    mark_truncated(doc)
    assert doc.truncated is None, doc.truncated


def test_report_ending_with_a_table(tmp_path):
    text = BODY + "附表：收支预算总表\n| 项目 | 预算数 |\n| 基本支出 | 286.15 |\n| 项目支出 | 43.80 |"
    assert reason(_doc(text, table_rows=3)) is None      # a table cell closes the text
    from tests.helpers import report_from_text           # a row the reader closes itself, tab-separated rows
    for i, table in enumerate(["| 项目 | 预算数 |\n| 基本支出 | 286.15 |\n| 项目支出 | 43.80\n",
                               "项目\t预算数\n基本支出\t286.15\n项目支出\t43.80\n"]):
        r = report_from_text(tmp_path, "某某县水利局2024年部门预算公开说明\n" + BODY + "附表\n" + table, name=f"t{i}.txt")
        assert r.document.truncated is None, r.document.truncated


def test_contents_only():
    doc = _doc("目录\n一、部门基本情况……1\n二、收入支出预算总体情况……3")
    for p in doc.paragraphs:
        p.kind = "toc"
    assert "contents" in reason(doc)


def test_reader_reason_kept_and_failed_skipped():
    doc = _doc(BODY + "三、支出预算情况\n其中基本支出286.15万元,项")
    doc.truncated = "sheet(s) cut at the size limit: Sheet1"
    mark_truncated(doc)
    assert doc.truncated.startswith("sheet")
    failed = _doc(BODY + "三、支出预算情况\n其中基本支出")
    failed.status = "failed"
    mark_truncated(failed)
    assert failed.truncated is None


def test_process_marks_a_cut_web_text(tmp_path):
    from tests.helpers import report_from_text
    r = report_from_text(tmp_path, "某某县水利局2024年部门预算公开说明\n" + BODY + "三、支出预算情况\n2024年支出预算329.95万元，其中基本支出")
    assert r.document.truncated and "mid-sentence" in r.document.truncated
    whole = report_from_text(tmp_path, "某某县水利局2024年部门预算公开说明\n" + BODY + "特此说明。", name="w.txt")
    assert whole.document.truncated is None
