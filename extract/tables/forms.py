"""The 绩效自评表s (forms) of a document, among its table blocks: an indicator block with completion values
or scores, with the budget block (项目资金 / 年度资金总额 …) printed just before it — in the same grid, or
in the next one across a page break.  Its name and kind come from its header rows (项目名称 | X → 项目支出;
部门（单位）名称 | Y → 部门整体支出) or the title above it (X项目绩效自评表); its score from the 总分 row,
else the sum of its rows; its grade from a 评价等级 in the form.

`forms(doc, blocks)` groups the blocks and tags their rows with the form's id (e1, e2 …): the check
engine scopes score and rate checks by it; extract/evaluations.py turns forms into evaluations.  Wordings
live in schemas/evaluations.toml.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Optional

from ..model import Document, Table
from ..rules import load

if TYPE_CHECKING:
    from .blocks import Block

WHOLE, PROJECT = "部门整体支出", "项目支出"


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    data = load("evaluations")
    out = {k: dict(v) for k, v in data.items()}
    for sec, key in (("form", "title"), ("form", "whole"), ("form", "head"), ("form", "grade"),
                     ("report", "doc_title"), ("report", "title")):
        out[sec][key] = re.compile(data[sec][key])
    out["grade_map"] = load("fields")["grade"]["map"]
    return out


def norm(text: str) -> str:
    return "".join((text or "").split())


@dataclass
class Form:
    """One 绩效自评表: its indicator block, the budget block before it and what its header says."""
    id: str
    indicator: Block
    budget: Optional[Block] = None
    head: Optional[dict] = None         # the budget block's totals row (年度资金总额 / 金额合计 …)
    kind: Optional[str] = None
    name: Optional[str] = None
    grade: Optional[str] = None
    start: int = 0
    end: int = 0
    pages: list[int] = field(default_factory=list)
    labelled: bool = False              # its header rows name it (项目名称 | X)

    @property
    def total(self) -> Optional[dict]:
        return self.indicator.total

    def lines(self) -> list[dict]:
        return (self.budget.lines if self.budget else []) + self.indicator.lines

    def score(self) -> Optional[Decimal]:
        """The 总分 row's 得分; else the sum of the rows' scores when every indicator has one."""
        if self.total and self.total.get("score") is not None:
            return Decimal(self.total["score"])
        scores = [ln["score"] for ln in self.indicator.lines]
        if not scores or None in scores:
            return None
        head = self.head.get("score") if self.head else None
        return sum((Decimal(s) for s in scores + ([head] if head else [])), Decimal(0))


# ---------------------------------------------------------------------------------------------
# forms

def forms(doc: Document, blocks: list[Block]) -> list[Form]:
    """The 自评表s among `blocks`, in document order; their rows get the form's id as `evaluation`."""
    out: list[Form] = []
    pending: Optional[Block] = None
    for b in blocks:
        if b.kind == "budget":
            pending = b
            continue
        if b.kind != "indicator" or not _self_evaluated(b):
            pending = None
            continue
        budget = pending if pending is not None and _adjacent(doc, pending, b) else None
        pending = None
        f = Form(f"e{len(out) + 1}", b, budget, _head(budget))
        _describe(doc, f, out[-1].end if out else 0)
        for ln in f.lines():
            ln["evaluation"] = f.id
        out.append(f)
    return out


def _self_evaluated(b: Block) -> bool:
    """An indicator block with completion values or scores; a 绩效目标表 (targets only) is no 自评表."""
    return b.total is not None or bool({"actual", "score"} & set(b.roles.values()))


def _table_at(doc: Document, pos: int) -> Optional[Table]:
    """The table whose span holds text offset `pos`."""
    i = bisect_right([t.start for t in doc.tables], pos) - 1
    return doc.tables[i] if i >= 0 and pos <= doc.tables[i].end else None


