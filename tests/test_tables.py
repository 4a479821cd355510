"""Tables: the template examples of schemas/, the dev corpus' 自评表, and what the check engine finds in them."""
from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import tables  # noqa: E402
from extract.checks import run_checks  # noqa: E402
from extract.readers.layout import merge_continuation as _merge_continuation  # noqa: E402
from extract.model import Report  # noqa: E402
from extract.readers.rulings import GridCell  # noqa: E402
from extract.readers import read_document  # noqa: E402
from extract.rulespec import validate  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def _corpus() -> Path | None:
    for p in (ROOT / "samples" / "corpus", Path("/work/shared/corpus/dev")):
        if p.is_dir() and list(p.glob("*.expected.json")):
            return p
    return None


CORPUS = _corpus()
needs_corpus = pytest.mark.skipif(CORPUS is None, reason="no dev corpus")
EXAMPLES = validate("table_templates.examples", tomllib.loads(
    (ROOT / "schemas" / "table_templates.examples.toml").read_text(encoding="utf-8")))["example"]


def _report(path: Path) -> Report:
    doc = read_document(path)
    report = Report(document=doc)
    report.budget_lines, report.indicators = tables.read_tables(doc)
    return report


_CACHE: dict[str, Report] = {}


def _source(name: str) -> Path:
    """The .rpt source a PDF was rendered from (samples/sources/NAME.rpt or the corpus' NAME.rpt.txt)."""
    for p in (ROOT / "samples" / "sources" / f"{name}.rpt", Path("/work/shared/corpus/dev") / f"{name}.rpt.txt"):
        if p.exists():
            return p
    return ROOT / "samples" / "sources" / f"{name}.rpt"


def dev(name: str, ext: str = "pdf") -> Report:
    """The report NAME of the corpus (read once per test session)."""
    if CORPUS is None:
        pytest.skip("no dev corpus")
    key = f"{name}.{ext}"
    if key not in _CACHE:
        path = CORPUS / f"{name}.pdf" if ext == "pdf" else _source(name)
        if not path.exists():
            pytest.skip(f"{path} missing")
        _CACHE[key] = _report(path)
    return _CACHE[key]


def _none(v):
    return None if v == "None" else v


def _serious(report: Report) -> list[str]:
    return [f"{f.rule}:{f.severity}" for f in run_checks(report) if f.severity in ("error", "warning")]


# ---------------------------------------------------------------------------------------------
# the example corpus beside the templates

@pytest.mark.parametrize("ex", EXAMPLES, ids=[e["name"][:40] for e in EXAMPLES])
def test_template_examples(ex: dict, tmp_path: Path) -> None:
    src = tmp_path / "example.txt"
    src.write_text(f"{ex['caption']}\n{ex['table'].strip()}\n结束。\n", encoding="utf-8")
    report = _report(src)
    for got_list, want_list in ((report.budget_lines, ex.get("budget_lines", [])),
                                (report.indicators, ex.get("indicators", []))):
        assert len(got_list) == len(want_list), [g.get("row") or g.get("level3") for g in got_list]
        for got, want in zip(got_list, want_list):
            for k, v in want.items():
                assert got.get(k) == _none(v), (k, got)
    got_findings = sorted(f"{f.rule}:{f.severity}" for f in run_checks(report))
    assert got_findings == sorted(ex["findings"])


# ---------------------------------------------------------------------------------------------
# cells and headers

@pytest.mark.parametrize("text,op,value,unit", [
    ("≥50个", "≥", "50", "个"), ("≤24小时", "≤", "24", "小时"), ("100%", None, "100", "%"),
    ("显著提升", None, None, None), ("不低于95%", "≥", "95", "%"), ("90%以上", "≥", "90", "%"),
    ("2025年12月底前", None, None, None), ("1,240.50万元", None, "1240.50", "万元"), ("—", None, None, None),
    ("＞3 次", ">", "3", "次"),
])
def test_parse_measure(text: str, op, value, unit) -> None:
    m = tables.parse_measure(text)
    assert (m.operator, m.value, m.unit) == (op, value, unit)


