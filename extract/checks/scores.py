"""score_mismatch rules: totals of the 自评表, part scores of the conclusion, weights and grade bands.

The table rules work within one evaluation (checks/scope.py): a document holding several 自评表s never
has one form's scores summed with another's, nor one project's score graded by another's 等级; a finding
about a form carries its evaluation and names its unit or project.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from ..model import Figure
from . import scope
from ..tables.flatforms import FLAT, flat_forms
from .certainty import Tie
from .context import Context, Evidence, to_dec
from .intervals import Interval, fmt, total
from .ratios import _table_section

MAX_MARK = re.compile(r"(满分|分值|权重|总分为?)[为是：:]?\s*$")


def _is_max(ctx: Context, f: Figure) -> bool:
    """A score printed as the maximum of another (…得分14.5分（满分15分）)."""
    return bool(MAX_MARK.search(ctx.text[max(0, f.start - 6):f.start])) or (f.label or "").endswith("满分")


def _units(ctx: Context) -> list[tuple[Optional[str], list[dict], Optional[dict]]]:
    """(evaluation, its indicator rows, its budget block's totals row) for each evaluation with indicators."""
    groups: dict[Optional[str], list[dict]] = {}
    for i in ctx.report.indicators:
        if i.get("origin") != FLAT:      # a flattened form's rows may be cut short: no total is summed from them
            groups.setdefault(i.get("evaluation"), []).append(i)
    heads: dict[str, Optional[dict]] = {}
    for form in ctx.forms:
        heads.setdefault(scope.of_form(ctx, form), form.head)
    out = []
    for ev, inds in groups.items():
        head = heads[ev] if ev in heads else next(
            (b for b in ctx.report.budget_lines if b.get("evaluation") == ev and to_dec(b.get("score")) is not None), None)
        out.append((ev, inds, head))
    return out


def check_table_total(ctx: Context) -> None:
    """Σ indicator scores + the budget block's score = 自评得分, for the evaluation the 自评得分 is of."""
    total_iv = ctx.field_interval("self_score")
    if total_iv is None:
        return
    units = [u for u in _units(ctx) if sum(to_dec(i.get("score")) is not None for i in u[1]) >= 2]
    for ev, rows, head in units:
        if scope.field_applies(ctx, "self_score", ev, len(units)):
            _table_total(ctx, ev, rows, head, total_iv)


def _table_total(ctx: Context, ev: Optional[str], rows: list[dict], head: Optional[dict], total_iv: Interval) -> None:
    inds = [s for s in (to_dec(i.get("score")) for i in rows) if s is not None]
    budget = to_dec(head.get("score")) if head else None
    s = sum(inds, Decimal(0)) + (budget or Decimal(0))
    if Interval.exact(s).meets(total_iv):
        return
    weights = [to_dec(i.get("weight")) for i in rows]
    bweight = to_dec(head.get("weight")) if head and budget is not None else None
    full = sum((w for w in weights if w is not None), Decimal(0)) + (bweight or Decimal(0))
    # weights that do not make 100 mean rows were missed (or another scheme): the sum is not decidable
    severity = None if full == 100 and None not in weights else "info"
    ev_ = ctx.field_evidence(["self_score"])
    if ev_.section is None:
        ev_.section = _table_section(ctx, rows[0].get("table"))
    scope.tag(ctx.add("score.total", ev_, severity=severity, expected=s, actual=total_iv.mid,
                      expression="Σ indicator.score + budget.score", delta=total_iv.mid - s,
                      indicators="+".join(fmt(x) for x in inds), budget=fmt(budget or Decimal(0)), sum=fmt(s),
                      total=fmt(total_iv.mid), delta_text=fmt(abs(total_iv.mid - s)), total_label="自评得分",
                      form=scope.form_label(ctx, ev)), ev)


def check_total_rows(ctx: Context) -> None:
    """The 总分 row of each 自评表: Σ 分值 = its 分值 (score.weight_total), Σ 得分 = its 得分 (score.total),
    the budget block's scored row counted or not (templates differ); its 得分 not above its 分值; and the
    分值 of a 一级指标 that states its own (产出指标（50分）).  A 总分 that repeats the 自评得分 is left to
    `check_table_total`; when the weights do not add up, rows were missed and a score sum is undecided
    (info).  A budget row scored without a 分值 may hold whatever the weights leave: undecided too."""
    n = len(ctx.forms)
    for form in ctx.forms:
        ev = scope.of_form(ctx, form)
        block, head = form.indicator, form.head
        stated_row = block.total or {}
        where = Evidence(section=_table_section(ctx, block.table.id),
                         pages=[stated_row["page"]] if stated_row.get("page") else form.pages[-1:],
                         spans=[(stated_row["start"], stated_row["end"])] if stated_row.get("end") else
                         [(block.start, block.end)])
        label = scope.form_label(ctx, ev)
        self_iv = ctx.field_interval("self_score") if scope.field_applies(ctx, "self_score", ev, n) else None
        weights_ok, fired = True, False
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
            if key == "weight" and head and extra is None and head.get("score") is not None \
                    and Decimal(stated) - sums[0].mid >= Decimal(head["score"]):
                continue  # the budget row's unprinted 分值 may be the difference
            if key == "weight":
                weights_ok = False
            elif self_iv is not None and self_iv.meets(target):
                continue  # the row repeats the 自评得分: check_table_total compares Σ with it
            fired = True
            sm, stated_d = sums[-1], Decimal(stated)
            scope.tag(ctx.add(rule, where, severity=None if key == "weight" or weights_ok else "info",
                              expected=sm.mid, actual=stated_d, expression=f"Σ indicator.{key}"
                              + (f" + budget.{key}" if extra else "") + f" = 总分.{key}", delta=stated_d - sm.mid,
                              tolerance=sm.radius + target.radius, indicators="+".join(parts), budget=extra or "0",
                              sum=fmt(sm.mid), total=stated, delta_text=fmt(abs(stated_d - sm.mid)),
                              total_label=f"自评表总分行{word}", form=label), ev)
        w, s = to_dec(stated_row.get("weight")), to_dec(stated_row.get("score"))
        if w is not None and s is not None and s > w:
            fired = True
            scope.tag(ctx.add("score.over_weight", where, expected=w, actual=s, expression="总分.score <= 总分.weight",
                              delta=s - w, item="总分行", score=fmt(s), weight=fmt(w),
                              form=scope.form_label(ctx, ev, "")), ev)
        if not fired:
            _group_weights(ctx, form, ev, where)


def _group_weights(ctx: Context, form, ev: Optional[str], where: Evidence) -> None:
    """产出指标（50分）: the 分值 of the indicators under a 一级指标 add up to what its cell states (one finding
    per form, naming every group that does not)."""
    pat = re.compile(ctx.rules.params["group_weight"])
    groups: dict[str, list[Optional[str]]] = {}
    for ln in form.indicator.lines:
        groups.setdefault(ln.get("level1") or "", []).append(ln.get("weight"))
    wrong = []
    for name, weights in groups.items():
        m = pat.match("".join(name.split()))
        if m and None not in weights:
            stated, sm = Decimal(m["weight"]), sum((Decimal(w) for w in weights), Decimal(0))
            if sm != stated:
                wrong.append((name, weights, sm, stated))
    if not wrong:
        return
    name, _, sm, stated = wrong[0]
    scope.tag(ctx.add("score.group_weight", where, expected=sm, actual=stated,
                      expression="Σ indicator.weight = 一级指标.weight", delta=stated - sm, form=scope.form_label(ctx, ev),
                      groups="；".join(f"“{n}”下各指标分值 {'+'.join(w)} 合计 {fmt(t)} 分，与其标明的 {fmt(st)} 分不符"
                                      for n, w, t, st in wrong)), ev)


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
                    item=re.sub(r"得分.*$", "", p.label or ""), score=fmt(p.base_value), weight=fmt(m.base_value),
                    form="")
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
    rows = [(i.get("level3") or i.get("level2") or "指标", i) for i in ctx.report.indicators
            if i.get("origin") != FLAT]          # check_flat_forms checks those, with their flattened cells
    rows += [(b.get("row") or "预算执行", b) for b in ctx.report.budget_lines]
    for name, r in rows:
        w, s = to_dec(r.get("weight")), to_dec(r.get("score"))
        if w is None or s is None or s <= w:
            continue
        ev = r.get("evaluation")
        where = Evidence(section=_table_section(ctx, r.get("table")), pages=[r["page"]] if r.get("page") else [],
                         spans=scope.row_span(ctx, r))
        scope.tag(ctx.add("score.over_weight", where, expected=w, actual=s, expression="score <= weight", delta=s - w,
                          item=f"“{name}”", score=fmt(s), weight=fmt(w), form=scope.form_label(ctx, ev, "")), ev)


