"""Which evaluation a number belongs to, so that score and rate checks compare numbers of one 自评表 only.

A document may hold dozens of 绩效自评表 (extract.evaluations): their rows carry the evaluation's id as
`evaluation`, a form found in the report's tables maps to the evaluation whose span holds it, and a
figure or field to the innermost evaluation whose span holds its text.  Without an evaluations stage (a
report built by hand) the forms' own ids (e1, e2 …) stand in, and a loose row has none.
"""
from __future__ import annotations

from typing import Optional
from weakref import WeakKeyDictionary

from ..evaluations import Form, innermost
from ..model import Finding
from .context import Context


def at(ctx: Context, pos: Optional[int]) -> Optional[str]:
    """The id of the innermost evaluation whose span holds text offset `pos`."""
    if pos is None:
        return None
    ev = innermost(ctx.report.evaluations, pos)
    return ev.id if ev else None


def of_form(ctx: Context, form: Form) -> str:
    return at(ctx, form.start) or form.id


def of_field(ctx: Context, name: str) -> Optional[str]:
    fv = ctx.field(name)
    if fv is None:
        return None
    f = ctx.field_figure(name)
    return at(ctx, f.start if f is not None else fv.start)


_NAMES: "WeakKeyDictionary[Context, dict[str, Optional[str]]]" = WeakKeyDictionary()


def names(ctx: Context) -> dict[str, Optional[str]]:
    """evaluation id → the unit or project it evaluates."""
    if ctx not in _NAMES:
        out = {f.id: f.name for f in ctx.forms}
        out.update({e.id: e.name for e in ctx.report.evaluations})
        _NAMES[ctx] = out
    return _NAMES[ctx]


def form_label(ctx: Context, ev: Optional[str], default: str = "自评表") -> str:
    """`“信访干部培训专项”自评表` for the message of a finding about that form; `default` when unnamed."""
    name = names(ctx).get(ev) if ev else None
    return f"“{name}”自评表" if name else default


def row_span(ctx: Context, line: dict) -> list[tuple[int, int]]:
    """Where a budget line or indicator row stands in the text (its cells, found again in the tables from
    its own table on): the evidence of a finding about it, so that the same slip in two forms is two."""
    want, seen = line.get("cells"), False
    for t in ctx.report.document.tables:
        seen = seen or t.id == line.get("table")
        for row in t.rows if seen else ():
            if [c.text for c in row] == want:
                return [(min(c.start for c in row), max(c.end for c in row))]
    return []


def tag(finding: Finding, ev: Optional[str]) -> Finding:
    finding.evaluation = ev
    return finding


def field_applies(ctx: Context, name: str, ev: Optional[str], n_units: int) -> bool:
    """Does the report's field `name` (自评得分 …) state the value of evaluation `ev`?  When the field
    lies in that evaluation's span; or, lying in none, when the report has one evaluated unit only."""
    scope = of_field(ctx, name)
    if scope is not None:
        return scope == ev
    return n_units == 1
