"""score_mismatch rules: totals of the 自评表, part scores of the conclusion, weights and grade bands."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Figure
from .context import Context, Evidence, to_dec
from .intervals import Interval, fmt, total
from .ratios import _table_section

MAX_MARK = re.compile(r"(满分|分值|权重|总分为?)[为是：:]?\s*$")


def _is_max(ctx: Context, f: Figure) -> bool:
    """A score printed as the maximum of another (…得分14.5分（满分15分）)."""
    return bool(MAX_MARK.search(ctx.text[max(0, f.start - 6):f.start])) or (f.label or "").endswith("满分")


def check_table_total(ctx: Context) -> None:
    """Σ indicator scores + the budget block's score = 自评得分."""
    inds = [to_dec(i.get("score")) for i in ctx.report.indicators]
    inds = [s for s in inds if s is not None]
    if len(inds) < 2:
        return
    budget = next((to_dec(b.get("score")) for b in ctx.report.budget_lines if to_dec(b.get("score")) is not None), None)
    total_iv = ctx.field_interval("self_score")
    if total_iv is None:
        return
    s = sum(inds, Decimal(0)) + (budget or Decimal(0))
    if Interval.exact(s).meets(total_iv):
        return
    weights = [to_dec(i.get("weight")) for i in ctx.report.indicators]
    bweight = next((to_dec(b.get("weight")) for b in ctx.report.budget_lines if to_dec(b.get("score")) is not None), None)
    full = sum((w for w in weights if w is not None), Decimal(0)) + (bweight or Decimal(0))
    # weights that do not make 100 mean rows were missed (or another scheme): the sum is not decidable
    severity = None if full == 100 and None not in weights else "info"
    ev = ctx.field_evidence(["self_score"])
    table = ctx.report.indicators[0].get("table")
    if ev.section is None:
        ev.section = _table_section(ctx, table)
    ctx.add("score.total", ev, severity=severity, expected=s, actual=total_iv.mid,
            expression="Σ indicator.score + budget.score",
            delta=total_iv.mid - s, indicators="+".join(fmt(x) for x in inds), budget=fmt(budget or Decimal(0)),
            sum=fmt(s), total=fmt(total_iv.mid), delta_text=fmt(abs(total_iv.mid - s)), total_label="自评得分")


def check_total_rows(ctx: Context) -> None:
    """The 总分 row of each 自评表: Σ 分值 = its 分值 (score.weight_total), Σ 得分 = its 得分 (score.total),
    the budget block's scored row counted or not (templates differ).  A 总分 that repeats the 自评得分 is
    left to `check_table_total`; when the weights do not add up, rows were missed and a score sum is
    undecided (info)."""
    self_iv = ctx.field_interval("self_score")
    for block, head in ctx.forms:
        stated_row = block.total or {}
        weights_ok = True
        for key, rule, word in (("weight", "score.weight_total", "分值"), ("score", "score.total", "得分")):
            stated = stated_row.get(key)
            parts = [ln[key] for ln in block.lines if ln[key] is not None]
            if stated is None or not parts:
                continue
            extra = head.get(key) if head else None
            options = [parts] + ([parts + [extra]] if extra is not None else [])
            sums = [total([Interval.graded(p) for p in opt]) for opt in options]
            target = Interval.graded(stated)
            if any(sm.meets(target) for sm in sums):
                continue
            if key == "weight":
                weights_ok = False
            elif self_iv is not None and self_iv.meets(target):
                continue  # the row repeats the 自评得分: check_table_total compares Σ with it
            sm, stated_d = sums[-1], Decimal(stated)
            ev = Evidence(section=_table_section(ctx, block.table.id),
                          pages=[p for p in (stated_row.get("page"),) if p])
            ctx.add(rule, ev, severity=None if key == "weight" or weights_ok else "info", expected=sm.mid,
                    actual=stated_d, expression=f"Σ indicator.{key}" + (f" + budget.{key}" if extra else "")
                    + f" = 总分.{key}", delta=stated_d - sm.mid, tolerance=sm.radius + target.radius,
                    indicators="+".join(parts), budget=extra or "0", sum=fmt(sm.mid), total=stated,
                    delta_text=fmt(abs(stated_d - sm.mid)), total_label=f"自评表总分行{word}")