@pytest.mark.parametrize("header,role", [
    ("三级指标", "level3"), ("年度指标值", "target"), ("指标值", "target"), ("实际完成值", "actual"),
    ("完成值", "actual"), ("分值", "weight"), ("权重", "weight"), ("执行率权重", "weight"), ("执行率", "rate"),
    ("预算执行率", "rate"), ("全年(调整)预算数", "budget"), ("调整后预算数", "budget"), ("年初预算数（万元）", "initial_budget"),
    ("全年执行数", "spent"), ("预算执行数", "spent"), ("偏差原因分析及改进措施", "reason"), ("指标性质", "operator"),
    ("度量单位", "measure_unit"), ("金额（元）", "amount"), ("一级指标", "level1"), ("指标", "row"),
    ("年度指标值（A）", "target"), ("实际完成值（B）", "actual"), ("分值（分）", "weight"), ("权重（%）", "weight"),
    ("指标名称", "level3"), ("实际完成数", "actual"), ("全年预算数（调整后）", "budget"), ("年度总体目标", None),
    ("项目资金（万元）", "row"),
])
def test_column_roles(header: str, role: str) -> None:
    assert tables.column_role(header) == role


def test_dashes_and_numbers() -> None:
    assert tables.parse_number("—") is None and tables.parse_number("/") is None
    assert tables.parse_number("21,473,906.58") == "21473906.58"
    assert tables.parse_number("97.46%") == "97.46"
    assert tables.parse_number("10分") == "10"


# ---------------------------------------------------------------------------------------------
# cross-page merging (cleaning._merge_continuation)

def _grid_row(texts: list[str], xs: list[float], cols: list[int], y: float) -> tuple[int, list]:
    cells = []
    for t, x, c in zip(texts, xs, cols):
        cells.append(GridCell(0, c, (x, y, x + 40, y + 12), [(ch, (x + i, y, x + i + 1, y + 10))
                                                             for i, ch in enumerate(t)]))
    return (1, cells)


def test_merge_drops_repeated_block_header_and_glues_split_row() -> None:
    xs = [10, 60, 110, 160]
    head = ["一级指标", "三级指标", "分值", "偏差原因"]
    prev = [_grid_row(["项目资金", "年初预算数", "全年预算数", "全年执行数"], xs, [0, 2, 4, 6], 0),
            _grid_row(head, xs, [0, 1, 3, 5], 20),
            _grid_row(["产出指标", "造林面积", "10", "因低温"], xs, [0, 1, 3, 5], 40)]
    nxt = [_grid_row(head, xs, [0, 1, 2, 3], 0),
           _grid_row(["", "", "", "推迟作业"], xs, [0, 1, 2, 3], 20),
           _grid_row(["效益指标", "覆盖率", "10", "无"], xs, [0, 1, 2, 3], 40)]
    rows = _merge_continuation(prev, nxt)
    assert len(rows) == 1
    assert [c.col for c in rows[0][1]] == [0, 1, 3, 5]          # columns of the block above
    assert "".join(ch for ch, _ in prev[-1][1][3].chars) == "因低温推迟作业"


def test_merge_glues_the_tail_of_a_row_cut_by_the_page() -> None:
    """`补贴机具 | ≥1200台 | 1236台 | 10 | 10` / next page `数量 | （套） | （套）`: one row, not two."""
    xs = [10, 60, 110, 160, 210, 260]
    prev = [_grid_row(["产出指标", "补贴机具", "≥1200台", "1236台", "10", "10"], xs, [0, 1, 2, 3, 4, 5], 0)]
    nxt = [_grid_row(["", "数量", "（套）", "（套）", "", ""], xs, [0, 1, 2, 3, 4, 5], 0),
           _grid_row(["", "作业面积", "≥5万亩", "5.2万亩", "10", "10"], xs, [0, 1, 2, 3, 4, 5], 20)]
    rows = _merge_continuation(prev, nxt)
    assert len(rows) == 1 and "".join(ch for ch, _ in rows[0][1][1].chars) == "作业面积"
    cells = ["".join(ch for ch, _ in c.chars) for c in prev[-1][1]]
    assert cells[1:4] == ["补贴机具数量", "≥1200台（套）", "1236台（套）"]


