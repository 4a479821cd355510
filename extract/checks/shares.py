"""Shares whose base is printed in the sentence itself, not named by a label to look up (ratio_mismatch):

- 其中：A a万元，占x%；B b万元，占y%: a share right after a listed part is of the list's total;
- A完成a万元，占年计划b万元的x%: the base is the amount printed between 占 and 的;
- shares of one named base given to sibling parts (1. 基本支出…占一般公共预算支出的84.06% / 2. 项目支出…占一般
  公共预算支出的19.62%) cannot add up to more than 100%, whatever the base's amount.
"""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Figure
from . import itemlist
from .certainty import Tie
from .context import CLAUSE_END, Context, Evidence, clean_label
from .intervals import HUNDRED, Interval, fmt, total


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


def _sibling_key(ctx: Context, pct: Figure) -> tuple:
    """Where a share stands among siblings: (marker style, its number) of the list item its sentence opens
    (1. / （一） / ①), or the sentence itself for shares listed in one sentence."""
    from .changes import soft_start
    s, _ = ctx.sentence_bounds(pct.start)
    s = soft_start(ctx, s)
    m = re.match(ctx.rules.params["shares"]["item_marker"], ctx.text[s:s + 6])
    if m:
        style, mark = next((k, v) for k, v in m.groupdict().items() if v)
        return ("item", style, _number(mark))
    return ("sentence", s)


def _number(mark: str) -> int:
    digits = re.sub(r"\D", "", mark)
    if digits:
        return int(digits)
    if "①" <= mark.strip()[0] <= "⑳":
        return ord(mark.strip()[0]) - ord("①") + 1
    cn = re.sub(r"[^一二三四五六七八九十]", "", mark)
    val = "一二三四五六七八九".find(cn[-1]) + 1 if cn[-1] != "十" else 10
    return val + (10 if len(cn) > 1 and cn[0] == "十" else 0)


def check_over_hundred(ctx: Context) -> None:
    """Shares of one named base given to different sibling parts add up to at most 100%: two list items of
    one level (1. … 2. …) or one sentence's list; each part named once and none inside another's name."""
    groups: dict[str, list[tuple[Figure, Figure, tuple]]] = {}
    for pct in ctx.report.figures:
        if pct.kind != "percent" or pct.unit != "%" or not pct.base_label or pct.op or pct.approx \
                or pct.direction or pct.table or "分别" in (pct.base_label or ""):
            continue
        cs, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
        before = [f for f in ctx.figures_between(cs, pct.start) if f.kind == "money" and not f.direction]
        if not before or not clean_label(before[-1].label):
            continue
        groups.setdefault(clean_label(pct.base_label), []).append((pct, before[-1], _sibling_key(ctx, pct)))
    for base, items in groups.items():
        for sib in _runs(items):
            sib = _siblings(sib)
            if len(sib) < 2 or (sib[0][2][0] == "sentence" and "其中" in ctx.text[sib[0][1].end:sib[-1][0].start]):
                continue        # 基本支出…占x%，其中人员经费…占y%: a part of a part
            lo = sum((ctx.fig_interval(p).lo for p, _, _ in sib), Decimal(0))
            if lo <= HUNDRED or _already(ctx, {p.id for p, _, _ in sib}):
                continue
            figs = [f for p, part, _ in sib for f in (p, part)]
            ties = [Tie("比例", "named_base") for _ in sib] + [ctx.place_tie(part, "分项") for _, part, _ in sib]
            total = sum((p.value for p, _, _ in sib), Decimal(0))
            ctx.add("ratio.shares_over_hundred", Evidence(figures=figs, ties=ties), expected=HUNDRED, actual=total,
                    expression="Σ share <= 100", delta=total - HUNDRED, base_label=base,
                    parts="、".join(f"{_name(ctx, part)} {p.text.strip()}" for p, part, _ in sib),
                    total=fmt(total, 2))
            break


def _already(ctx: Context, ids: set[str]) -> bool:
    """A share already found wrong against its printed base: the sum over 100% is the same slip seen again."""
    return any(f.category == "ratio_mismatch" and f.severity != "info" and ids & set(f.figures) for f in ctx.findings)


