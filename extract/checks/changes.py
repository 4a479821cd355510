"""同比 changes: 增长/下降 X% = 增减额 / 上年数 (ratio_mismatch); 增加/减少 X = 本年 − 上年 (sum_mismatch).

Where the amounts are read (wordings in schemas/checks.toml [params.changes]):
- the change's own clause first (…；公务接待费242万元，较上年减少12万元，下降4.7%；…): amounts of an
  earlier clause of the sentence belong to another item;
- else its sentence (支出A万元，比上年B万元增加C万元，增长D%);
- else, when the sentence opens with the comparison (同比上年度增加C万元，增长D% / 较2022年度决算数增加…),
  the last amount of the sentence before in the paragraph: its subject carried over, so a finding on it is at
  most a warning.
"""
from __future__ import annotations

import re
from typing import Optional

from ..model import Figure
from .certainty import Tie
from .context import CLAUSE_END, Context, Evidence
from .intervals import HUNDRED, Interval, fmt


def _carried_over(ctx: Context, f: Figure) -> bool:
    """上年结转和结余 8.02万元 is this year's item named after last year, not last year's value."""
    return bool(re.search(ctx.rules.params["changes"]["this_year_items"], f.label or ""))


def _is_last_year(ctx: Context, f: Figure) -> bool:
    if f.direction or _carried_over(ctx, f):
        return False
    if f.qualifier and "上年" in f.qualifier:
        return True
    pat = r"上年|去年|上一年|同期"
    if ctx.year:
        pat += f"|{ctx.year - 1}年"
    return bool(re.search(pat, f.label or ""))


def soft_start(ctx: Context, s: int) -> int:
    """The start of a sentence the reader left broken over lines (a web copy keeps a PDF's line breaks:
    …850088.3 元，⏎占支出总预算 78.33%，同比减少…; 占支出总预⏎算4.04 %): a line that ends in a comma, or
    mid-word, goes on into the next one — unless it is a heading or a table row, or the next line starts
    a list item or heading."""
    t = ctx.text
    heads = ctx.__dict__.get("_heading_starts")
    if heads is None:
        heads = ctx.__dict__["_heading_starts"] = {sec.start for sec in ctx.report.sections}
    while s >= 2 and t[s - 1] == "\n":
        ls = t.rfind("\n", 0, s - 1) + 1
        prev, nxt = t[s - 2], t[s:s + 1]
        if s in heads or t[ls:ls + 1] == "|" or nxt in "|（(" or not nxt.strip():
            break
        if prev not in "，,、" and (ls in heads or not ("\u4e00" <= prev <= "\u9fff" and "\u4e00" <= nxt <= "\u9fff")):
            break           # a line ending in a comma is no heading, whatever its number says
        ends = [t.rfind(c, ls, s - 1) for c in "。！？!?；;"]
        k = max(ends)
        if k >= ls:
            return k + 1
        s = ls
    return s


COMPARED_WITH = re.compile(r"(?:^|[，,；;])\s*(?:比|较|与|同|相比)[^，,；;]*$")


def _compared_with(ctx: Context, sentence_start: int, f: Figure) -> bool:
    """The amount a comparison is made against (…，比年初预算12.80万元节约…): not this year's value."""
    return bool(COMPARED_WITH.search(ctx.text[sentence_start:f.start]))


def _this_candidate(ctx: Context, s: int, f: Figure, delta: Figure) -> bool:
    return (f.start < delta.start and not _is_last_year(ctx, f) and not f.direction and f.op is None
            and (not f.qualifier or _carried_over(ctx, f)) and not _compared_with(ctx, s, f))


def _operands(ctx: Context, pct: Figure, s: int) -> Optional[tuple[Figure, Optional[Figure], Optional[Figure]]]:
    """(增减额, 上年数, 本年数) printed between s and the percent."""
    before = [f for f in ctx.figures_between(s, pct.start) if f.kind != "percent"]
    deltas = [f for f in before if f.direction]
    if not deltas:
        return None
    delta = deltas[-1]
    same = [f for f in before if f.base_unit == delta.base_unit and f is not delta]
    lasts = [f for f in same if _is_last_year(ctx, f)]
    thises = [f for f in same if _this_candidate(ctx, s, f, delta)]
    return delta, (lasts[-1] if lasts else None), (thises[-1] if thises else None)