# ---------------------------------------------------------------------------------------------
# the dev corpus

def _expected(name: str) -> dict:
    return json.loads((CORPUS / f"{name}.expected.json").read_text(encoding="utf-8"))


def _with_indicators() -> list[str]:
    if CORPUS is None:
        return []
    return sorted(p.name[:-len(".expected.json")] for p in CORPUS.glob("*.expected.json")
                  if json.loads(p.read_text(encoding="utf-8")).get("indicators"))


@needs_corpus
@pytest.mark.parametrize("name", _with_indicators())
def test_dev_indicators_match_expected(name: str) -> None:
    got = [(i["level3"], i["weight"], i["score"]) for i in dev(name).indicators]
    want = [tuple(x) for x in _expected(name)["indicators"]]
    norm = lambda rows: [(a, str(Decimal(b).normalize()), str(Decimal(c).normalize()))  # noqa: E731
                         for a, b, c in rows]
    assert norm(got) == norm(want)


def _txt_twin_names() -> list[str]:
    if CORPUS is None:
        return []
    names = [p.name[:-len(".pdf")] for p in CORPUS.glob("*.pdf")]
    return sorted(n for n in names if _source(n).exists() and "| " in _source(n).read_text(encoding="utf-8"))


BUDGET_KEYS = ("row", "initial_budget", "budget", "spent", "unit", "weight", "rate", "score", "reason")
IND_KEYS = ("level1", "level2", "level3", "operator", "target", "target_unit", "target_text", "actual",
            "actual_unit", "actual_text", "weight", "score", "reason")


@needs_corpus
@pytest.mark.parametrize("name", _txt_twin_names())
def test_pdf_tables_equal_their_rpt_source(name: str) -> None:
    """The PDF's tables read like the `|` tables of the .rpt.txt source it was rendered from."""
    pdf, txt = dev(name), dev(name, "txt")
    assert txt.budget_lines or txt.indicators
    assert [[b[k] for k in BUDGET_KEYS] for b in pdf.budget_lines] == \
           [[b[k] for k in BUDGET_KEYS] for b in txt.budget_lines]
    assert [[i[k] for k in IND_KEYS] for i in pdf.indicators] == [[i[k] for k in IND_KEYS] for i in txt.indicators]


@needs_corpus
def test_changde_budget_block_and_page_crossing() -> None:
    r = dev("changde-dangan-2025")
    assert [b["row"] for b in r.budget_lines] == ["年度资金总额", "其中：当年财政拨款", "上年结转资金", "其他资金"]
    head = r.budget_lines[0]
    assert (head["initial_budget"], head["budget"], head["spent"], head["weight"], head["rate"], head["score"],
            head["unit"]) == ("120", "120", "108", "10", "100", "10", "万元")
    assert {b["page"] for b in r.budget_lines} == {1, 2}
    first = r.indicators[0]
    assert (first["operator"], first["target"], first["target_unit"], first["actual"], first["actual_unit"]) == \
           ("≥", "150", "万画幅", "153.6", "万画幅")
    assert r.indicators[3]["target"] is None and r.indicators[3]["target_text"] == "2025年12月底前"


