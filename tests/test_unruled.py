"""Tables aligned by whitespace (readers/unruled.py) and rules the ruling reader used to miss.

Synthetic pages are drawn with reportlab's canvas at chosen x positions (no rules), the way a table
exported without grid lines prints; the negative pages (prose, contents, two columns, a cover) must
stay text.  The real pages come from samples/real/ (深圳 司法局: tables drawn inside a form XObject).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pypdfium2 as pdfium  # noqa: E402

from extract.process import process  # noqa: E402
from extract.readers import pdf_page, read_document  # noqa: E402
from extract.readers.unruled import find_tables  # noqa: E402

REAL = ROOT / "samples" / "real"
SHENZHEN = REAL / "calinchow-del__shenzhen-sifa-2026-yusuan.pdf"
H = 842.0   # A4 height in points


def _pdf(path: Path, draw: Callable) -> Path:
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=A4)
    draw(c)
    c.save()
    return path


def _text(c, x: float, top: float, s: str, size: float = 10.5, right: bool = False, space: float = 0.0) -> None:
    """`s` with its top at `top` (from the page top); `right`: x is the right edge."""
    c.setFont("STSong-Light", size)
    if space:
        t = c.beginText(x, H - top - size * 0.88)
        t.setFont("STSong-Light", size)
        t.setCharSpace(space)
        t.textOut(s)
        c.drawText(t)
    elif right:
        c.drawRightString(x, H - top - size * 0.88, s)
    else:
        c.drawString(x, H - top - size * 0.88, s)


def _rows(c, top: float, rows: list[list[str]], xs: list[tuple[float, bool]], pitch: float = 20.0,
          size: float = 10.5) -> float:
    for row in rows:
        for cell, (x, right) in zip(row, xs):
            if cell:
                _text(c, x, top, cell, size, right)
        top += pitch
    return top


def _cells(table) -> list[list[str]]:
    return [[c.text for c in row] for row in table.rows]


# ---------------------------------------------------------------------------------------------
# tables found

BUDGET_X = [(80, False), (330, True), (420, True), (510, True)]


def _budget_page(c) -> None:
    _text(c, 80, 70, "一、部门预算收支情况")
    _text(c, 100, 95, "本部门2024年收支预算如下表所示，资金全部为财政拨款，较上年略有增长。")
    _text(c, 510, 125, "单位：万元", right=True)
    top = _rows(c, 145, [["项目", "年初预算数", "全年预算数", "全年执行数"],
                         ["1.一般公共预算拨款", "1,200.00", "1,250.50", "1,180.25"],
                         ["2.政府性基金预算拨款", "0.00", "0.00", "0.00"],
                         ["二、财政专户管理资金", "35.00", "35.00", "30.10"],
                         ["合计", "1,235.00", "1,285.50", "1,210.35"]], BUDGET_X)
    _text(c, 100, top + 15, "以上数据均为全年执行数，执行情况总体良好。")
    _text(c, 80, top + 40, "二、其他需要说明的情况")
    _text(c, 100, top + 65, "本部门无其他需要说明的情况。")


def test_unruled_budget_table(tmp_path: Path) -> None:
    r = process(_pdf(tmp_path / "budget.pdf", _budget_page))
    [t] = r.document.tables
    assert _cells(t) == [["项目", "年初预算数", "全年预算数", "全年执行数"],
                         ["1.一般公共预算拨款", "1,200.00", "1,250.50", "1,180.25"],
                         ["2.政府性基金预算拨款", "0.00", "0.00", "0.00"],
                         ["二、财政专户管理资金", "35.00", "35.00", "30.10"],
                         ["合计", "1,235.00", "1,285.50", "1,210.35"]]
    assert "单位：万元" in t.caption
    # the rows are table rows, not headings; the text around the table stays paragraphs
    assert [s.title for s in r.sections] == ["部门预算收支情况", "其他需要说明的情况"]
    assert "以上数据均为全年执行数" in r.document.text
    # the tables stage and the figures read it like a ruled grid: amounts in 万元 from the caption
    line = next(ln for ln in r.budget_lines if ln["row"] == "1.一般公共预算拨款")
    assert (line["initial_budget"], line["budget"], line["spent"], line["unit"]) == ("1200.00", "1250.50", "1180.25", "万元")
    fig = next(f for f in r.figures if f.text == "1,250.50")
    assert (str(fig.value), fig.unit, fig.table) == ("1250.50", "万元", t.id)
    # every cell keeps its boxes on the page
    cell = t.rows[1][2]
    assert cell.bbox is not None and 380 < cell.bbox[0] < cell.bbox[2] <= 421


def _wrapped_page(c) -> None:
    _text(c, 80, 70, "三、项目支出情况")
    _text(c, 510, 100, "单位：万元", right=True)
    top = _rows(c, 120, [["项目", "全年预算数", "全年执行数"],
                         ["律师管理", "2,428.68", "2,400.00"],
                         ["公共法律服务", "134.45", "130.00"],
                         ["国家统一法律职业", "500.00", "480.00"]], [(80, False), (330, True), (440, True)])
    _text(c, 80, top - 20 + 12, "资格考试")          # the label's second line, set close under the first
    _rows(c, top + 12, [["社区矫正", "146.07", "146.07"], ["法治建设", "2,059.37", "2,000.00"]],
          [(80, False), (330, True), (440, True)])


def test_wrapped_cell_stays_one_cell(tmp_path: Path) -> None:
    doc = read_document(_pdf(tmp_path / "wrapped.pdf", _wrapped_page))
    [t] = doc.tables
    assert [row[0] for row in _cells(t)] == ["项目", "律师管理", "公共法律服务", "国家统一法律职业资格考试",
                                            "社区矫正", "法治建设"]
    assert _cells(t)[3] == ["国家统一法律职业资格考试", "500.00", "480.00"]


TARGET_ROWS = [["产出指标", "数量指标", "检查档案数量", "≥", "30", "套"],
               ["产出指标", "质量指标", "验收合格率", "＝", "100", "%"],
               ["效益指标", "社会效益指标", "保护档案原件", "定性", "优", ""],
               ["产出指标", "数量指标", "刊物印刷期数", "＝", "12", "期/年"],
               ["满意度指标", "服务对象满意度指标", "档案查阅人员满意度", "≥", "90", "%"]]


@pytest.mark.parametrize("header", [
    ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"],    # 北京 绩效目标表
    ["一级指标", "二级指标", "三级指标", "", "年度指标值", ""],               # sign and unit without a header
])
def test_operator_and_unit_columns_stay_with_their_value(tmp_path: Path, header: list[str]) -> None:
    xs = [(60, False), (115, False), (215, False), (350, False), (430, True), (445, False)]

    def page(c) -> None:
        _text(c, 60, 70, "项目支出绩效目标表")
        _rows(c, 100, [header], [(60, False), (115, False), (215, False), (340, False), (435, True), (445, False)],
              size=9)
        _rows(c, 120, TARGET_ROWS, xs, size=9)

    r = process(_pdf(tmp_path / "targets.pdf", page))
    [t] = r.document.tables
    assert t.rows[1][3].text == "≥" and t.rows[1][5].text == "套"       # their own columns in the grid
    got = [(i["level3"], i["operator"], i["target"], i["target_unit"]) for i in r.indicators]
    assert got == [("检查档案数量", "≥", "30", "套"), ("验收合格率", "=", "100", "%"), ("保护档案原件", None, None, None),
                   ("刊物印刷期数", "=", "12", "期/年"), ("档案查阅人员满意度", "≥", "90", "%")]


def test_table_begun_at_the_foot_of_a_page(tmp_path: Path) -> None:
    """A 自评表 whose header and first row close page 1 and whose other rows open page 2."""
    xs = [(80, False), (140, False), (225, False), (345, True), (410, True), (450, True), (490, True)]
    rows = [["产出指标", "数量指标", "补贴机具数量", "≥1200台", "1236台", "20", "20"],
            ["产出指标", "质量指标", "补贴机具核验率", "100%", "100%", "20", "20"],
            ["效益指标", "经济效益指标", "作业服务收入", "逐步提高", "有所提高", "30", "27"],
            ["满意度指标", "服务对象满意度", "农户满意度", "≥90%", "95%", "30", "30"]]

    def draw(c) -> None:
        for k, line in enumerate(PROSE * 6):
            _text(c, 80, 70 + 20 * k, line)
        _rows(c, 700, [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]], xs, size=9)
        _rows(c, 720, rows[:1], xs, size=9)
        c.showPage()
        _rows(c, 70, rows[1:], xs, size=9)
        _text(c, 100, 150, "本项目自评得分97分。")

    r = process(_pdf(tmp_path / "foot.pdf", draw))
    assert len(r.document.tables) == 1
    assert [(i["level3"], i["score"]) for i in r.indicators] == [
        ("补贴机具数量", "20"), ("补贴机具核验率", "20"), ("作业服务收入", "27"), ("农户满意度", "30")]


# ---------------------------------------------------------------------------------------------
# text that must stay text

PROSE = ["本部门认真贯彻落实预算法及其实施条例，严格执行年度预算，全年收入合计",
         "2,131.61万元，其中财政拨款收入1,980.00万元，占92.9%；其他收入151.61万元。",
         "支出合计2,100.35万元，其中基本支出1,402.18万元，项目支出698.17万元，",
         "预算执行率98.5%，较上年提高1.2个百分点，资金使用效益进一步提升。",
         "下一步，本部门将继续加强预算绩效管理，提高财政资金使用效益。"]


def _justified(c) -> None:
    for k, line in enumerate(PROSE * 2):     # letter-spaced to fill the measure, as justified text is
        _text(c, 80, 80 + 20 * k, line, space=1.5 if k % 2 else 4.0)
    _text(c, 80, 300, "生 健 康 支 出 80.52 万 元 、 自 然 资 源 海 洋 气 象 等 支 出")


def _contents(c) -> None:
    _text(c, 260, 60, "目  录")
    entries = ["第一部分 部门概况", "一、部门职责", "二、机构设置", "第二部分 2024年度部门决算表",
               "一、收入支出决算总表", "二、收入决算表", "三、支出决算表", "第三部分 2024年度部门决算情况说明"]
    for k, e in enumerate(entries):
        _text(c, 80, 100 + 22 * k, e)
        _text(c, 515, 100 + 22 * k, str(1 + 2 * k), right=True)


def _contents_by_part(c) -> None:
    """Contents whose page numbers restart in each part (附件 numbered on their own)."""
    for k, (e, n) in enumerate([("第一部分 部门概况", 1), ("第二部分 部门决算表", 5), ("附件1 收入支出决算总表", 1),
                                ("附件2 收入决算表", 2), ("附件3 支出决算表", 3), ("附件4 财政拨款收支表", 1)]):
        _text(c, 80, 100 + 22 * k, e)
        _text(c, 515, 100 + 22 * k, str(n), right=True)


def _two_columns(c) -> None:
    left = [p[:18] for p in PROSE] + [p[18:36] for p in PROSE]
    right = [p[36:] or p[:10] for p in PROSE] + [p[5:23] for p in PROSE]
    for k, (a, b) in enumerate(zip(left, right)):
        _text(c, 60, 80 + 18 * k, a, size=9.5)
        _text(c, 320, 80 + 18 * k, b, size=9.5)


def _cover(c) -> None:
    _text(c, 150, 120, "2024年度部门整体支出绩效自评报告", size=18)
    for k, (label, value) in enumerate([("单位名称：", "桂东县林业局"), ("联系人：", "张三"),
                                        ("联系电话：", "0735-8621234"), ("资金总额：", "1,250.00万元"),
                                        ("报告日期：", "2025年3月15日")]):
        _text(c, 150, 300 + 30 * k, label, size=14)
        _text(c, 300, 300 + 30 * k, value, size=14)


def _numbered(c) -> None:
    for k, line in enumerate(["1.一般公共预算拨款收入21,785.37万元，较上年增加1,749.63万元。",
                              "2.政府性基金预算拨款收入0.00万元，与上年持平。",
                              "3.国有资本经营预算拨款收入0.00万元，与上年持平。",
                              "4.其他收入10.75万元，主要是上年结转资金。"]):
        _text(c, 80, 80 + 22 * k, line)


@pytest.mark.parametrize("draw", [_justified, _contents, _contents_by_part, _two_columns, _cover, _numbered],
                         ids=["justified prose", "contents without leaders", "contents by part", "two columns",
                              "cover", "numbered"])
def test_text_stays_text(tmp_path: Path, draw: Callable) -> None:
    doc = read_document(_pdf(tmp_path / "text.pdf", draw))
    assert doc.tables == []
    assert len(doc.text) > 60


# ---------------------------------------------------------------------------------------------
# rules the ruling reader now sees

def _grid_lines(c, xs: list[float], tops: list[float]) -> list[tuple[float, float, float, float]]:
    return [(xs[0], H - t, xs[-1], H - t) for t in tops] + [(x, H - tops[0], x, H - tops[-1]) for x in xs]


@pytest.mark.parametrize("how", ["one path", "form", "thick"])
def test_rules_drawn_other_ways(tmp_path: Path, how: str) -> None:
    xs, tops = [80, 250, 350, 450], [100, 120, 140, 160]

    def page(c) -> None:
        segs = _grid_lines(c, xs, tops)
        if how == "form":
            c.beginForm("grid")
        if how == "one path":
            p = c.beginPath()
            for x0, y0, x1, y1 in segs:
                p.moveTo(x0, y0)
                p.lineTo(x1, y1)
            c.drawPath(p, stroke=1, fill=0)
        else:
            c.setLineWidth(3.0 if how == "thick" else 0.5)
            for seg in segs:
                c.line(*seg)
        for k, row in enumerate([["项目", "年初预算数", "全年执行数"], ["基本支出", "100.00", "98.00"],
                                 ["项目支出", "50.00", "45.00"]]):
            for cell, x in zip(row, xs):
                _text(c, x + 4, tops[k] + 5, cell, size=9)
        if how == "form":
            c.endForm()
            c.doForm("grid")

    pdf = pdfium.PdfDocument(str(_pdf(tmp_path / "grid.pdf", page)))
    try:
        layout = pdf_page.read_page(pdf, 0)
    finally:
        pdf.close()
    [(_, grid)] = layout.tables
    assert (grid.ncols, len(grid.rows)) == (3, 3)
    assert ["".join(ch for ch, _ in cell.chars) for cell in grid.rows[1]] == ["基本支出", "100.00", "98.00"]


def test_text_off_the_page_is_not_read(tmp_path: Path) -> None:
    """Text drawn wholly outside the page box (a cell's clipped overflow) is not read; text inside a
    page box whose origin is not (0, 0) is."""
    from pdfgen import _stream, build_pdf
    content = (b"BT /F1 12 Tf 150 800 Td (Inside the box) Tj ET BT /F1 12 Tf 600 150 Td (Low right) Tj ET "
               b"BT /F1 12 Tf 150 990 Td (Above the box) Tj ET BT /F1 12 Tf 20 500 Td (Left of it) Tj ET")
    path = tmp_path / "offset.pdf"
    path.write_bytes(build_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [100 100 695 942] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content), b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]))
    assert read_document(path).text == "Inside the box\nLow right"


# ---------------------------------------------------------------------------------------------
# a real page

def _page(path: Path, number: int, ruled: bool = True, monkeypatch=None):
    if not ruled:
        monkeypatch.setattr(pdf_page, "grids", lambda hs, vs: [])
    pdf = pdfium.PdfDocument(str(path))
    try:
        return pdf_page.read_page(pdf, number - 1)
    finally:
        pdf.close()


def _texts(grid) -> list[list[str]]:
    return [["".join(ch for ch, _ in cell.chars if ch != " ") for cell in row] for row in grid.rows]


SHENZHEN_ROWS = [["一、财政拨款", "21,785.37", "一、公共安全支出", "16,506.29"],
                 ["1.一般公共预算拨款", "21,785.37", "司法", "16,506.29"],
                 ["2.政府性基金预算拨款", "0.00", "行政运行", "8,752.37"]]


@pytest.mark.skipif(not SHENZHEN.exists(), reason="samples/real is not in this checkout")
def test_real_page_ruled_in_a_form(monkeypatch) -> None:
    """深圳 司法局 2026 预算 表1 收支总表 (p19): its rules are inside a form XObject."""
    page = _page(SHENZHEN, 19)
    [(_, grid)] = page.tables
    assert grid.ncols == 4 and len(grid.rows) == 14
    assert _texts(grid)[2:5] == SHENZHEN_ROWS
    assert "部门名称：深圳市司法局（本级） 单位：万元" in [ln.text for ln in page.lines]


@pytest.mark.skipif(not SHENZHEN.exists(), reason="samples/real is not in this checkout")
def test_real_page_read_from_whitespace_alone(monkeypatch) -> None:
    """The same page with its rules ignored: the columns come from the alignment of the text."""
    page = _page(SHENZHEN, 19, ruled=False, monkeypatch=monkeypatch)
    [(_, grid)] = page.tables
    rows = _texts(grid)
    assert grid.ncols == 4 and len(rows) == 14
    assert rows[1] == ["项目", "2026年预算数", "项目", "2026年预算数"]
    assert rows[2:5] == SHENZHEN_ROWS
    assert rows[-1] == ["", "", "信息化建设", "10.75"]
    # the caption above the table stays a line of text (the table's caption in the document)
    assert [ln.text for ln in page.lines if "单位" in ln.text] == ["部门名称：深圳市司法局（本级） 单位：万元"]


def test_find_tables_leaves_pages_without_gaps_alone() -> None:
    line = pdf_page.Line([("一", (0, 0, 10, 10)), ("二", (10, 0, 20, 10))], 0, 0, 20, 10, 10.0)
    assert find_tables([line] * 5) == ([line] * 5, [])