def check_part_scores(ctx: Context) -> None:
    """The conclusion's part scores (…得分 X 分) printed with the total add up to it."""
    total_fig = ctx.field_figure("self_score")
    if total_fig is None:
        return
    ps, pe = ctx.paragraph_bounds(total_fig.start)
    scores = [f for f in ctx.figures_between(ps, pe) if f.kind == "score" and f is not total_fig and not f.table]
    parts = [f for f in scores if not _is_max(ctx, f) and "得分" in (f.label or "")
             and not re.search(r"上年|去年|同比|较|提高|下降|扣|减|增", f.label or "")]
    maxes = [f for f in scores if _is_max(ctx, f)]
    for m in maxes:  # each part ≤ its 满分
        prev = [p for p in parts if p.end <= m.start]
        if prev and prev[-1].base_value > m.base_value:
            p = prev[-1]
            ctx.add("score.over_weight", Evidence(figures=[p, m]), expected=m.base_value, actual=p.base_value,
                    item=re.sub(r"得分.*$", "", p.label or ""), score=fmt(p.base_value), weight=fmt(m.base_value))
    if len(parts) < 2 or "其中" in ctx.text[parts[0].end:parts[-1].start]:
        return  # a nested breakdown (产出指标得分49分，其中数量指标…) is not a list of the total's parts
    s = sum((p.base_value for p in parts), Decimal(0))
    t = ctx.fig_interval(total_fig)
    if Interval.exact(s).meets(t):
        return
    ctx.add("score.parts", Evidence(figures=[total_fig] + parts), expected=s, actual=t.mid,
            expression=" + ".join(p.text.strip() for p in parts), delta=t.mid - s,
            parts="、".join(f"{p.label}{p.text.strip()}" for p in parts), sum=fmt(s), total=fmt(t.mid),
            delta_text=fmt(abs(t.mid - s)))


def check_weights(ctx: Context) -> None:
    """No indicator or budget row scores above its weight."""
    rows = [(i.get("level3") or i.get("level2") or "指标", i) for i in ctx.report.indicators]
    rows += [(b.get("row") or "预算执行", b) for b in ctx.report.budget_lines]
    for name, r in rows:
        w, s = to_dec(r.get("weight")), to_dec(r.get("score"))
        if w is None or s is None or s <= w:
            continue
        ev = Evidence(section=_table_section(ctx, r.get("table")), pages=[r["page"]] if r.get("page") else [])
        ctx.add("score.over_weight", ev, expected=w, actual=s, expression="score <= weight", delta=s - w,
                item=f"“{name}”", score=fmt(s), weight=fmt(w))


def check_grade(ctx: Context) -> None:
    """The stated grade is the band of the stated score."""
    score, grade = ctx.field("self_score"), ctx.field("self_grade")
    if score is None or grade is None or not isinstance(score.value, Decimal):
        return
    g = str(grade.value).strip("“”\"' ")
    iv = ctx.field_interval("self_score") or Interval.exact(score.value)
    possible = {ctx.rules.grade_for(iv.lo), ctx.rules.grade_for(iv.hi)}
    if g in possible or g not in {b[0] for b in ctx.rules.params["grade_bands"]}:
        return
    ev = ctx.field_evidence(["self_score", "self_grade"])
    expected = ctx.rules.grade_for(score.value)
    ctx.add("score.grade_band", ev, expected=expected, actual=g, expression="grade_band(self_score)",
            score=fmt(score.value), expected_grade=expected, grade=g)


def run(ctx: Context) -> None:
    check_table_total(ctx)
    check_total_rows(ctx)
    check_part_scores(ctx)
    check_weights(ctx)
    check_grade(ctx)
