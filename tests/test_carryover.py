"""The carry-over identity read from a 收入支出决算总表 (table cells: certain, so an error)."""
from __future__ import annotations

import re
from decimal import Decimal

from extract.checks import run_checks
from extract.model import Figure
from rule_examples import Case, build

STATEMENT = """
| 项目 | 行次 | 金额 | 项目 | 行次 | 金额 |
| 一、一般公共预算财政拨款收入 | 1 | 19,572.91 | 一、一般公共服务支出 | 32 | 10,685.56 |
| 八、其他收入 | 8 | 878.44 | 八、社会保障和就业支出 | 39 | 3,886.97 |
| 本年收入合计 | 27 | 20,451.35 | 本年支出合计 | 58 | 14,572.53 |
| 使用非财政拨款结余 | 28 |  | 结余分配 | 59 | {allot} |
| 年初结转和结余 | 29 | 1,615.24 | 年末结转和结余 | 60 | {closing} |
| 总计 | 31 | 22,066.59 | 总计 | 62 | 22,066.59 |
"""


def _report(closing: str, allot: str = ""):
    case = Case("sum.carryover", True, "一、收入支出决算总表\n（单位：万元）", table=STATEMENT.format(closing=closing, allot=allot))
    report = build(case)
    table = report.document.tables[0]
    n = len(report.figures)
    for row in table.rows:      # the reader gives every amount cell a figure; the example builder does not
        for c in row:
            if c.col in (2, 5) and re.fullmatch(r"[\d,]+\.\d+", c.text):
                v = Decimal(c.text.replace(",", ""))
                n += 1
                report.figures.append(Figure(id=f"c{n}", start=c.start, end=c.end, text=c.text, value=v, unit="万元",
                                             kind="money", base_value=v * 10000, base_unit="元", page=1,
                                             label=row[c.col - 2].text, table=table.id))
    report.figures.sort(key=lambda f: f.start)
    return report


def test_statement_identity_holds():
    found = [f for f in run_checks(_report("7,494.06")) if f.rule == "sum.carryover"]
    assert found == [], [f.message for f in found]


def test_statement_closing_misprinted_is_an_error():
    found = [f for f in run_checks(_report("7,484.06")) if f.rule == "sum.carryover"]
    assert found and all(f.severity == "error" for f in found), [f.message for f in found]
    assert any("年末结转和结余" in f.message for f in found)


def test_statement_allotment_row_enters_the_identity():
    # 结余分配 10.00 printed: 1615.24 + 20451.35 − 14572.53 − 10.00 = 7484.06, and 支出总计 = 14572.53 + 10.00 + 7484.06
    found = [f for f in run_checks(_report("7,484.06", "10.00")) if f.rule == "sum.carryover"]
    assert found == [], [f.message for f in found]
