"""Evaluations: one per 绩效自评表 (or annexed 评价报告, or the document itself), and checks scoped by them."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from extract import tables
from extract.checks import run_checks
from extract.model import Cell, Document, Report, Table
from extract.process import process
from tests.helpers import report_from_text

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "samples" / "real"
_CACHE: dict[str, Report] = {}


def real(name: str) -> Report:
    path = REAL / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path} missing")
    if name not in _CACHE:
        _CACHE[name] = process(path)
    return _CACHE[name]


def _summary(report: Report) -> list[tuple]:
    return [(e.kind, e.name, _s(e.budget), _s(e.expenditure), _s(e.execution_rate), _s(e.score), e.grade, e.pages)
            for e in report.evaluations]


def _s(v):
    return None if v is None else format(v, "f")


TABLE_RULES = ("score.total", "score.weight_total", "score.group_weight", "score.grade_band", "score.budget_rate",
               "score.over_weight", "ratio.table_rate")


# ---------------------------------------------------------------------------------------------
# real documents

def test_xinfangju_four_project_forms_and_the_annexed_evaluation_report():
    r = real("calinchow-del__guojia-xinfangju-2024-juesuan")
    assert _summary(r) == [
        ("项目支出", "信访干部培训专项", "1800300", "1800300", "100.00", "98", None, [30, 31]),
        ("项目支出", "信访研究宣传立法专项", "5362000", "4135700", "77.13", "94.7", None, [32, 33]),
        ("项目支出", "资产运行维护", "1200000", "1200000", "100", "98", None, [34]),
        ("项目支出", "信息化运行维护", "16393400", "10329900", "63.01", "90.5", None, [35, 36]),
        ("项目支出", "全国信访信息系统维护费", "10185500", "7605300", "74.67", "85.19", "良", list(range(44, 51))),
    ]
    ids = [e.id for e in r.evaluations]
    assert len(set(ids)) == 5
    by_id = {e.id: e for e in r.evaluations}
    # every indicator of a form is tied to its form; each form's weights add up to its own 总分 row
    for ev in r.evaluations[:4]:
        rows = [i for i in r.indicators if i["evaluation"] == ev.id]
        head = next(b for b in r.budget_lines if b["evaluation"] == ev.id)
        assert sum(Decimal(i["weight"]) for i in rows) + Decimal(head["weight"]) == 100
        assert {i["page"] for i in rows} <= set(ev.pages)
    # the annexed report's 表1 (targets only) belongs to the report
    assert {i["evaluation"] for i in r.indicators if i["weight"] is None} == {ids[4]}
    # no score finding sums, weighs or grades one form's numbers against another's
    assert not [f for f in r.findings if f.rule in ("score.total", "score.weight_total", "score.grade_band")]
    for f in r.findings:
        if f.rule in TABLE_RULES:
            assert f.evaluation in by_id and f"“{by_id[f.evaluation].name}”" in f.message, f.message


def test_ningde_one_whole_unit_form():
    r = real("calinchow-del__ningde-zfban-2024-zhengti-zipingbiao")
    assert _summary(r) == [("部门整体支出", "宁德市人民政府办公室", "99997700", "88747400", "88.75", "92.33", "优", [1])]
    head = r.budget_lines[0]
    assert (head["row"], head["initial_budget"], head["budget"], head["spent"], head["rate"], head["weight"],
            head["score"]) == ("合计", "9209.55", "9999.77", "8874.74", "88.75", "10", "7")
    assert {x["evaluation"] for x in r.budget_lines + r.indicators} == {r.evaluations[0].id}
    # weights 10 + 90 = 100, scores 7 + 85.33 = 92.33 ≥ 90 → 优: the form is consistent (only the budget row's
    # 7 points for 88.75% follow another scale than 分值 × 执行率, a warning of score.budget_rate)
    assert [f.rule for f in r.findings if f.category == "score_mismatch"] == ["score.budget_rate"]


# ---------------------------------------------------------------------------------------------
# synthetic documents (plain-text reports: `|` rows are tables, a form feed a page break)

FORM = """{title}
| 项目名称 | {name} | | | | | |
| 主管部门 | 某某县财政局 | 实施单位 | 某某中心 | | | |
| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |
| 年度资金总额 | 100.00 | {budget} | {spent} | 10 | {rate}% | {bscore} |
| 其中：当年财政拨款 | 100.00 | {budget} | {spent} | — | — | — |
| 年度总体目标 | 预期目标 | 实际完成情况 |
| 总体目标 | 完成年度任务 | 已完成 |
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |
| 产出指标 | 数量指标 | 完成数量 | ≥10个 | 10个 | {w1} | {s1} | 无 |
| 效益指标 | 社会效益指标 | 群众受益 | 明显 | 明显 | 30 | 30 | 无 |
| 满意度指标 | 服务对象满意度指标 | 满意度 | ≥90% | 95% | 10 | 10 | 无 |
| 总分 | | | | | {wt} | {st} | |
"""


def _form(title: str, name: str, *, budget="100.00", spent="90.00", rate="90.00", bscore="9", w1="50", s1="50",
          wt="100", st=None) -> str:
    st = st if st is not None else format(Decimal(s1) + 40 + Decimal(bscore), "f")
    return FORM.format(title=title, name=name, budget=budget, spent=spent, rate=rate, bscore=bscore, w1=w1, s1=s1,
                       wt=wt, st=st)


DECISION = "某某县财政局2024年度部门决算\n一、部门决算情况说明\n本部门2024年度支出合计1000.00万元。\n二、项目绩效自评结果\n"


def test_two_project_forms_each_its_own_evaluation(tmp_path):
    text = DECISION + "甲项目自评得分为99分。\n" + _form("道路养护项目绩效自评表", "道路养护", s1="48") + "\n" + \
        _form("路灯维护项目绩效自评表", "路灯维护", budget="200.00", spent="200.00", rate="100.00", bscore="10")
    r = report_from_text(tmp_path, text)
    assert [(e.kind, e.name, _s(e.budget), _s(e.expenditure), _s(e.score)) for e in r.evaluations] == [
        ("项目支出", "道路养护", "1000000", "900000", "97"), ("项目支出", "路灯维护", "2000000", "2000000", "100")]
    a, b = (e.id for e in r.evaluations)
    assert [i["evaluation"] for i in r.indicators] == [a] * 3 + [b] * 3
    assert [x["evaluation"] for x in r.budget_lines] == [a] * 2 + [b] * 2
    # a 自评得分 stated outside both forms is no form's: nothing is summed across the two
    assert [f.rule for f in r.findings if f.category == "score_mismatch" and f.severity != "info"] == []


def test_the_same_slip_in_two_forms_is_two_findings_each_naming_its_project(tmp_path):
    text = DECISION + _form("道路养护项目绩效自评表", "道路养护", w1="46", s1="46") + "\n" + \
        _form("路灯维护项目绩效自评表", "路灯维护", w1="46", s1="46")
    r = report_from_text(tmp_path, text)
    found = [f for f in r.findings if f.rule == "score.weight_total"]
    assert [f.evaluation for f in found] == [e.id for e in r.evaluations]
    assert "“道路养护”自评表各指标分值" in found[0].message and "“路灯维护”自评表" in found[1].message
    assert len({f.fingerprint for f in found}) == 2


def test_the_same_row_slip_in_two_forms_is_two_findings(tmp_path):
    text = DECISION + _form("道路养护项目绩效自评表", "道路养护", s1="52", st="101") + "\n" + \
        _form("路灯维护项目绩效自评表", "路灯维护", s1="52", st="101")
    r = report_from_text(tmp_path, text)
    found = [f for f in r.findings if f.rule == "score.over_weight" and "总分行" not in f.message]
    assert [f.evaluation for f in found] == [e.id for e in r.evaluations]
    assert ["“道路养护”自评表“完成数量”得分 52 分，超过其分值 50 分", "“路灯维护”自评表“完成数量”得分 52 分，超过其分值 50 分"] \
        == [f.message for f in found]


def test_budget_block_on_one_page_indicator_block_on_the_next(tmp_path):
    """The form's 10-point 预算执行 row (a two-row header, a 金额合计 totals row) is linked across the page break."""
    text = ("某某市卫生健康委员会部门整体支出绩效自评表\n"
            "| 部门（单位）名称 | 某某市卫生健康委员会 | | | | | | | |\n"
            "| 任务名称 | 全年预算数（万元） | | | 全年执行数（万元） | | | 分值 | 执行率 | 得分 |\n"
            "| | 总额 | 财政拨款 | 其他资金 | 总额 | 财政拨款 | 其他资金 | | | |\n"
            "| 公共卫生 | 600 | 600 | 0 | 600 | 600 | 0 | 5 | 100% | 5 |\n"
            "| 医疗服务 | 400 | 300 | 100 | 400 | 300 | 100 | 5 | 100% | 5 |\n"
            "| 金额合计 | 1000 | 900 | 100 | 1000 | 900 | 100 | 10 | 100% | 10 |\n"
            "\f| 一级指标 | 二级指标 | 指标内容 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
            "| 产出指标（50分） | 数量指标 | 指标1：覆盖区县数量 | 16个 | 16个 | 50 | 50 |\n"
            "| 效益指标（30分） | 社会效益指标 | 指标1：社会效益 | 明显 | 明显 | 30 | 29.5 |\n"
            "| 满意度指标（10分） | 服务对象满意度指标 | 指标1：群众满意率 | ≥80% | 85% | 10 | 10 |\n"
            "| 总分 | | | | | 100 | 99.5 |\n")
    r = report_from_text(tmp_path, text)
    assert _summary(r) == [("部门整体支出", "某某市卫生健康委员会", "10000000", "10000000", "100", "99.5", None, [1, 2])]
    assert [b["row"] for b in r.budget_lines] == ["公共卫生", "医疗服务", "金额合计"]
    assert [f.rule for f in r.findings if f.category == "score_mismatch"] == []