@needs_corpus
@pytest.mark.parametrize("name", ["changde-dangan-2025", "maanshan-gongce-2025"])
def test_planted_score_and_ratio_mismatch(name: str) -> None:
    found = run_checks(dev(name))
    by_rule = {f.rule: f for f in found}
    assert {f.category for f in found} == {"score_mismatch", "ratio_mismatch"}
    assert by_rule["score.total"].severity == "error" and "总分行得分" in by_rule["score.total"].message
    assert by_rule["ratio.table_rate"].category == "ratio_mismatch"
    assert by_rule["ratio.table_rate"].actual == "100"
    assert "执行率" in by_rule["ratio.table_rate"].message
    for f in found:
        assert f.fingerprint and f.pages and f.message
    # stable fingerprints
    assert [f.fingerprint for f in found] == [f.fingerprint for f in run_checks(dev(name))]


@needs_corpus
def test_changde_stated_and_computed_numbers() -> None:
    f = {x.rule: x for x in run_checks(dev("changde-dangan-2025"))}
    assert (f["score.total"].expected, f["score.total"].actual) == ("98", "92")
    assert round(Decimal(f["ratio.table_rate"].expected), 2) == Decimal("90.00")
    assert f["ratio.table_rate"].actual == "100"


@needs_corpus
@pytest.mark.parametrize("name", ["maanshan-gongce-2025", "guidong-linye-2024"])
def test_indicator_table_crossing_a_page(name: str) -> None:
    r = dev(name)
    assert len(r.indicators) == 9
    assert len({i["table"] for i in r.indicators}) == 1
    blocks = [b for b in tables.document_blocks(r.document) if b.kind == "indicator"]
    assert len(blocks) == 1 and blocks[0].total is not None and blocks[0].total["weight"] == "100"


@needs_corpus
def test_maanshan_rows_after_the_page_break() -> None:
    ind = dev("maanshan-gongce-2025").indicators
    assert [i["page"] for i in ind] == [2] * 7 + [3] * 2
    assert (ind[7]["level3"], ind[7]["target_text"], ind[7]["actual_text"], ind[7]["weight"], ind[7]["score"]) == \
           ("长效管护机制", "健全", "基本健全", "10", "6")
    assert ind[4]["actual"] == "1.89"          # no space in `1.89` from the low period box


@needs_corpus
def test_cangxi_weight_columns() -> None:
    r = dev("cangxi-wenlv-2024")
    assert all(i["weight"] == "10" for i in r.indicators)
    head = r.budget_lines[0]
    assert (head["row"], head["weight"], head["score"], head["rate"]) == ("部门整体支出", "10", "8.58", "85.85")
    rules = {(f.rule, f.severity) for f in run_checks(r)}
    assert rules == {("reason.low_execution", "warning")}


@needs_corpus
@pytest.mark.parametrize("name,rows", [
    ("wushan-tushuguan-2025", [("合计", "312.46", "358.26", "349.71", "97.61"),
                               ("基本支出", "270.16", "280.16", "277.66", "99.11"),
                               ("项目支出", "42.30", "78.10", "72.05", "92.25")]),
    ("pengxi-nongye-2025", [("部门整体支出", "4860.00", "4860.00", "4213.50", "87.07"),
                            ("其中：基本支出", "1136.80", "1136.80", "1136.80", "100.00"),
                            ("项目支出", "3723.20", "3723.20", "3094.70", "83.12")]),
])
def test_budget_structure_tables(name: str, rows: list[tuple]) -> None:
    r = dev(name)
    assert [(b["row"], b["initial_budget"], b["budget"], b["spent"], b["rate"]) for b in r.budget_lines] == rows
    assert {b["unit"] for b in r.budget_lines} == {"万元"}
    assert r.indicators == []


@needs_corpus
def test_pengxi_rate_and_reason() -> None:
    found = {(f.rule, f.category, f.severity) for f in run_checks(dev("pengxi-nongye-2025"))}
    assert ("ratio.table_rate", "ratio_mismatch", "error") in found   # 4213.50 / 4860.00 = 86.70%, not 87.07%
    assert ("reason.low_execution", "missing_reason", "warning") in found