def check_grade(ctx: Context) -> None:
    """The stated grade is the band of the stated score: the report's 自评得分 and 等级 when both are of one
    evaluation, and each evaluation's own score and grade (a form's 总分 and 评价等级)."""
    score, grade = ctx.field("self_score"), ctx.field("self_grade")
    done: set[Optional[str]] = set()
    if score is not None and grade is not None and isinstance(score.value, Decimal):
        ev, other = scope.of_field(ctx, "self_score"), scope.of_field(ctx, "self_grade")
        one_place = len(ctx.report.evaluations) < 2 or score.section == grade.section
        if ev == other and (ev is not None or one_place):
            done.add(ev)
            iv = ctx.field_interval("self_score") or Interval.exact(score.value)
            _grade(ctx, iv, str(grade.value), ctx.field_evidence(["self_score", "self_grade"]), ev)
    for e in ctx.report.evaluations:
        if e.id not in done and e.score is not None and e.grade:
            where = Evidence(spans=[(e.start, min(e.end, len(ctx.text)))], pages=e.pages[-1:],
                             section=ctx.section_id_at(e.start))
            _grade(ctx, Interval.exact(e.score), e.grade, where, e.id)


def _grade(ctx: Context, iv: Interval, grade: str, where: Evidence, ev: Optional[str]) -> None:
    g = grade.strip("“”\"' ")
    possible = {ctx.rules.grade_for(iv.lo), ctx.rules.grade_for(iv.hi)}
    if g in possible or g not in {b[0] for b in ctx.rules.params["grade_bands"]}:
        return
    expected = ctx.rules.grade_for(iv.mid)
    name = scope.names(ctx).get(ev) if ev else None
    scope.tag(ctx.add("score.grade_band", where, expected=expected, actual=g, expression="grade_band(self_score)",
                      score=fmt(iv.mid), expected_grade=expected, grade=g, form=f"“{name}”" if name else ""), ev)