def _runs(items: list) -> list[list]:
    """Shares in one sentence; shares opening list items of one style numbered one after another (1. 2. 3.),
    in text order."""
    out: dict = {}
    run: list = []
    for it in sorted(items, key=lambda it: it[0].start):
        key = it[2]
        if key[0] == "sentence":
            out.setdefault(key, []).append(it)
            continue
        if run and not (run[-1][2][1] == key[1] and key[2] == run[-1][2][2] + 1):
            out[id(run)] = run
            run = []
        run.append(it)
    if run:
        out[id(run)] = run
    return list(out.values())


def _name(ctx: Context, part: Figure) -> str:
    return re.sub(ctx.rules.params["shares"]["item_marker"], "", clean_label(part.label))


def _siblings(items: list) -> list:
    """Shares of different parts, none named inside another (基本支出 / 基本支出中的人员经费 are nested)."""
    out, names = [], []
    for p, part, key in sorted(items, key=lambda it: it[0].start):
        name = clean_label(part.label)
        if any(name in n or n in name for n in names):
            return []
        out.append((p, part, key))
        names.append(name)
    return out


def check_bare_list(ctx: Context) -> None:
    """A list of parts each followed by a bare share (…包括人员支出 2,906.80 万元，占49.4%；日常公用支出 838.27 万元，
    占 14.3%；…) with no 其中 to name its total: the shares are of the whole the parts make up — the amount
    printed before the list that the parts add up to (certain), else, when the printed shares add up to
    100%, the parts' sum itself (likely)."""
    bare = re.compile(ctx.rules.params["itemised"]["bare_share"])
    listed = {id(p) for il in itemlist.lists(ctx) for p in il.parts}
    runs: dict[int, list[tuple[Figure, Figure]]] = {}
    for pct in _shares(ctx):
        cs, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
        before = ctx.figures_between(cs, pct.start)
        if not before or before[-1].kind != "money" or before[-1].direction or id(before[-1]) in listed \
                or not bare.fullmatch(ctx.text[before[-1].end:pct.start]):
            continue
        s, _ = ctx.sentence_bounds(pct.start)
        runs.setdefault(s, []).append((pct, before[-1]))
    for s, run in runs.items():
        if len(run) < 2 or len({part.base_unit for _, part in run}) > 1:
            continue
        parts = total([ctx.fig_interval(part) for _, part in run])
        whole, basis = _whole_before(ctx, s, run[0][1], parts), "itemised"
        if whole is None:
            shares = total([ctx.fig_interval(p) for p, _ in run])
            if not shares.meets(Interval.exact(HUNDRED)):
                continue            # not every part is listed: the whole is not known
            basis = "enumerated"
        for pct, part in run:
            bi = ctx.fig_interval(whole) if whole is not None else parts
            computed = (ctx.fig_interval(part) / bi).scale(HUNDRED)
            if computed.meets(ctx.fig_interval(pct)):
                continue
            if whole is not None:
                _add(ctx, pct, part, whole, basis, clean_label(whole.label))
                continue
            ties = [ctx.tie_of(pct, "比例"), ctx.tie_of(part, "分项"), Tie("基数", basis)]
            si = ctx.fig_interval(pct)
            ctx.add("ratio.share", Evidence(figures=[pct, part] + [p for _, p in run if p is not part], ties=ties),
                    expected=computed.mid, actual=si.mid, expression=f"{part.text.strip()} / Σ parts × 100",
                    delta=si.mid - computed.mid, tolerance=computed.radius + si.radius, part_label=part.label,
                    part=part.text.strip(), base_label="各项合计", base=fmt(bi.mid / ctx.scale_of(part)) + " " + part.unit,
                    computed=fmt(computed.mid, 2), stated=pct.text.strip())


def _whole_before(ctx: Context, s: int, first: Figure, parts) -> Figure | None:
    """The amount printed before the list (its sentence's lead, else the section's earlier text) that the
    parts add up to: the nearest one."""
    sec = ctx.section_at(s)
    lo = sec.start if sec is not None else max(0, s - 600)
    cands = [f for f in ctx.figures_between(lo, first.start) if f.kind == "money" and not f.direction
             and not f.qualifier and not f.approx and f.base_unit == first.base_unit and f is not first]
    for f in reversed(cands):
        if ctx.fig_interval(f).meets(parts):
            return f
    return None


def run(ctx: Context) -> None:
    check_list_shares(ctx)
    check_inline_base(ctx)
    check_over_hundred(ctx)
    check_bare_list(ctx)