@needs_corpus
def test_jiangmen_composition_table() -> None:
    r = dev("jiangmen-sifa-2023")
    assert [(b["row"], b["spent"], b.get("share")) for b in r.budget_lines] == [
        ("基本支出", "21473906.58", "56.68"), ("其中：人员经费", "18936420.15", "49.98"),
        ("公用经费", "2537486.43", "6.70"), ("项目支出", "16412634.34", "43.32"),
        ("合计", "37886540.92", "100.00")]
    assert {b["unit"] for b in r.budget_lines} == {"元"}


@needs_corpus
@pytest.mark.parametrize("name", ["guidong-linye-2024", "wushan-tushuguan-2025", "jiangmen-sifa-2023",
                                  "hengyang-shuili-2024"])
def test_consistent_tables_raise_nothing(name: str) -> None:
    assert _serious(dev(name)) == []


@needs_corpus
def test_txt_pipe_table() -> None:
    r = dev("guidong-linye-2024", "txt")
    assert len(r.indicators) == 9 and r.indicators[4]["score"] == "9.5"
    assert r.budget_lines[0]["row"] == "年度资金总额" and r.budget_lines[0]["unit"] == "万元"
    assert _serious(r) == []


# ---------------------------------------------------------------------------------------------
# merged cells in a ruled PDF grid (pdf_layout._link_merged)

def _merged_pdf(path: Path) -> None:
    """A 自评表 whose 一级/二级指标 cells span rows, the way departments draw them (reportlab SPAN)."""
    rl = pytest.importorskip("reportlab")
    del rl
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    st = ParagraphStyle("b", fontName="STSong-Light", fontSize=9, leading=12)
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因"],
            ["产出指标", "数量指标", "人工造林面积", "≥1.2万亩", "1.26万亩", "20", "20", "无"],
            ["", "", "森林抚育面积", "≥3.2万亩", "2.9万亩", "20", "18", "低温冰冻"],
            ["", "质量指标", "造林成活率", "≥90%", "93.2%", "20", "20", "无"],
            ["效益指标", "社会效益指标", "护林员人数", "≥180人", "186人", "20", "20", "无"],
            ["", "", "覆盖率", "≥86%", "86.3%", "20", "20", "无"],
            ["总分", "", "", "", "", "100", "98", ""]]
    t = Table([[Paragraph(c, st) for c in r] for r in rows], colWidths=[50, 55, 70, 60, 60, 35, 35, 70])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("SPAN", (0, 1), (0, 3)), ("SPAN", (1, 1), (1, 2)), ("SPAN", (0, 4), (0, 5)),
                           ("SPAN", (1, 4), (1, 5)), ("SPAN", (0, 6), (4, 6))]))
    SimpleDocTemplate(str(path), pagesize=A4).build([Paragraph("部门整体支出绩效自评表如下：", st), t])


def test_vertically_merged_cells_inherit(tmp_path: Path) -> None:
    pdf = tmp_path / "merged.pdf"
    _merged_pdf(pdf)
    r = _report(pdf)
    assert [(i["level1"], i["level2"], i["level3"]) for i in r.indicators] == [
        ("产出指标", "数量指标", "人工造林面积"), ("产出指标", "数量指标", "森林抚育面积"),
        ("产出指标", "质量指标", "造林成活率"), ("效益指标", "社会效益指标", "护林员人数"),
        ("效益指标", "社会效益指标", "覆盖率")]
    assert [i["score"] for i in r.indicators] == ["20", "18", "20", "20", "20"]
    assert _serious(r) == []


