"""ratio_mismatch rules: shares, named rates and the 自评表's 执行率 (同比 changes: changes.py)."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Figure
from . import itemlist, shares
from .certainty import Tie
from .changes import check_changes, check_respective, soft_start
from .context import CLAUSE_END, Context, Evidence, clean_label, to_dec
from .intervals import HUNDRED, Interval, fmt

# a share's base named in words → the field that holds it when no figure with that label is near
BASE_FIELDS = [
    (r"^基本支出$", "basic_expenditure"),
    (r"^项目支出$", "project_expenditure"),
    (r"(支出合计|总支出|支出总额|全年执行数|执行数|实际支出|全年支出|部门支出|决算支出)$", "total_expenditure"),
    (r"(全年预算|预算总额|预算数)$", "total_budget"),
    (r"(收入合计|总收入|部门收入)$", "total_income"),
]
TABLE_SHARE = re.compile(r"^(?P<part>.+?)占(?P<base>.+?)(的)?(比例|比重|百分比)$")


def pct_text(iv: Interval) -> str:
    return fmt(iv.mid, 2)


def _label_matches(label: str, base: str) -> bool:
    lb = clean_label(label)
    if re.search(r"预算|计划|目标", lb) and not re.search(r"预算|计划|目标", base):
        return False  # 占项目支出的 is a share of spending, not of 项目支出全年预算
    return bool(lb) and (lb == base or lb.endswith(base) or lb.startswith(base)
                         or (len(lb) >= 2 and base.endswith(lb)))


def _find_base(ctx: Context, pct: Figure, base: str, before: int, part: Optional[Figure] = None) -> list[Figure]:
    """The amounts a share may be of, nearest first: money figures labelled with the base before the share in
    its paragraph, else in its section, else the field the base names.  A short base (占支出的) can match
    several; the share holds if it is the ratio to any of them."""
    ps, _ = ctx.paragraph_bounds(pct.start)
    sec = ctx.secs.get(pct.section or "")
    lo = min(ps, sec.start) if sec is not None and not pct.table else (0 if pct.table else ps)
    cands = [f for f in ctx.figures_between(lo, before) if f.kind == "money" and not f.direction
             and not f.qualifier and _label_matches(f.label, base) and f is not part and not itemlist.share_base(ctx, f)
             and (part is None or f.base_value != part.base_value or f.label != part.label)]
    named = []  # the field the base names is always a candidate (占项目支出的 → project_expenditure)
    for pattern, fname in BASE_FIELDS:
        f = ctx.field_figure(fname) if re.search(pattern, base) else None
        if f is not None and f is not part:
            named.append(f)
            break
    near = [f for f in cands if f.start >= ps]
    if near:
        return near[::-1] + [f for f in named if f not in near]
    same_sec = [f for f in cands if f.section == pct.section]
    if same_sec:
        return same_sec[::-1] + [f for f in named if f not in same_sec]
    if pct.table:
        same_table = [f for f in ctx.report.figures if f.table == pct.table and f.kind == "money"
                      and _label_matches(f.label, base) and f is not part]
        if same_table:
            return same_table
    for pattern, fname in BASE_FIELDS:
        if re.search(pattern, base):
            f = ctx.field_figure(fname)
            if f is not None and f is not part:
                return [f]
    return []


def check_shares(ctx: Context) -> None:
    """占…的 X%: part / base × 100 within the printed precision."""
    for pct in ctx.report.figures:
        if pct.kind != "percent" or pct.op or pct.approx:
            continue
        base_label, part_label, broken = pct.base_label, None, False
        if not base_label and not pct.table:
            base_label = _broken_base(ctx, pct)
            broken = bool(base_label)
        if not base_label:
            m = TABLE_SHARE.match(clean_label(pct.label))
            if m:
                base_label, part_label = m["base"], m["part"]
            elif pct.table and clean_label(pct.label).endswith("占比") and len(clean_label(pct.label)) > 2:
                # a 占比 column without a named base: the share of the table's 合计 row
                base_label, part_label = "合计", re.sub(r"^其中", "", clean_label(pct.label)[:-2])
            else:
                continue
        base_label = clean_label(base_label)
        if part_label is not None and re.sub(r"^其中", "", part_label) in (base_label, "合计", "总计"):
            continue  # 合计占合计 100%
        part = _find_part(ctx, pct, part_label, broken)
        if part is None or part.approx:
            continue
        bases = _find_base(ctx, pct, base_label, pct.start, part)
        if not bases and pct.table:
            bases = _find_base(ctx, pct, base_label, len(ctx.text), part)
        late = not bases and _late_base(ctx, pct, base_label, part)
        if late:
            bases = late
        if not bases:
            ctx.add("ratio.share_undecided", Evidence(figures=[pct, part]), part_label=part.label,
                    base_label=base_label, stated=pct.text.strip())
            continue
        pi, si = ctx.fig_interval(part), ctx.fig_interval(pct)
        bases = [b for b in bases if not ctx.fig_interval(b).contains_zero()]
        if not bases or any((pi / ctx.fig_interval(b)).scale(HUNDRED).meets(si) for b in bases):
            continue
        base = bases[0]
        computed = (pi / ctx.fig_interval(base)).scale(HUNDRED)
        ties = [ctx.tie_of(pct), ctx.tie_of(part), Tie("基数", "nearest") if late else ctx.tie_of(base)]
        ctx.add("ratio.share", Evidence(figures=[pct, part, base], ties=ties), expected=computed.mid, actual=si.mid,
                expression=f"{part.text.strip()} / {base.text.strip()} × 100", delta=si.mid - computed.mid,
                tolerance=computed.radius + si.radius, part_label=part.label, part=part.text.strip(),
                base_label=clean_label(base.label) or base_label, base=base.text.strip(), computed=pct_text(computed),
                stated=pct.text.strip())


def _broken_base(ctx: Context, pct: Figure) -> Optional[str]:
    """占支出总预⏎算4.04 %: the base of a share whose words the reader broke over two lines."""
    s, _ = ctx.sentence_bounds(pct.start, CLAUSE_END)
    s = soft_start(ctx, s)
    if "\n" not in ctx.text[s:pct.start]:
        return None
    m = re.search(ctx.rules.params["shares"]["broken_base"], ctx.text[s:pct.start].replace("\n", ""))
    return m["base"] if m else None


def _late_base(ctx: Context, pct: Figure, base: str, part: Figure) -> list[Figure]:
    """占支出总预算 X% printed before any amount so named (a fragment starting mid-document): the amounts
    after it whose label ends in the base's total word (财政拨款收支总预算 Y 元) — when they are all one
    amount; a likely tie."""
    word = next((w for w in ctx.rules.params["shares"]["total_words"] if base.endswith(w)), None)
    if word is None:
        return []
    cands = [f for f in ctx.figures_between(pct.end, len(ctx.text)) if f.kind == "money" and not f.direction
             and not f.qualifier and not f.approx and f is not part and clean_label(f.label).endswith(word)]
    if not cands or len({f.base_value for f in cands}) > 1 or part.base_value > cands[0].base_value:
        return []
    return cands[:1]


def _find_part(ctx: Context, pct: Figure, part_label: Optional[str], broken: bool = False) -> Optional[Figure]:
    """The amount a share is of: a table row's, else the clause's amount its label names (a share whose
    words were broken over lines has a label of fragments: the clause's last amount)."""
    if pct.table:
        want = clean_label(part_label or pct.label)
        row = [f for f in ctx.report.figures if f.table == pct.table and f.kind == "money"
               and clean_label(f.label).endswith(want) and abs(f.start - pct.start) < 200]
        row.sort(key=lambda f: abs(f.start - pct.start))
        return row[0] if row else None
    s, e = ctx.sentence_bounds(pct.start, CLAUSE_END)
    s = soft_start(ctx, s)
    before = [f for f in ctx.figures_between(s, pct.start) if f.kind == "money" and not f.direction]
    if not before:
        # 人员经费主要用于…，占基本支出的比重为…: the amount was given in an earlier sentence of the paragraph
        want = clean_label(pct.label)
        k = ctx.text.rfind("占", s, pct.start)
        subject = re.split(r"[，,]", ctx.text[s:k])[-1] if k != -1 else ""
        if clean_label(subject):
            want = clean_label(subject)  # 非税收入占一般公共预算地方收入的26.01%: the subject before 占
        ps, _ = ctx.paragraph_bounds(pct.start)
        earlier = [f for f in ctx.figures_between(ps, s) if f.kind == "money" and not f.direction
                   and not f.qualifier and want and clean_label(f.label).endswith(want)
                   and not itemlist.share_base(ctx, f)]
        return earlier[-1] if earlier else None
    k = ctx.text.rfind("分别", s, pct.start)
    if k != -1 and before[-1].end <= k:
        # 人员经费A、公用经费B，分别占基本支出的 a% 和 b%: the i-th share belongs to the i-th amount
        shares = [f for f in ctx.figures_between(k, e) if f.kind == "percent"]
        amounts = [f for f in before if f.end <= k][-len(shares):]
        if len(amounts) == len(shares) and pct in shares:
            return amounts[shares.index(pct)]
    want = clean_label(pct.label)
    if not want or broken:
        return before[-1]
    same = [f for f in before if clean_label(f.label) == want]
    if same:
        return same[-1]
    # the nearest amount whose label names the same thing (全年实际支出 / 实际支出); else undecidable
    related = [f for f in before if clean_label(f.label) and (clean_label(f.label).endswith(want)
                                                              or want.endswith(clean_label(f.label)))]
    return related[-1] if related else None


def check_execution_rate(ctx: Context) -> None:
    """The unit's 预算执行率 field against 全年执行数 / 全年预算数 fields."""
    rate, spent, budget = (ctx.field_interval(n) for n in ("execution_rate", "total_expenditure", "total_budget"))
    if rate is None or spent is None or budget is None or budget.contains_zero():
        return
    computed = (spent / budget).scale(HUNDRED)
    if computed.meets(rate):
        return
    ev = ctx.field_evidence(["execution_rate", "total_expenditure", "total_budget"])
    ctx.add("ratio.execution_rate", ev, expected=computed.mid, actual=rate.mid,
            expression="total_expenditure / total_budget × 100", delta=rate.mid - computed.mid,
            tolerance=computed.radius + rate.radius, spent=ctx.field_text("total_expenditure"),
            budget=ctx.field_text("total_budget"), computed=pct_text(computed), stated=ctx.field_text("execution_rate"))


def check_named_rates(ctx: Context) -> None:
    """执行率/结案率/理赔率… printed after their numerator and denominator in the same sentence."""
    specs = ctx.rules.params.get("rate", [])
    for pct in ctx.report.figures:
        if pct.kind != "percent" or pct.table or pct.op or pct.direction:
            continue
        label = clean_label(pct.label)
        spec = next((sp for sp in specs if re.search(f"(?:{sp['rate']})$", label)), None)
        if spec is None or pct.base_label:
            continue        # …完成年初预算的212.65%，占本年支出合计的14.27%: a share of a named base, no rate
        s, _ = ctx.sentence_bounds(pct.start)
        before = [f for f in ctx.figures_between(s, pct.start)
                  if f.kind == spec["kind"] and not f.direction and not f.qualifier and f.op is None and not f.approx
                  and not _fragment(ctx, f)]
        nums = [f for f in before if re.search(spec["num"], f.label or "")
                and not (spec.get("num_not") and re.search(spec["num_not"], f.label or ""))]
        dens = [f for f in before if re.search(spec["den"], f.label or "")
                and not (spec.get("den_not") and re.search(spec["den_not"], f.label or ""))]
        den_basis = "same_clause"
        if not dens and spec.get("den_likely"):
            # 财政拨款收入合计A，财政拨款支出合计B，预算执行率C%: no budget printed, the income stands for it
            dens = [f for f in before if re.search(spec["den_likely"], f.label or "")]
            den_basis = "income_as_budget"
        if not nums or not dens:
            continue
        si = ctx.fig_interval(pct)
        pairs = [(n, d) for d in reversed(dens) for n in reversed(nums)
                 if n is not d and not ctx.fig_interval(d).contains_zero()]
        if not pairs:
            zero = [d for d in dens if d.value == 0]
            if zero and len(zero) == len(dens) and pct.value > 0:
                # 年初预算为 0 万元，…完成年初预算的 95.89%: no amount is any share of nothing
                ctx.add("ratio.named_rate", Evidence(figures=[pct, nums[-1], zero[-1]], ties=[
                    ctx.place_tie(pct, "比率"), ctx.place_tie(zero[-1], "分母")]), expected=None,
                        actual=ctx.fig_interval(pct).mid, expression=f"{nums[-1].text.strip()} / 0", num_label=nums[-1].label,
                        num=nums[-1].text.strip(), den_label=zero[-1].label, den=zero[-1].text.strip(),
                        computed="—（分母为 0）", rate_label=label, stated=pct.text.strip())
            continue
        # a sentence may print several amounts of each kind: the rate holds if any pairing gives it
        if any((ctx.fig_interval(n) / ctx.fig_interval(d)).scale(HUNDRED).meets(si) for n, d in pairs):
            continue
        num, den = pairs[0]
        computed = (ctx.fig_interval(num) / ctx.fig_interval(den)).scale(HUNDRED)
        # numerator and denominator are named in the rate's own sentence: their place ties them, whatever the fields
        ties = [ctx.place_tie(pct, "比率"), ctx.place_tie(num, "分子"), Tie("分母", den_basis)]
        ctx.add("ratio.named_rate", Evidence(figures=[pct, num, den], ties=ties, section=_home(ctx, pct.start)),
                expected=computed.mid, actual=si.mid,
                expression=f"{num.text.strip()} / {den.text.strip()} × 100", delta=si.mid - computed.mid,
                tolerance=computed.radius + si.radius, num_label=num.label, num=num.text.strip(),
                den_label=den.label, den=den.text.strip(), computed=pct_text(computed), rate_label=label,
                stated=pct.text.strip())


def _home(ctx: Context, pos: int) -> Optional[str]:
    """The section a sentence stands in; a run-in numbered paragraph (54.X项目绩效自评综述：全年预算数…) is an
    item of its parent's list, not a section of its own."""
    sec = ctx.section_at(pos)
    while sec is not None and sec.parent and ctx.text[sec.body_start:sec.body_start + 1] in ("：", ":") \
            and "\n" not in ctx.text[sec.start:pos]:
        sec = ctx.secs.get(sec.parent)
    return sec.id if sec is not None else None


def _fragment(ctx: Context, f: Figure) -> bool:
    """The tail of a number printed letter-spaced (年初预算 1 8 1 . 2 9万元 read as 9万元): not the amount."""
    return bool(re.search(r"[\d.．]\s$", ctx.text[max(0, f.start - 2):f.start]))


def _table_section(ctx: Context, table_id: Optional[str]) -> Optional[str]:
    for t in ctx.report.document.tables:
        if t.id == table_id:
            return ctx.section_id_at(t.start)
    for f in ctx.report.figures:
        if f.table == table_id:
            return f.section
    return None


def _row_figures(ctx: Context, line: dict) -> list[Figure]:
    row = clean_label(re.sub(r"^其中[：:]?", "", line.get("row") or ""))
    return [f for f in ctx.report.figures if f.table == line.get("table") and row
            and clean_label(f.label).startswith(row)]


def check_table_rates(ctx: Context) -> None:
    """Each budget row of the 自评表: 执行率 = 全年执行数 / 全年预算数; its score = 分值 × 执行率.  A row is
    its own form's (the finding carries the form's evaluation and names its unit or project)."""
    from . import scope
    flagged: set[tuple] = set()
    for line in ctx.report.budget_lines:
        budget, spent, rate = to_dec(line.get("budget")), to_dec(line.get("spent")), to_dec(line.get("rate"))
        section = _table_section(ctx, line.get("table"))
        figs = _row_figures(ctx, line)
        ev = line.get("evaluation")
        form, spans = scope.form_label(ctx, ev), scope.row_span(ctx, line) if ev else []
        if budget is not None and spent is not None and rate is not None and budget != 0:
            places = max(_places(line.get("budget")), _places(line.get("spent")))
            bi, si = Interval.printed(_at(line.get("budget"), places)), Interval.printed(_at(line.get("spent"), places))
            ri = Interval.printed(rate)
            if not bi.contains_zero():
                computed = (si / bi).scale(HUNDRED)
                capped = rate == HUNDRED and computed.lo >= HUNDRED  # spending over budget, rate capped at 100%
                same = (ev, line.get("table"), budget, spent, rate)
                if not computed.meets(ri) and not capped and same not in flagged:
                    flagged.add(same)     # its 其中 row repeating the same three cells is the same slip
                    cells = [Tie("执行率", "cell"), Tie("全年执行数", "cell"), Tie("全年预算数", "cell")]
                    scope.tag(ctx.add("ratio.table_rate", Evidence(figures=figs, section=section, spans=spans, ties=cells,
                                                                   pages=[line["page"]] if line.get("page") else []),
                                      expected=computed.mid, actual=rate, expression="spent / budget × 100",
                                      delta=rate - computed.mid, tolerance=computed.radius + ri.radius,
                                      row=line.get("row"), spent=line.get("spent"), budget=line.get("budget"),
                                      computed=pct_text(computed), stated=line.get("rate"), form=form), ev)
        weight, score = to_dec(line.get("weight")), to_dec(line.get("score"))
        if weight is not None and score is not None and rate is not None:
            ri = Interval.printed(rate)
            capped = Interval(min(ri.lo, HUNDRED), min(ri.hi, HUNDRED))
            computed = capped.scale(weight / HUNDRED)
            printed = Interval.printed(score)
            printed = Interval(printed.lo, printed.hi + printed.radius)  # rounded, or cut off at its digits
            if not computed.meets(printed):
                scope.tag(ctx.add("score.budget_rate", Evidence(figures=figs, section=section, spans=spans,
                                                                pages=[line["page"]] if line.get("page") else []),
                                  expected=computed.mid, actual=score, expression="weight × rate / 100",
                                  delta=score - computed.mid, row=line.get("row"), weight=line.get("weight"),
                                  rate=line.get("rate"), computed=fmt(computed.mid, 2), score=line.get("score"),
                                  form=form), ev)


def _places(v) -> int:
    text = str(v or "")
    return len(text.split(".", 1)[1]) if "." in text else 0


def _at(v, places: int) -> str:
    """An amount cell at its row's precision: a row printing 701.17 beside 840 prints its amounts to 0.01 (a
    spreadsheet drops an integer's zeros), so that 840 is 840.00."""
    text = str(v)
    return text + "." + "0" * places if places and "." not in text else text


def check_table_shares(ctx: Context) -> None:
    """支出构成 tables: each row's 占比 = its amount / the amount of the table's 合计 row."""
    totals = set(ctx.rules.params["total_rows"])
    for block in ctx.blocks:
        if block.kind == "indicator":
            continue
        whole = next((ln for ln in reversed(block.lines) if clean_label(ln["row"] or "") in totals
                      and ln.get("amount") is not None), None)
        if whole is None:
            continue
        wi = Interval.printed(to_dec(whole["amount"]))
        if wi.contains_zero():
            continue
        for ln in block.lines:
            share, amount = to_dec(ln.get("share")), to_dec(ln.get("amount"))
            if share is None or amount is None:
                continue
            si = Interval.printed(share)
            computed = (Interval.printed(amount) / wi).scale(HUNDRED)
            if computed.meets(si):
                continue
            figs = [f for f in ctx.report.figures if f.table == ln.get("table") and f.kind == "percent"
                    and f.value == share and clean_label(f.label).startswith(clean_label(ln["row"] or ""))]
            ctx.add("ratio.table_share", Evidence(figures=figs, section=_table_section(ctx, block.table.id),
                                                  pages=[ln["page"]] if ln.get("page") else []),
                    expected=computed.mid, actual=share, expression=f"{ln['amount']} / {whole['amount']} × 100",
                    delta=share - computed.mid, tolerance=computed.radius + si.radius, row=ln["row"],
                    amount=ln["amount"], total_row=whole["row"], total=whole["amount"], computed=pct_text(computed),
                    stated=ln["share"])


def run(ctx: Context) -> None:
    check_shares(ctx)
    shares.run(ctx)
    check_execution_rate(ctx)
    check_named_rates(ctx)
    check_table_rates(ctx)
    check_table_shares(ctx)
    check_changes(ctx)
    check_respective(ctx)
