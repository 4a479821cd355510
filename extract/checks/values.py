"""value_conflict, out_of_range and missing_reason rules."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from ..model import Figure
from .certainty import Tie
from .context import MONEY_SCALE, Context, Evidence, clean_label, to_dec
from .intervals import Interval, fmt
from .ratios import _row_figures, _table_section

FIELD_NAMES = {
    "total_budget": "全年预算数", "total_expenditure": "全年执行数（支出合计）", "execution_rate": "预算执行率",
    "basic_expenditure": "基本支出", "personnel_expenditure": "人员经费", "public_expenditure": "公用经费",
    "personnel_share": "人员经费占比", "public_share": "公用经费占比", "project_budget": "项目支出预算数",
    "project_expenditure": "项目支出", "three_public_total": "“三公”经费", "reception_expenditure": "公务接待费",
    "vehicle_expenditure": "公务用车费", "overseas_expenditure": "因公出国（境）费", "self_score": "自评得分",
    "gov_fund_expenditure": "政府性基金预算支出", "internal_units": "内设机构数", "staff_quota": "编制数",
    "staff_actual": "在编人数", "retirees": "退休人员数", "total_income": "收入合计",
}
PRINTED_FIELDS = set(FIELD_NAMES) - {"self_score"}


def _where(ctx: Context, f: Figure) -> str:
    s = ctx.secs.get(f.section or "")
    where = "自评表" if f.table else "正文"
    return f"{where}{s.number}" if s and s.number else where


def _other_year(ctx: Context, f: Figure) -> bool:
    """The figure's clause speaks of another year (上年、2023年度 in a 2024 report): not this year's value."""
    s, _ = ctx.sentence_bounds(f.start, "。；;\n，,")
    before = ctx.text[s:f.start]
    if re.search(r"上年|去年|上一年|同期", before):
        return True
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", before)]
    return bool(ctx.year and years and years[-1] != ctx.year)


WHOLE_FIELDS = {"total_expenditure", "total_budget", "execution_rate", "total_income", "self_score"}


def _part_of_breakdown(ctx: Context, f: Figure, name: str) -> bool:
    """A whole-unit quantity cannot sit inside a “其中…” breakdown: there it is a sub-item's
    (其中危桥改造专项资金预算860万元，实际支出742.50万元 is not the unit's 实际支出)."""
    if f.table or name not in WHOLE_FIELDS:
        return False
    s, _ = ctx.sentence_bounds(f.start)
    return "其中" in ctx.text[s:f.start]


def _headings(ctx: Context, pos: int) -> list[str]:
    """The titles of the headings over text offset `pos`, innermost first."""
    out, sec = [], ctx.section_at(pos)
    while sec is not None:
        out.append(f"{sec.number or ''}{sec.title or ''}")
        sec = ctx.secs.get(sec.parent) if sec.parent else None
    return out


def _value_scope(ctx: Context, f: Figure) -> Optional[tuple[str, str, str]]:
    """What a printed amount of a unit-wide field is the amount of: (fund kind, subject, grand total).  None when it is a
    line item's (a numbered 功能分类 item “1、一般公共服务支出（类）…（项）” under a “其中：”), not the field's.
    The fund kind is the one named before the amount in its sentence or in a heading over it (财政拨款支出决算为
    9746.50万元 is the 财政拨款 part, not 本年支出合计); the subject is an evaluated project named by a heading over
    it (1.信访研究宣传立法专项项目综述 … 全年预算数为536.20万元 is that project's budget), or the heading of a
    project's summary (11.…宣传资金项目绩效自评综述); a 支出总计 (with the year-end balances) is not 本年支出合计.
    Table cells: by label."""
    p = ctx.rules.params["value_scope"]
    grand = _first(p["grand_total"], f.label or "")
    if f.table:
        return (_first(p["fund"], f.label or ""), "", grand)
    s, _ = ctx.sentence_bounds(f.start)
    ps, _ = ctx.paragraph_bounds(f.start)
    heads = _headings(ctx, f.start)
    if re.search(p["item"], ctx.text[ps:f.start]) or any(re.search(p["item"], h) for h in heads[:1]):
        return None
    fund = _first(p["fund"], ctx.text[s:f.start]) or next((w for h in heads if (w := _first(p["fund"], h))), "")
    from . import scope
    names = [n for n in scope.names(ctx).values() if n] if len(ctx.report.evaluations) > 1 else []
    subject = next((n for h in heads for n in names if n in h), "") \
        or next((h for h in heads if re.search(p["summary_heading"], h)), "")
    return fund, subject, grand


def _first(pattern: str, text: str) -> str:
    m = re.search(pattern, text)
    return m.group(0) if m else ""


def check_field_twice(ctx: Context) -> None:
    """The same field printed with values no rounding reconciles (text 4,231.50 vs table 4,213.50)."""
    by_field: dict[str, list[Figure]] = {}
    for f in ctx.report.figures:
        name = ctx.field_of.get(f.id)
        if name in PRINTED_FIELDS and not f.approx and f.op is None:
            by_field.setdefault(name, []).append(f)
    for name, figs in by_field.items():
        if len(figs) < 2:
            continue
        home = ctx.field_figure(name) or figs[0]
        hi = ctx.fig_interval(home)
        home_scope = _value_scope(ctx, home)
        reported: list[Interval] = []
        for f in figs:
            if f is home or _other_year(ctx, f) or _other_year(ctx, home) or _part_of_breakdown(ctx, f, name):
                continue
            if home_scope is None or _value_scope(ctx, f) != home_scope:
                continue  # another fund kind's, another project's or a line item's amount: not the same field
            if not f.table and not home.table and f.section == home.section:
                continue  # two amounts of one paragraph under one label: a sub-item or a mislabel, not a restatement
            fi = ctx.fig_interval(f)
            if fi.meets(hi) or any(fi.meets(r) for r in reported):
                continue
            reported.append(fi)
            # the two printings are the subject: each is tied to the field by its own label, not by the field
            ties = [ctx.place_tie(home, "第一处"), ctx.place_tie(f, "第二处")]
            ctx.add("value.field_twice", Evidence(figures=[home, f], ties=ties), expected=hi.mid, actual=fi.mid,
                    expression=f"{name} == {name}", delta=fi.mid - hi.mid, tolerance=hi.radius + fi.radius,
                    name=FIELD_NAMES.get(name, name), first=home.text.strip(), first_where=_where(ctx, home),
                    second=f.text.strip(), second_where=_where(ctx, f))


def check_indicator_vs_text(ctx: Context) -> None:
    """An 自评表 indicator measuring a field (“三公”经费控制 完成值) against the text's value of that field."""
    for fname, pattern in ctx.rules.params.get("indicator_fields", {}).items():
        fv = ctx.field(fname)
        text_iv = ctx.field_interval(fname)
        if fv is None or text_iv is None or fv.origin == "table":
            continue
        for ind in ctx.report.indicators:
            name = ind.get("level3") or ""
            unit = ind.get("actual_unit") or ind.get("target_unit") or ""
            actual = to_dec(ind.get("actual"))
            if actual is None or not re.search(pattern, name) or unit not in MONEY_SCALE:
                continue
            iv = Interval.printed(actual, MONEY_SCALE[unit])
            if iv.meets(text_iv):
                continue
            figs = [f for f in ctx.report.figures if f.table == ind.get("table") and f.kind == "money"
                    and clean_label(f.label).startswith(clean_label(name)) and f.op is None
                    and f.value == actual]
            ev = ctx.field_evidence([fname])
            ev.figures += figs
            ctx.add("value.indicator_vs_text", ev, expected=text_iv.mid, actual=iv.mid,
                    expression=f"indicator.actual == {fname}", delta=iv.mid - text_iv.mid,
                    name=FIELD_NAMES.get(fname, fname), text_value=ctx.field_text(fname), indicator=name,
                    table_value=ind.get("actual_text") or f"{fmt(actual)}{unit}")


def check_ranges(ctx: Context) -> None:
    """Shares and bounded rates ≤ 100%; spending never negative; 在编 not far above 编制."""
    bounded = ctx.rules.params["bounded_percent"]["label"]
    for f in ctx.report.figures:
        if f.kind == "percent" and f.unit == "%" and f.op is None and not f.direction:
            share = f.base_label and not re.search(r"预算|计划|目标|任务|上年|年初", f.base_label)
            if (share or re.search(bounded, f.label or "")) and ctx.fig_interval(f).lo > 100:
                ctx.add("range.percent_over_100", Evidence(figures=[f]), expected="≤ 100", actual=f.value,
                        label=f.label or "比例", stated=f.text.strip())
        elif f.kind == "money" and f.base_value < 0 and not f.direction \
                and (ctx.field_of.get(f.id) or re.search(r"支出|预算|经费|执行", f.label or "")):
            ctx.add("range.negative_money", Evidence(figures=[f]), expected="≥ 0", actual=f.value,
                    label=f.label or "金额", stated=f.text.strip())
    quota, actual = ctx.field("staff_quota"), ctx.field("staff_actual")
    if quota is not None and actual is not None and isinstance(quota.value, Decimal) and quota.value > 0:
        if actual.value > quota.value * ctx.rules.dec("staff_over_quota_factor"):
            ctx.add("range.staff_over_quota", ctx.field_evidence(["staff_actual", "staff_quota"]),
                    expected=f"≤ {fmt(quota.value)}", actual=actual.value, actual_n=fmt(actual.value),
                    quota=fmt(quota.value))


def _explained_near(ctx: Context, f: Figure) -> bool:
    """A reason word in the rate's sentence or shortly after it in the same paragraph."""
    words = "|".join(ctx.rules.params["reason_words"])
    s, _ = ctx.sentence_bounds(f.start)
    _, pe = ctx.paragraph_bounds(f.start)
    window = ctx.text[s:min(pe, f.end + int(ctx.rules.params["reason_window"]))]
    return bool(re.search(words, window))


def _explained_anywhere(ctx: Context) -> bool:
    """A sentence anywhere that explains the spending shortfall (执行率偏低的原因是… / 资金结转主要是由于…)."""
    words = "|".join(ctx.rules.params["reason_words"])
    for m in re.finditer(ctx.rules.params["execution_words"], ctx.text):
        if ctx.in_table(m.start()):
            continue  # a 偏差原因 column header explains nothing
        s, e = ctx.sentence_bounds(m.start())
        sent = ctx.text[s:e]
        if re.search(words, sent):
            return True
    return False


def check_low_execution(ctx: Context) -> None:
    """执行率 < 90% needs a stated reason: in the text near the rate or in the row's 偏差原因 cell."""
    threshold = ctx.rules.dec("execution_rate_threshold")
    empty = set(ctx.rules.params["empty_reason_cells"])
    low: dict[Decimal, dict] = {}
    for f in ctx.report.figures:
        if f.kind != "percent" or f.op or not re.search(r"执行率$", clean_label(f.label)):
            continue
        if ctx.fig_interval(f).hi >= threshold:
            continue
        entry = low.setdefault(f.value.normalize(), {"figs": [], "explained": False, "label": f.label, "text": f.text})
        entry["figs"].append(f)
        if not f.table and _explained_near(ctx, f):
            entry["explained"] = True
    for line in ctx.report.budget_lines:
        rate = to_dec(line.get("rate"))
        if rate is None or Interval.printed(rate).hi >= threshold:
            continue
        budget = to_dec(line.get("budget"))
        if budget is not None and budget == 0:
            continue        # nothing budgeted (财政资金小计 0.00 | 0.00 | 0.00%): nothing left unspent to explain
        entry = low.setdefault(rate.normalize(), {"figs": [], "explained": False,
                                                  "label": f"自评表“{line.get('row')}”执行率", "text": f"{line.get('rate')}%"})
        entry.setdefault("line", line)
        if (line.get("reason") or "").strip() not in empty:
            entry["explained"] = True
    if not low or _explained_anywhere(ctx):
        return
    for value, entry in low.items():
        if entry["explained"]:
            continue
        figs = sorted(entry["figs"], key=lambda f: (bool(f.table), f.start))
        line = entry.get("line")
        ev = Evidence(figures=figs)
        if not figs and line is not None:
            ev = Evidence(figures=_row_figures(ctx, line), section=_table_section(ctx, line.get("table")))
            if _form_only(ctx) and line.get("reason") is None:
                # a stand-alone 自评表 whose budget row has no 偏差原因 cell: where it should have said why is
                # not certain (its indicator rows' 偏差原因 or a covering letter may), so 待核实
                ev.ties = [Tie("rate", "cell"), Tie("reason", "inferred")]
        label = clean_label(figs[0].label) if figs and not figs[0].table else entry["label"]
        ctx.add("reason.low_execution", ev, expected=f"≥ {fmt(threshold)} 或说明原因", actual=value,
                label=label, stated=(figs[0].text.strip() if figs else entry["text"]), threshold=fmt(threshold))


def _form_only(ctx: Context) -> bool:
    """The document is a 绩效自评表 alone (no report around it)."""
    return ctx.report.meta.doc_type == "绩效自评表"


def _common_suffix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def check_restated(ctx: Context) -> None:
    """The same statement printed twice (…《关于下达2023年中央水利发展资金预算的通知》，下达某县2023年中央水利发展
    资金2263万元 in two paragraphs): when a long stretch of the same words, a year among them, leads up to two
    amounts of one kind, they state one quantity and must agree."""
    p = ctx.rules.params["restated"]
    need = int(p["min_chars"])
    seen: dict[str, list[Figure]] = {}
    for f in ctx.report.figures:
        if f.table or f.kind != "money" or f.approx or f.op or f.direction or f.qualifier or ctx.in_table(f.start):
            continue
        s, _ = ctx.sentence_bounds(f.start)
        if any(g.kind != "percent" for g in ctx.figures_between(s, f.start)):
            continue  # 2022年执行数为0万元，2023年预算安排X万元: a per-item template, not one statement twice
        lead = re.sub(r"\s+", "", ctx.text[s:f.start])
        if len(lead) < need or not re.search(p["must_name"], lead[-need:]) or re.search(p["not_after"], lead[-need:]):
            continue
        seen.setdefault(lead[-need:] + "|" + f.base_unit, []).append(f)
    for figs in seen.values():
        first = figs[0]
        for f in figs[1:]:
            a, b = ctx.fig_interval(first), ctx.fig_interval(f)
            if a.meets(b) or ctx.paragraph_bounds(f.start) == ctx.paragraph_bounds(first.start):
                continue
            ties = [Tie("第一处", "restated"), Tie("第二处", "restated")]
            ctx.add("value.restated", Evidence(figures=[first, f], ties=ties), expected=a.mid, actual=b.mid,
                    expression="same words, same amount", delta=b.mid - a.mid, tolerance=a.radius + b.radius,
                    label=clean_label(first.label) or "金额", first=first.text.strip(), second=f.text.strip())
            break


def check_same_document(ctx: Context) -> None:
    """value.restated by the document cited: two sentences in different paragraphs that each cite the same 文号
    (呼财农指【2023】41号) and state the one amount it allocates (下达…5万元 / 下达…6万元) state one quantity."""
    p = ctx.rules.params["restated"]
    seen: dict[str, Figure] = {}
    for m in re.finditer(p["doc_number"], ctx.text):
        if ctx.in_table(m.start()):
            continue
        s, e = ctx.sentence_bounds(m.start(), "。；;\n")
        if len(re.findall(p["doc_number"], ctx.text[s:e])) != 1:
            continue
        alloc = re.search(p["allocates"], ctx.text[m.end():e])
        if not alloc:
            continue
        figs = [f for f in ctx.figures_between(m.end() + alloc.end(), e) if f.kind == "money"]
        if len(figs) != 1 or figs[0].approx or figs[0].direction or figs[0].qualifier:
            continue
        f = figs[0]
        key = re.sub(r"\s", "", m.group(0))
        first = seen.setdefault(key, f)
        if first is f or ctx.paragraph_bounds(f.start) == ctx.paragraph_bounds(first.start):
            continue
        a, b = ctx.fig_interval(first), ctx.fig_interval(f)
        same_digits = first.unit == f.unit and first.value.as_tuple().exponent == f.value.as_tuple().exponent
        if not a.meets(b) or (same_digits and first.value != f.value):
            # one value rounded twice to the same digits prints the same number (5万元 and 6万元 only touch at 5.5)
            ties = [Tie("第一处", "restated"), Tie("第二处", "restated")]
            ctx.add("value.restated", Evidence(figures=[first, f], ties=ties), expected=a.mid, actual=b.mid,
                    expression="same document, same amount", delta=b.mid - a.mid, tolerance=a.radius + b.radius,
                    label=key, first=first.text.strip(), second=f.text.strip())


def run(ctx: Context) -> None:
    check_field_twice(ctx)
    check_restated(ctx)
    check_same_document(ctx)
    check_indicator_vs_text(ctx)
    check_ranges(ctx)
    check_low_execution(ctx)