def _carried_this(ctx: Context, s: int, delta: Figure) -> Optional[Figure]:
    """The sentence opens with the comparison (同比上年度增加…): this year's amount is the last amount of
    the sentence before, in the same paragraph."""
    if not re.fullmatch(ctx.rules.params["changes"]["subjectless"], ctx.text[s:delta.start]):
        return None
    ps, _ = ctx.paragraph_bounds(s)
    if s == 0 or s <= ps or ctx.text[s - 1] not in "。":
        return None
    prev_s, _ = ctx.sentence_bounds(s - 1)
    prev = [f for f in ctx.figures_between(max(prev_s, ps), s - 1) if f.kind != "percent"]
    cands = [f for f in prev if _this_candidate(ctx, prev_s, f, delta)]
    if not prev or not cands or prev[-1] is not cands[-1] or prev[-1].base_unit != delta.base_unit:
        return None      # the sentence before ends in a change or another kind of amount: no clear subject
    return cands[-1]


def check_changes(ctx: Context) -> None:
    """同比: 增长/下降 X% = 增减额 / 上年数; 增加/减少 X = 本年 − 上年 when all three are printed."""
    for pct in ctx.report.figures:
        if pct.kind != "percent" or pct.unit != "%" or pct.direction not in ("增长", "下降") or pct.table:
            continue
        s, _ = ctx.sentence_bounds(pct.start)
        s = soft_start(ctx, s)
        cs, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
        cs = soft_start(ctx, cs) if cs == ctx.sentence_bounds(pct.start)[0] else cs
        found, basis = _operands(ctx, pct, cs), "same_clause"
        if found is None or (found[1] is None and found[2] is None):
            found = _operands(ctx, pct, s)
        if found is None:
            _two_years(ctx, pct, s)
            continue
        delta, last, this = found
        if this is None and last is None:
            this, basis = _carried_this(ctx, s, delta), "carried"
        if delta.direction != pct.direction or delta.approx or pct.approx:
            continue
        di, pi = ctx.fig_interval(delta), ctx.fig_interval(pct)
        sign = 1 if pct.direction == "增长" else -1
        if last is not None:
            li = ctx.fig_interval(last)
        elif this is not None:
            ti = ctx.fig_interval(this)
            li = ti - di if sign > 0 else ti + di
        else:
            continue
        if li.lo <= 0:
            continue
        computed = (di / li).scale(HUNDRED)
        figs = [pct, delta] + [f for f in (last, this) if f is not None]
        ties = [ctx.tie_of(f) for f in figs]
        if this is not None and basis == "carried":
            ties[-1] = Tie("本年数", "carried")
        if not computed.meets(pi):
            ctx.add("ratio.change_percent", Evidence(figures=figs, ties=ties), expected=computed.mid,
                    actual=pi.mid, expression="change / last × 100", delta=pi.mid - computed.mid,
                    tolerance=computed.radius + pi.radius, change_label=pct.direction and "增减额",
                    change=delta.text.strip(),
                    last=(last.text.strip() if last else f"{fmt(li.mid / ctx.scale_of(delta))} {delta.unit}".strip()),
                    computed=f"{fmt(computed.mid, 2)}", direction=pct.direction, stated=pct.text.strip())
        if last is not None and this is not None:
            ti, li2 = ctx.fig_interval(this), ctx.fig_interval(last)
            diff = (ti - li2) if sign > 0 else (li2 - ti)
            if not diff.meets(di):
                word = "增加" if sign > 0 else "减少"
                ctx.add("sum.change_amount", Evidence(figures=[delta, this, last], ties=ties[1:]), expected=diff.mid,
                        actual=di.mid, expression="this - last", delta=di.mid - diff.mid,
                        this=this.text.strip(), last=last.text.strip(), direction=word,
                        computed=fmt(diff.mid / ctx.scale_of(delta)) + " " + delta.unit, stated=delta.text.strip())