def test_fujian_template_two_row_header_and_one_number_total(tmp_path):
    text = ("部门整体绩效自评表\n（2024年度）\n"
            "| 专项名称 | 127部门整体 | | |\n"
            "| 部门（单位）名称 | 某某市人民政府办公室 | 部门预算编码 | 127 |\n"
            "| 财政资金安排和使用情况 | | 预算安排 | | | 拨付情况 | | 结余情况 | | 分值 | 得分 |\n"
            "| | | 年初部门预算安排金额（含历年结余结转）① | 年中调整金额② | 小计③=①+② | 年度拨付金额④ | "
            "支出实现率(%)⑤=④/③ | 本年度结余金额⑥=③-④ | 资金结余率(%)⑦=⑥/③ | | |\n"
            "| | 合计 | 900.00 | 100.00 | 1000.00 | 900.00 | 90.00 | 100.00 | 10.0000 | 10 | 9 |\n"
            "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 指标分值 | 自评得分 |\n"
            "| 产出指标 | 数量指标 | 会议场次 | ≥30次 | 30 | 60 | 60 |\n"
            "| 满意度指标 | 服务对象满意度 | 满意率 | ≥95% | 99 | 30 | 30 |\n"
            "| 总分值、评价总分(S) | 99 |\n"
            "| 评价等级 | 优（S≧90） |\n")
    r = report_from_text(tmp_path, text)
    assert _summary(r) == [("部门整体支出", "某某市人民政府办公室", "10000000", "9000000", "90.00", "99", "优", [1])]
    head = r.budget_lines[0]
    assert (head["initial_budget"], head["budget"], head["spent"], head["weight"], head["score"], head["amount"]) == \
           ("900.00", "1000.00", "900.00", "10", "9", None)