def _long_table_pdf(path: Path, paragraphs: int) -> None:
    """An indicator table that starts low on page 1 and goes on, under a repeated header, on page 2."""
    pytest.importorskip("reportlab")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    st = ParagraphStyle("b", fontName="STSong-Light", fontSize=10.5, leading=16)
    rows = [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]]
    rows += [["产出指标", "数量指标", f"指标{k + 1}", "≥10个", "10个", "10", "10", "无"] for k in range(8)]
    rows += [["效益指标", "社会效益指标", "长效机制建设情况", "健全", "基本健全", "10", "8", "考核细则尚未出台，" * 6],
             ["满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", "10", "10", "无"],
             ["总分", "", "", "", "", "100", "98", ""]]
    t = Table([[Paragraph(c, st) for c in r] for r in rows], colWidths=[50, 55, 70, 55, 55, 30, 30, 120],
              repeatRows=1)
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("SPAN", (0, -1), (4, -1))]))
    text = "本单位按照年度工作安排，扎实推进各项重点任务，预算执行总体平稳，资金使用规范有序。" * 3
    SimpleDocTemplate(str(path), pagesize=A4).build(
        [Paragraph(text, st) for _ in range(paragraphs)] + [Paragraph("自评表如下：", st), t])


def test_table_across_pages_with_repeated_header(tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    _long_table_pdf(pdf, 6)
    r = _report(pdf)
    assert len(r.document.tables) == 1
    assert [i["level3"] for i in r.indicators][-2:] == ["长效机制建设情况", "群众满意度"]
    assert len(r.indicators) == 10 and {i["page"] for i in r.indicators} == {1, 2}
    assert _serious(r) == []


@needs_corpus
@pytest.mark.parametrize("stated,want", [
    ("92", [("98", "92", "自评得分")]),                 # the 总分 row repeats the 自评得分: one finding
    ("98", [("98", "92", "自评表总分行得分")]),         # Σ = 自评得分, the 总分 row is the odd one out
    ("95", [("98", "95", "自评得分"), ("98", "92", "自评表总分行得分")]),
])
def test_total_score_against_self_score_and_total_row(stated: str, want: list) -> None:
    from extract.model import FieldValue
    base = dev("changde-dangan-2025")
    report = Report(document=base.document, budget_lines=base.budget_lines, indicators=base.indicators,
                    fields={"self_score": FieldValue("self_score", Decimal(stated), "分")})
    found = [f for f in run_checks(report) if f.rule == "score.total"]
    assert [(f.expected, f.actual, "自评表总分行得分" if "总分行" in f.message else "自评得分") for f in found] == want
    assert {f.category for f in found} == {"score_mismatch"}


@needs_corpus
def test_finding_section_is_the_innermost_holding_the_table() -> None:
    from extract.model import Section
    base = dev("maanshan-gongce-2025")
    t = base.document.tables[0]
    n = len(base.document.text)
    sections = [Section("s1", None, 1, "三、", "综合评价", None, 2, 0, n, 5),
                Section("s2", "s1", 2, "（一）", "自评表", None, 2, t.start - 5, t.end + 5, t.start - 1),
                Section("s3", "s1", 2, "（二）", "其他", None, 3, t.end + 5, n, t.end + 6)]
    report = Report(document=base.document, sections=sections, budget_lines=base.budget_lines,
                    indicators=base.indicators)
    found = run_checks(report)
    assert found and {f.section for f in found} == {"s2"}


def test_budget_block_continued_under_a_grid_with_more_columns() -> None:
    """tonglu (LibreOffice): the budget block breaks after its first row; page 2's grid also holds the
    indicator block, whose column lines renumber the continued rows unless they are realigned."""
    r = _report(ROOT / "samples" / "heldout" / "tonglu-litang-2025-lo.pdf")
    rows = [(b["row"], b["initial_budget"], b["budget"], b["spent"], b["page"]) for b in r.budget_lines]
    assert rows == [("年度资金总额", "480", "444", "431.52", 1), ("其中：财政拨款", "480", "444", "431.52", 2),
                    ("上年结转资金", "0", "0", "0", 2), ("其他资金", "0", "0", "0", 2)]
    assert all(b["weight"] is None for b in r.budget_lines[1:])
    assert len(r.indicators) == 10