def _year_before(ctx: Context, s: int, f: Figure) -> Optional[str]:
    """The year a clause gives its amount (2025年当年预算执行数为A万元 → "last"; 2026年预算安排B → "this")."""
    cs = max(s, *(ctx.text.rfind(c, s, f.start) + 1 for c in "，,；;"))
    clause = ctx.text[cs:f.start]
    if re.search(r"上年|去年|上一年", clause) or (ctx.year and f"{ctx.year - 1}年" in clause):
        return "last"
    if ctx.year and f"{ctx.year}年" in clause or re.search(r"本年|今年", clause):
        return "this"
    return None


def _two_years(ctx: Context, pct: Figure, s: int) -> None:
    """2025年当年预算执行数为A万元，2026年预算安排B万元，比2025年预算执行数增加X%: no change amount printed,
    both years' amounts are — X = (B − A) / A, the compared amount being the one the 比… names."""
    m = re.search(r"(?:比|较)(?:上年|去年|\d{4}年度?)?(?P<noun>[^，,；;。\d]{2,12}?)(?:增加|增长|减少|下降)$",
                  re.sub(r"[（(][^）)]*[）)]", "", "".join((pct.label or "").split())))
    if not m:
        return
    figs = [f for f in ctx.figures_between(s, pct.start) if f.kind == "money" and not f.direction and f.op is None
            and not f.approx]
    lasts = [f for f in figs if _year_before(ctx, s, f) == "last" and (f.label or "").endswith(m["noun"])]
    thises = [f for f in figs if _year_before(ctx, s, f) == "this" and lasts and f.start > lasts[-1].end]
    if len(lasts) != 1 or len(thises) != 1:
        return
    last, this = lasts[0], thises[0]
    li, ti, pi = ctx.fig_interval(last), ctx.fig_interval(this), ctx.fig_interval(pct)
    if li.lo <= 0:
        return
    sign = 1 if pct.direction == "增长" else -1
    change = (ti - li) if sign > 0 else (li - ti)
    computed = (change / li).scale(HUNDRED)
    if computed.meets(pi):
        return
    ctx.add("ratio.change_percent", Evidence(figures=[pct, this, last]), expected=computed.mid, actual=pi.mid,
            expression="(this - last) / last × 100", delta=pi.mid - computed.mid,
            tolerance=computed.radius + pi.radius, change_label="增减额",
            change=f"（{this.text.strip()} − {last.text.strip()}）" if sign > 0 else f"（{last.text.strip()} − {this.text.strip()}）",
            last=last.text.strip(), computed=f"{fmt(computed.mid, 2)}", direction=pct.direction, stated=pct.text.strip())


def check_respective(ctx: Context) -> None:
    """收、支总计各是A,B万元。…各减少a,b万元，各下降x%、y%: the i-th percentage is the i-th change over the
    i-th total before it (A ∓ a).  The pairing is printed (各, in order); the totals stand in the sentence
    before, their subject carried over: a warning at most."""
    for m in re.finditer(ctx.rules.params["changes"]["respective"], ctx.text):
        down = m["dir"] in ("下降", "减少")
        for k, (this, delta, pct) in enumerate((("a", "da", "pa"), ("b", "db", "pb"))):
            ti, di, pi = (Interval.graded(m[g]) for g in (this, delta, pct))
            last = ti + di if down else ti - di
            if last.lo <= 0:
                continue
            computed = (di / last).scale(HUNDRED)
            if computed.meets(pi):
                continue
            ties = [Tie("增减幅度", "same_clause"), Tie("增减额", "same_clause"), Tie("本年数", "carried")]
            ctx.add("ratio.change_percent", Evidence(spans=[m.span(pct), m.span(delta), m.span(this)], ties=ties),
                    expected=computed.mid, actual=pi.mid, expression="change / (this ∓ change) × 100",
                    delta=pi.mid - computed.mid, tolerance=computed.radius + pi.radius, change_label="增减额",
                    change=f"{m[delta]}{m['unit']}", last=f"{fmt(last.mid)}{m['unit']}",
                    computed=fmt(computed.mid, 2), direction="下降" if down else "增长", stated=f"{m[pct]}%")
