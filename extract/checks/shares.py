"""Shares whose base is printed in the sentence itself, not named by a label to look up (ratio_mismatch):

- 其中：A a万元，占x%；B b万元，占y%: a share right after a listed part is of the list's total;
- A完成a万元，占年计划b万元的x%: the base is the amount printed between 占 and 的.
"""
from __future__ import annotations

import re

from ..model import Figure
from . import itemlist
from .certainty import Tie
from .context import CLAUSE_END, Context, Evidence, clean_label
from .intervals import HUNDRED, fmt


def _add(ctx: Context, pct: Figure, part: Figure, base: Figure, base_basis: str, base_label: str = "") -> None:
    pi, bi, si = ctx.fig_interval(part), ctx.fig_interval(base), ctx.fig_interval(pct)
    if part.approx or base.approx or bi.contains_zero():
        return
    computed = (pi / bi).scale(HUNDRED)
    if computed.meets(si):
        return
    ties = [ctx.tie_of(pct, "比例"), ctx.tie_of(part, "分项"), Tie("基数", base_basis)]
    ctx.add("ratio.share", Evidence(figures=[pct, part, base], ties=ties), expected=computed.mid, actual=si.mid,
            expression=f"{part.text.strip()} / {base.text.strip()} × 100", delta=si.mid - computed.mid,
            tolerance=computed.radius + si.radius, part_label=part.label, part=part.text.strip(),
            base_label=base_label or clean_label(base.label) or "总数", base=base.text.strip(), computed=fmt(computed.mid, 2),
            stated=pct.text.strip())


def _shares(ctx: Context) -> list[Figure]:
    return [f for f in ctx.report.figures if f.kind == "percent" and f.unit == "%" and not f.base_label
            and not f.op and not f.approx and not f.direction and not f.table]


def check_list_shares(ctx: Context) -> None:
    """其中：A a万元，占x%；B b万元，占y%: a share printed right after a listed part, naming no base, is
    the part's share of the list's total."""
    bare = re.compile(ctx.rules.params["itemised"]["bare_share"])
    owner = {id(p): il for il in itemlist.lists(ctx) for p in il.parts}
    for pct in _shares(ctx):
        cs, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
        before = [f for f in ctx.figures_between(cs, pct.start)]
        if not before or id(before[-1]) not in owner or not bare.fullmatch(ctx.text[before[-1].end:pct.start]):
            continue
        il = owner[id(before[-1])]
        _add(ctx, pct, before[-1], il.whole, il.whole_basis)


def check_inline_base(ctx: Context) -> None:
    """税收收入完成61323万元，占年计划55000万元的111.5%: part / the amount printed between 占 and 的."""
    pattern = re.compile(ctx.rules.params["itemised"]["inline_base"])
    for pct in _shares(ctx):
        cs, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
        figs = ctx.figures_between(cs, pct.start)
        if len(figs) < 2 or figs[-1].kind != "money":
            continue
        base = figs[-1]
        k = ctx.text.rfind("占", cs, base.start)
        if k == -1 or not pattern.fullmatch(ctx.text[k:base.start]) or not re.fullmatch(r"\s*的\s*", ctx.text[base.end:pct.start]):
            continue
        parts = [f for f in figs[:-1] if f.end <= k and f.kind == "money" and not itemlist.is_change(f)]
        if parts and ctx.text[parts[-1].end:k].strip(" ，,") == "":
            _add(ctx, pct, parts[-1], base, "named_base", clean_label(ctx.text[k + 1:base.start]))


def run(ctx: Context) -> None:
    check_list_shares(ctx)
    check_inline_base(ctx)