def test_a_report_is_one_evaluation_with_its_own_form(tmp_path):
    text = ("某某县档案馆2024年度档案数字化项目支出绩效自评报告\n一、项目基本情况\n全年预算数100.00万元，全年执行数90.00万元。\n"
            "二、自评结论\n本项目自评得分99分，评价等级为“优”。\n三、绩效自评表\n"
            + _form("", "档案数字化项目"))
    r = report_from_text(tmp_path, text)
    assert len(r.evaluations) == 1
    ev = r.evaluations[0]
    assert (ev.kind, ev.name, _s(ev.score), ev.grade, ev.start) == ("项目支出", "档案数字化项目", "99", "优", 0)
    assert {x["evaluation"] for x in r.indicators + r.budget_lines} == {ev.id}
    assert [f.rule for f in r.findings if f.category == "score_mismatch"] == []


def test_score_total_compares_the_stated_score_with_its_own_form_only(tmp_path):
    text = ("某某县档案馆2024年度档案数字化项目支出绩效自评报告\n一、自评结论\n本项目自评得分95分。\n二、绩效自评表\n"
            + _form("", "档案数字化项目"))
    found = [f for f in report_from_text(tmp_path, text).findings if f.rule == "score.total"]
    assert len(found) == 1 and found[0].evaluation and "“档案数字化项目”自评表各指标得分" in found[0].message


