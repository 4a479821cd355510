"""Scope of the canonical fields: which genre a document is (a budget's 基本支出预算 is its 基本支出),
which words in front of a label name the unit itself, and which figures speak of a part (one fund's
money, one project's grade) rather than the whole unit.  Wording is data in schemas/fields.toml [genre]."""
from __future__ import annotations

import functools
import re

from .model import Figure, Report
from .rules import load


@functools.lru_cache(maxsize=1)
def genre() -> dict:
    g = load("fields")["genre"]
    return {"budget_doc_types": set(g["budget_doc_types"]), "budget_suffix": re.compile(g["budget_suffix"]),
            "numbering": re.compile(g["numbering"]), "own_unit": re.compile(g["own_unit"]),
            "budget_title": re.compile(g["budget_title"]), "not_budget": re.compile(g["not_budget"]),
            "fund_part": re.compile(g["fund_part"]), "statement_doc_types": set(g["statement_doc_types"]),
            "budget_subject": re.compile(g["budget_subject"])}


def is_budget(report: Report) -> bool:
    """A 部门预算 / 单位预算: its 基本支出预算… are the year's 基本支出 (docs/fields.md, Other genres)."""
    g = genre()
    if (report.meta.doc_type or "") not in g["budget_doc_types"]:
        return False
    title = report.meta.title or ""
    if title:
        return bool(g["budget_title"].search(title))
    prose = "\n".join(x for x in report.document.text.split("\n") if not x.startswith("|"))
    return not g["not_budget"].search(prose)   # no title: prose that reports spending is not a budget's


def without_unit(label: str, dept: str) -> str:
    """A label without the unit's own name before it (上海市普陀区财政局收入预算 → 收入预算)."""
    if dept and label.startswith(dept) and len(label) > len(dept):
        label = label[len(dept):]
    return genre()["own_unit"].sub("", label)


def unnumbered(label: str) -> str:
    return genre()["numbering"].sub("", label)


def fund_part(report: Report, f: Figure) -> bool:
    """A figure about one fund's part of the unit's money: a 其中 after 财政拨款支出… in its paragraph, or a
    cell of a table titled 财政拨款…/一般公共预算… — the whole unit's figure is preferred to it."""
    text = report.document.text
    pat = genre()["fund_part"]
    if f.table:
        t = next((t for t in report.document.tables if t.id == f.table), None)
        return t is not None and bool(pat.search(text[max(0, t.start - 80):t.start] + (t.caption or "")))
    para = text[text.rfind("\n", 0, f.start) + 1:f.start]
    m = pat.search(para)
    return bool(m) and "其中" in para[m.end():]


def one_subject(report: Report, f: Figure) -> bool:
    """A figure in prose on a line about one budget subject (…（类）…（款）…（项）：支出决算为67.64万元)."""
    if f.table:
        return False
    text = report.document.text
    return bool(genre()["budget_subject"].search(text[text.rfind("\n", 0, f.start) + 1:f.start]))


def one_project(report: Report, at: int) -> bool:
    """In a budget or final account, a grade or score stated in a sentence about a project is that
    project's (全国信访信息系统维护费项目综合评价得分85.19分，评价等级为“良”), not the unit's; so is a
    score in one of their tables (a project's 综合评价得分情况表)."""
    g = load("fields")["grade"]
    if (report.meta.doc_type or "") not in g["project_scope_doc_types"]:
        return False
    if at < 0:
        return True
    text = report.document.text
    start = text.rfind("\n", 0, at) + 1            # the paragraph: 项目…综合得分83.06分。…评价结果为“良”
    return bool(re.search(g["project_words"], text[start:at]))