def _adjacent(doc: Document, budget: Block, ind: Block) -> bool:
    """The budget block is the same form's: the indicator block follows it with nothing between but the
    form's own rows or grids (年度总体目标 …) and page furniture — no text of the report, no new form's
    title or header rows (项目名称 | …)."""
    if ind.start < budget.end:
        return False
    if ind.table is budget.grid:
        return True
    if ind.table is budget.table:
        return not any(_labels(row) for row in ind.table.rows[budget.header_row + 1:ind.header_row])
    gap, pos = [], budget.end
    for t in doc.tables:
        if t.end <= budget.end or t.start >= ind.start:
            continue
        rows = t.rows[:ind.header_row] if t is ind.table else t.rows
        if t is not budget.table and any(_labels(row) for row in rows):
            return False
        gap.append(doc.text[pos:max(pos, t.start)])
        pos = max(pos, t.end)
    gap.append(doc.text[pos:max(pos, ind.start)])
    text = re.sub(r"[\s|\-—]", "", "".join(gap))
    return len(text) <= schema()["form"]["gap"] and not re.search(schema()["form"]["title_word"], text)


def _head(budget: Optional[Block]) -> Optional[dict]:
    if budget is None or not budget.lines:
        return None
    pat = schema()["form"]["head"]
    for ln in budget.lines:
        if pat.match(re.sub(r"[：:]$", "", norm(ln.get("row") or ""))):
            return ln
    return next((ln for ln in budget.lines if ln["weight"] is not None or ln["score"] is not None), budget.lines[0])


def _labels(row) -> dict[str, str]:
    """label → value of a header row (项目名称 | X | 主管部门 | Y …); {} when the row is no header row."""
    sch = schema()["form"]
    known = set(sch["project"]) | set(sch["unit"]) | set(sch["other"])
    cells = [norm(c.text).rstrip("：:") for c in row if c.text.strip()]
    out: dict[str, str] = {}
    for i, t in enumerate(cells):
        if t in known:
            nxt = cells[i + 1] if i + 1 < len(cells) else ""
            out[t] = "" if nxt in known else nxt
    return out if cells and cells[0] in known else {}


def _describe(doc: Document, f: Form, floor: int) -> None:
    """Name, kind, span, pages and grade of a form from its header rows, the title above it and its
    last rows."""
    sch = schema()["form"]
    first = f.budget or f.indicator
    f.start, f.end = first.start, f.indicator.end
    labels: dict[str, str] = {}
    skipped = False
    for row in reversed(first.table.rows[:first.header_row]):
        got = _labels(row)
        if not got:
            if labels or skipped or any(ch.isdigit() for c in row for ch in c.text):
                break
            skipped = True      # the first row of a two-row header (预算安排 | 拨付情况 | 分值 | 得分)
            continue
        labels.update({k: v for k, v in got.items() if k not in labels})
        f.start = min([f.start] + [c.start for c in row])
    project = next((labels[k] for k in sch["project"] if labels.get(k)), None)
    unit = next((labels[k] for k in sch["unit"] if labels.get(k)), None)
    if project and not sch["whole"].search(project):
        f.kind, f.name, f.labelled = PROJECT, project, True
    elif unit or project:
        f.kind, f.name, f.labelled = WHOLE, unit, bool(unit)
    title = _title_above(doc, f.start, floor)
    if title is not None:
        m, at = title
        f.start = at
        f.kind = f.kind or (WHOLE if m["kind"] and "整体" in m["kind"] else PROJECT if m["kind"] else None)
        f.name = f.name or specific_name(m["name"])
    if f.total and f.total.get("end"):
        f.end = max(f.end, f.total["end"])
    tail = _table_at(doc, max(f.end - 1, 0))
    window = doc.text[f.start:max(f.end, tail.end if tail is not None else f.end)]
    g = sch["grade"].search(window)
    if g:
        f.grade = schema()["grade_map"].get(g["grade"])
        f.end = max(f.end, f.start + g.end())
    f.pages = list(range(doc.page_of(f.start), doc.page_of(max(f.end - 1, f.start)) + 1))


def specific_name(name: Optional[str]) -> Optional[str]:
    """A name from a title, unless it names nothing in particular (本单位, 年度)."""
    return name if name and name not in schema()["form"]["generic"] else None


def _title_above(doc: Document, start: int, floor: int) -> Optional[tuple[re.Match, int]]:
    """The form's title in the few lines before it (X项目绩效自评表 / （2024年度） / page furniture)."""
    lo = max(floor, start - 200)
    pos = start
    for line in reversed(doc.text[lo:start].split("\n")):
        pos -= len(line) + 1
        t = norm(line)
        m = schema()["form"]["title"].match(t)
        if m:
            return m, max(pos + 1, lo)
        if len(t) > 40:
            return None
    return None