def test_group_weight_when_the_budget_row_prints_no_weight(tmp_path):
    """A budget row scored without a 分值 may hold the rest of 100: the 总分 row is undecided, but a
    一级指标 that states its own weight (效益指标（30分）) is checked."""
    form = _form("设备购置项目绩效自评表", "设备购置", w1="50", s1="50").replace(
        "| 年度资金总额 | 100.00 | 100.00 | 90.00 | 10 |", "| 年度资金总额 | 100.00 | 100.00 | 90.00 | |")
    form = form.replace("| 效益指标 |", "| 效益指标（35分） |")
    r = report_from_text(tmp_path, DECISION + form)
    assert [f.rule for f in r.findings if f.category == "score_mismatch"] == ["score.group_weight"]


# ---------------------------------------------------------------------------------------------
# the total row read by the header's columns (a PDF grid numbering the total row's cells its own way)

def _cell(row: int, col: int, text: str, x0: float, pos: int) -> Cell:
    return Cell(row, col, text, pos, pos + len(text), 1, (x0, 10.0 * row, x0 + 30, 10.0 * row + 8))


def test_total_row_by_header_position_not_grid_column():
    xs = {"一级指标": 0, "三级指标": 40, "完成值": 80, "分值": 120, "得分": 160, "偏差原因": 200}
    header = [_cell(0, i, t, x, i * 10) for i, (t, x) in enumerate(xs.items())]
    data = [_cell(1, i, t, x, 100 + i * 10) for i, (t, x) in enumerate(zip(["产出指标", "完成数量", "10个", "100", "98", ""],
                                                                          xs.values()))]
    # the label spans four columns, so the grid numbers 100 | 98 | (reason) as columns 2, 3, 4
    total = [_cell(2, 0, "总分", 0, 200), _cell(2, 2, "100", 120, 210), _cell(2, 3, "98", 160, 220),
             _cell(2, 4, "", 200, 230)]
    table = Table("t1", 1, 0, 240, rows=[header, data, total])
    block = tables.parse_table(table)[0]
    assert (block.total["weight"], block.total["score"]) == ("100", "98")


def test_a_target_table_is_no_evaluation():
    rows = [["一级指标", "二级指标", "三级指标", "指标值"], ["产出指标", "数量指标", "完成数量", "≥10个"]]
    cells, pos = [], 0
    for r, row in enumerate(rows):
        cells.append([Cell(r, c, t, pos + c * 8, pos + c * 8 + len(t), 1) for c, t in enumerate(row)])
        pos += 40
    doc = Document(source="x", doc_id="x", text=" " * pos, tables=[Table("t1", 1, 0, pos, rows=cells)])
    blocks = tables.document_blocks(doc)
    assert [b.kind for b in blocks] == ["indicator"] and blocks[0].lines[0]["evaluation"] is None
    assert run_checks(Report(document=doc)) == []