def check_flat_forms(ctx: Context) -> None:
    """A 自评表 flattened onto text lines (extract/tables/flatforms.py): each row's 得分 ≤ its 分值; the rows
    of a 一级指标 printed before them (产出指标（50分）) add up to its weight; and where a weight column's
    cells (项目管理 13 分) stand beside the middle of their rows, the region's rows add up to its groups
    together.  A grouping the flattening leaves open (a group printed inside a row) is undecided: info."""
    if any(i.get("origin") != FLAT for i in ctx.report.indicators) or "分" not in ctx.text:
        return                                   # the form was read as a table: the table rules check it
    for form in flat_forms(ctx.text):
        cells = [Tie("分值", "flat_cell"), Tie("得分", "flat_cell")]
        for r in form.rows:
            if Decimal(r.score) > Decimal(r.weight):
                ctx.add("score.over_weight", Evidence(spans=list(r.spans), ties=cells),
                        expected=Decimal(r.weight), actual=Decimal(r.score), expression="score <= weight",
                        delta=Decimal(r.score) - Decimal(r.weight), item=f"“{r.name}”" if r.name else "指标",
                        score=r.score, weight=r.weight, form="")
        _flat_groups(ctx, form)


def _flat_groups(ctx: Context, form) -> None:
    leading = [g for g in form.groups if g.kind == "leading" and g.closed and g.rows]
    column = [g for g in form.groups if g.kind == "column"]
    wrong, spans = [], []
    if leading:
        for g in leading:
            ws = [r.weight for r in g.rows]
            sm = sum((Decimal(w) for w in ws), Decimal(0))
            if sm != Decimal(g.weight):
                wrong.append((g.name, ws, sm, Decimal(g.weight)))
                spans += [(g.start, g.end)] + [r.spans[0] for r in g.rows]
    elif column and form.closed and len(column) == len(form.groups):
        ws = [r.weight for r in form.rows]
        sm = sum((Decimal(w) for w in ws), Decimal(0))
        stated = sum((Decimal(g.weight) for g in column), Decimal(0))
        if sm != stated:
            wrong.append(("、".join(f"{g.name}（{g.weight}分）" for g in column), ws, sm, stated))
            spans += [(g.start, g.end) for g in column] + [r.spans[0] for r in form.rows]
    if not wrong:
        return
    ties = [Tie("指标分值", "flat_cell"), Tie("一级指标分值", "flat_cell" if form.leading or column else "inferred")]
    readings = [] if form.leading or column else ["一级指标印在其指标行中间，其下指标不能按顺序确定"]
    name, ws, sm, stated = wrong[0]
    ctx.add("score.group_weight", Evidence(spans=spans, ties=ties, readings=readings), expected=sm, actual=stated,
            expression="Σ indicator.weight = 一级指标.weight", delta=stated - sm, form="",
            groups="；".join(f"“{n}”下各指标分值 {'+'.join(w)} 合计 {fmt(t)} 分，与其标明的 {fmt(st)} 分不符"
                            for n, w, t, st in wrong))


def run(ctx: Context) -> None:
    check_table_total(ctx)
    check_total_rows(ctx)
    check_part_scores(ctx)
    check_weights(ctx)
    check_grade(ctx)
    check_flat_forms(ctx)
