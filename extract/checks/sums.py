"""sum_mismatch rules: parts that must add up to a stated total."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from ..model import Figure
from . import itemlist
from .certainty import Tie
from .context import CLAUSE_END, Context, Evidence, clean_label, to_dec
from .intervals import Interval, fmt, total

# (rule, total field, [(message key, part field)], message key of the total)
FIELD_IDENTITIES = [
    ("sum.basic_parts", "basic_expenditure", [("personnel", "personnel_expenditure"), ("public", "public_expenditure")]),
    ("sum.expenditure_parts", "total_expenditure", [("basic", "basic_expenditure"), ("project", "project_expenditure")]),
    ("sum.three_public", "three_public_total", [("reception", "reception_expenditure"), ("vehicle", "vehicle_expenditure"),
                                                ("overseas", "overseas_expenditure")]),
    ("sum.vehicle_parts", "vehicle_expenditure", [("purchase", "vehicle_purchase"), ("operation", "vehicle_operation")]),
    ("sum.staff_quota", "staff_quota", [("admin", "staff_quota_admin"), ("inst", "staff_quota_inst")]),
]
# parts that may be left unstated as 0 (三公: 无因公出国 is often just not mentioned)
OPTIONAL_ZERO = {"overseas_expenditure", "vehicle_purchase"}
# a label that starts a new quantity rather than another part
NEW_TOTAL = r"全年|合计|总计|总额|执行数|执行率|决算|结转|结余"
# spending outside 基本/项目 that a 支出合计 may include
OTHER_SPENDING = r"经营支出|上缴上级支出|对附属单位补助支出|附属单位补助"


def money_text(iv: Interval, like: Optional[Figure]) -> str:
    """An interval's midpoint in the unit the report printed (万元 stays 万元) for a message."""
    scale = Context.scale_of(like) if like is not None else Decimal(1)
    unit = like.unit if like is not None else ""
    if like is not None and like.kind not in ("money",) and like.unit in ("名", "人", "个"):
        scale = Decimal(1)
    v = iv.mid / scale if scale else iv.mid
    places = max(0, -int(like.value.as_tuple().exponent)) if like is not None and like.kind != "count" else None
    num = fmt(v, places) if places is not None else fmt(v)
    if like is not None and "," in like.text:  # the report writes 68,940.00: so does the message
        whole, _, frac = num.partition(".")
        num = f"{int(whole):,}" + (f".{frac}" if frac else "") if whole.lstrip("-").isdigit() else num
    return f"{num} {unit}".strip()


def _other_quota_kinds(ctx: Context, known: list[Optional[Figure]]) -> list[Figure]:
    """Other kinds of 编制 printed beside 行政/事业 (工勤编制3名): parts of the total too."""
    known_ids = {f.id for f in known if f is not None}
    spans = [ctx.sentence_bounds(f.start) for f in known if f is not None]
    return [f for s, e in set(spans) for f in ctx.figures_between(s, e)
            if f.id not in known_ids and f.kind == "count" and "编制" in (f.label or "")
            and not re.search(r"人员|实有|在编|在职", f.label or "")]


def _unmapped_amount_closes(ctx: Context, used: list[Figure], gap: Interval) -> bool:
    """An amount printed beside the parts but mapped to no field would close the gap (运行维护费3.00万元
    without its 公务用车 prefix): the part is missing from the fields, the report may well be right."""
    ids = {f.id for f in used}
    spans = {ctx.paragraph_bounds(f.start) for f in used}
    for s, e in spans:
        for f in ctx.figures_between(s, e):
            if (f.id in ids or f.kind != "money" or ctx.field_of.get(f.id) or _is_change(f) or f.op
                    or re.search(r"预算|计划|目标", f.label or "")):
                continue
            if ctx.fig_interval(f).meets(gap):
                return True
    return False


def _listed_under_other(ctx: Context, parts: list[Optional[Figure]], whole: Interval) -> bool:
    """A part printed in a 其中 list under another total (财政拨款基本支出B万元，其中：人员经费a…；公用经费b…)
    belongs to that total's scope, not to the unit's 基本支出 field: the identity is checked by the list."""
    ids = {f.id for f in parts if f is not None}
    for il in itemlist.lists(ctx):
        if ids & {p.id for p in il.parts} and not ctx.fig_interval(il.whole).meets(whole):
            return True
    return False


def check_field_identities(ctx: Context) -> None:
    """人员经费+公用经费=基本支出, 基本+项目=支出合计, 三公 = parts, 用车 = 购置 + 运行, 编制 = 行政 + 事业."""
    for rule, whole, parts in FIELD_IDENTITIES:
        wf = ctx.field(whole)
        if wf is None or wf.origin == "sum" or not isinstance(wf.value, Decimal):
            continue  # a total computed from its parts cannot contradict them
        stated = [(k, p) for k, p in parts if ctx.field(p) is not None]
        missing = [p for _, p in parts if ctx.field(p) is None]
        if len(stated) < 2 or any(p not in OPTIONAL_ZERO for p in missing):
            continue
        ivs = [ctx.field_interval(p) for _, p in stated]
        if rule == "sum.staff_quota":
            extra = _other_quota_kinds(ctx, [ctx.field_figure(p) for _, p in stated] + [ctx.field_figure(whole)])
            ivs += [ctx.fig_interval(f) for f in extra]
        w = ctx.field_interval(whole)
        if w is None or any(i is None for i in ivs):
            continue
        if _listed_under_other(ctx, [ctx.field_figure(p) for _, p in stated], w):
            continue
        s = total(ivs)  # type: ignore[arg-type]
        if s.meets(w):
            continue
        if rule == "sum.expenditure_parts" and s.hi < w.lo and re.search(OTHER_SPENDING, ctx.text):
            continue  # 支出合计 also holds 经营支出/上缴上级支出 …: parts short of it are not an error
        used = [ctx.field_figure(n) for n in [whole] + [p for _, p in stated]]
        severity = "info" if _unmapped_amount_closes(ctx, [f for f in used if f is not None], w - s) else None
        like = ctx.field_figure(whole)
        ev = ctx.field_evidence([whole] + [p for _, p in stated])
        ev.section = (like.section if like else None) or ev.section
        msg = {k: ctx.field_text(p) for k, p in stated}
        for k, p in parts:
            msg.setdefault(k, "0")
        ctx.add(rule, ev, severity=severity, expected=s.mid, actual=w.mid, expression=" + ".join(p for _, p in stated) + f" = {whole}",
                delta=w.mid - s.mid, tolerance=s.radius + w.radius, sum=money_text(s, like),
                total=ctx.field_text(whole), delta_text=money_text(Interval.exact(abs(w.mid - s.mid)), like),
                **msg)


def _is_change(f: Figure) -> bool:
    return itemlist.is_change(f)


_comparable = itemlist.comparable


def _complete(ctx: Context, il: itemlist.ItemList, parts: list[Figure]) -> Optional[str]:
    """Is the list a complete split?  "named": a list closed by 其他… or naming exactly the kinds of a known
    split; "zeros": it spells out kinds that are 0 (…政府性基金预算拨款0万元，事业收入0万元), which one does
    only when enumerating every kind — likely complete; None: it may name only the main items."""
    if il.detail:
        return "zeros"      # 具体情况如下： announces the whole detail (likely complete, as a list spelling out zeros)
    # each part named by its label, or by the words since the part before (右岸 1 段，长0.98km：the label is 长)
    starts = [il.marker] + [q.end for q in parts[:-1]]
    labels = [p.label if any(k in (p.label or "") for sp in ctx.rules.params["itemised"]["complete_splits"] for k in sp)
              else ctx.text[a:p.start] for a, p in zip(starts, parts)]
    splits = ctx.rules.params["itemised"]["complete_splits"]
    if any(re.search("其他|其它", lb) for lb in labels) or any(
            len(split) == len(parts) and all(sum(k in lb for k in split) == 1 for lb in labels)
            and all(any(k in lb for lb in labels) for k in split) for split in splits):
        return "named"
    if len(parts) >= ctx.rules.params["itemised"]["zeros_min_parts"] and any(p.value == 0 for p in parts):
        return "zeros"
    if _shares_make_whole(ctx, parts):
        return "named"
    return None


def _shares_make_whole(ctx: Context, parts: list[Figure]) -> bool:
    """Every part printed with its share of the total (工资福利支出A，占基本支出预算81.45%；…) and the
    shares adding up to 100% within their printed precision: the report itself says the parts are all."""
    if len(parts) < 2:
        return False
    shares = []
    for i, p in enumerate(parts):
        _, ce = ctx.sentence_bounds(p.end, CLAUSE_END + "，,")
        _, se = ctx.sentence_bounds(p.end, CLAUSE_END)
        end = min(se, parts[i + 1].start) if i + 1 < len(parts) else se
        pct = [f for f in ctx.figures_between(p.end, end) if f.kind == "percent" and not f.direction
               and not _is_change(f) and not f.approx]
        # the share follows its amount in the next comma clause at the latest (…13980 元，占…0.56%)
        if not pct or ctx.sentence_bounds(pct[0].start, CLAUSE_END + "，,")[0] > ce + 1:
            return False
        shares.append(Interval.printed(pct[0].value))
    return total(shares).meets(Interval.exact(100))


def _nearly_whole(ctx: Context, il: itemlist.ItemList, parts: list[Figure], w: Interval, ssum: Interval) -> bool:
    """A list of many named parts (params.itemised.many_parts or more), not announced as partial (主要/等…),
    whose parts fall short of the total by a small share of it (near_gap_percent): one who lists only the
    main items leaves out more than that, so a misstated part is the likely reading (at most a warning)."""
    p = ctx.rules.params["itemised"]
    if len(parts) < p["many_parts"] or not w.lo > 0 or il.whole.kind != "money":
        return False          # amounts only: a score's parts are the score rules' (score_mismatch)
    span = ctx.text[il.marker:ctx.sentence_bounds(parts[-1].end, CLAUSE_END + "，,")[1]]
    if re.search(p["open_list"], span):
        return False
    return (w.lo - ssum.hi) * 100 <= w.lo * Decimal(str(p["near_gap_percent"]))


def _places(f: Figure) -> int:
    return max(0, -int(f.value.as_tuple().exponent))


def _part_intervals(ctx: Context, whole: Figure, parts: list[Figure]) -> list[Interval]:
    """A part printed as a bare 0 among amounts printed to cents (事业收入0万元 beside 3859.16万元) is a kind
    with nothing in it, not an amount below 0.5 rounded away: it counts as exactly 0."""
    finest = max(_places(f) for f in [whole] + parts)
    return [Interval.exact(Decimal(0)) if p.value == 0 and _places(p) < finest else ctx.fig_interval(p)
            for p in parts]


def _list_ties(ctx: Context, il: itemlist.ItemList, parts: list[Figure]) -> list[Tie]:
    """The total tied as its list says (its clause, or carried from the sentence before); a figure stating a
    field the report gives with other values stays undecided."""
    def tie(f: Figure, role: str, basis: str) -> Tie:
        t = ctx.tie_of(f, role)
        # the total is the amount printed in the list's own clause: another value of the same field elsewhere
        # (a separate value_conflict) does not make its role as this list's total uncertain; a part stating a
        # field given elsewhere with other values may be another quantity (…全年预算A、支出B) and stays undecided
        if t.level != "certain" and not (role == "总数" and t.basis == "field_competing"):
            return t
        return Tie(role, basis)
    first_run_on = len(il.parts) - il.run_on   # parts from a sentence after the list's own: carried
    return [tie(il.whole, "总数", il.whole_basis)] + [tie(p, "分项", "carried" if i >= first_run_on else "itemised")
                                                      for i, p in enumerate(parts)]


def check_itemised(ctx: Context) -> None:
    """A total and its “其中” parts: parts never exceed it; a complete split equals it."""
    for il in itemlist.sum_lists(ctx):
        whole, parts = il.whole, il.parts
        # the list ends where a new total begins (…，全年执行数Y万元)
        cut = next((i for i, p in enumerate(parts) if i and re.search(NEW_TOTAL, p.label or "")), len(parts))
        parts = parts[:cut]
        if not parts or whole.approx:
            continue
        w = ctx.fig_interval(whole)
        ivs = _part_intervals(ctx, whole, parts)
        ssum = total(ivs)
        if (len(parts) == 1 or il.cut) and not ssum.lo > w.hi:
            continue  # one part alone, or a list cut by a truncated text, says nothing unless it exceeds its total
        if any(total(ivs[:k]).meets(w) for k in range(2, len(ivs) + 1)):
            continue  # the first k parts make the total: what follows is something else
        complete = _complete(ctx, il, parts)
        if il.colon and complete != "named":
            continue  # a colon may only separate clauses: its list is asserted only when it names a complete split
        ties = _list_ties(ctx, il, parts)
        delta = w.mid - ssum.mid
        rule = "sum.itemised"
        if ssum.lo <= w.hi:
            if not complete and ssum.hi < w.lo and _nearly_whole(ctx, il, parts, w, ssum):
                complete = "zeros"      # many named parts a hair short of the total: likely a misstated part
            if not complete:
                # parts fall short of the total, but the list need not be complete: undecided
                if len(parts) < 3 or ssum.hi >= w.lo:
                    continue
                rule = "sum.itemised_partial"
            elif complete == "zeros":
                ties.append(Tie("完整列举", "enumerated"))
        ev = Evidence(figures=[whole] + parts, section=whole.section or ctx.section_id_at(whole.start), ties=ties)
        ctx.add(rule, ev, expected=ssum.mid, actual=w.mid,
                expression=" + ".join(p.text.strip() for p in parts) + f" = {whole.text.strip()}",
                delta=delta, tolerance=ssum.radius + w.radius, total_label=whole.label or "总数",
                total=whole.text.strip(),
                parts="、".join(f"{p.label}{p.text.strip()}" for p in parts),
                sum=money_text(ssum, whole), delta_text=money_text(Interval.exact(abs(delta)), whole))


SPLIT_BY = re.compile(r"按(?:照)?(资金来源|收入来源|来源|支出性质|经济性质|支出功能|功能分类|经济分类)(?:划)?分[，,：:]?"
                      r"|(资金来源)(?:为|是|包括)[：:]?")


def check_split_by(ctx: Context) -> None:
    """按资金来源分，A…，B… / 按支出性质分，基本支出…，项目支出…: a complete split adds up to the total."""
    text = ctx.text
    for m in SPLIT_BY.finditer(text):
        if ctx.in_table(m.start()):
            continue    # a 自评表 row label (按支出性质分：基本支出 | 年初 | 全年 | 执行): its cells are one item's columns
        kind = m.group(1) or m.group(2)
        whole_field = "total_income" if "来源" in kind else "total_expenditure"
        whole = ctx.field_figure(whole_field)
        if whole is None and whole_field == "total_income":
            whole = ctx.field_figure("total_budget")     # a project's sources make up its budget
        if whole is None or whole.approx:
            continue
        _, e = ctx.sentence_bounds(m.end())
        # amounts inside a nested 其中 (基本支出A，其中人员经费a…；项目支出B) belong to the breakdown
        skip: list[tuple[int, int]] = []
        for n in re.finditer("其中", text[m.end():e]):
            a = m.end() + n.start()
            _, b = ctx.sentence_bounds(a, CLAUSE_END)
            skip.append((a, b))
        parts = [f for f in ctx.figures_between(m.end(), e)
                 if _comparable(f, whole) and not _is_change(f) and not f.approx and f.op is None
                 and not any(a <= f.start < b for a, b in skip)]
        if len(parts) < 2 or whole in parts:
            continue
        labels = [clean_label(p.label or "") for p in parts]
        if whole_field == "total_expenditure" and not (any("基本" in lb for lb in labels)
                                                       and any("项目" in lb for lb in labels)):
            continue    # a split by 性质 is 基本支出 + 项目支出; other amounts here belong to a breakdown
        w, ivs = ctx.fig_interval(whole), [ctx.fig_interval(p) for p in parts]
        ssum = total(ivs)
        if ssum.meets(w):
            continue
        if whole_field == "total_expenditure" and ssum.hi < w.lo and re.search(OTHER_SPENDING, text):
            continue
        delta = w.mid - ssum.mid
        ctx.add("sum.itemised", Evidence(figures=parts + [whole], section=ctx.section_id_at(m.start())),
                expected=ssum.mid, actual=w.mid, expression=" + ".join(p.text.strip() for p in parts)
                + f" = {whole.text.strip()}", delta=delta, tolerance=ssum.radius + w.radius,
                total_label=whole.label or "总数", total=whole.text.strip(),
                parts="、".join(f"{p.label}{p.text.strip()}" for p in parts), sum=money_text(ssum, whole),
                delta_text=money_text(Interval.exact(abs(delta)), whole))


def check_table_zero_total(ctx: Context) -> None:
    """A budget table whose all-funds first row (年度资金总额 / 合计) is all zeros above a row that is not."""
    from .ratios import _table_section
    totals = set(ctx.rules.params["total_rows"])
    keys = ("initial_budget", "budget", "spent")
    for block in ctx.blocks:
        if block.kind == "indicator" or len(block.lines) < 2:
            continue
        head = block.lines[0]
        vals = [to_dec(head.get(k)) for k in keys if head.get(k) is not None]
        if clean_label(head["row"] or "") not in totals or not vals or any(v != 0 for v in vals):
            continue
        for ln in block.lines[1:]:
            nonzero = [ln[k] for k in keys if ln.get(k) is not None and to_dec(ln[k]) != 0]
            if nonzero:
                ctx.add("sum.table_zero_total", Evidence(section=_table_section(ctx, block.table.id),
                                                         pages=sorted({head["page"], ln["page"]})),
                        expected=to_dec(nonzero[0]), actual=Decimal(0), expression=f"{head['row']} ≥ {ln['row']}",
                        total_row=head["row"], row=ln["row"], value=nonzero[0], unit=block.unit or "")
                break


def _change_in(ctx: Context, s: int, e: int, like: Figure) -> Optional[Interval]:
    """The signed 同比 change printed in [s, e): 减少X → −X, 增加X → +X, 持平/无变化 → 0; None when none."""
    for f in ctx.figures_between(s, e):
        if f.direction and comparable(f, like) and f.kind != "percent" and not f.approx:
            iv = ctx.fig_interval(f)
            return iv if f.direction == "增长" else Interval(-iv.hi, -iv.lo)
    if re.search(ctx.rules.params["changes"]["unchanged"], ctx.text[s:e]):
        return Interval.exact(Decimal(0))
    return None


def check_list_changes(ctx: Context) -> None:
    """总额A，较上年减少D；其中：B b，较上年减少d1；C c，较上年持平…: when the parts make the total, each in its
    own clause with its change, the parts' changes add up to the total's."""
    for il in itemlist.lists(ctx):
        whole, parts = il.whole, il.parts
        if len(parts) < 2 or il.cut or whole.approx or not total([ctx.fig_interval(p) for p in parts]).meets(ctx.fig_interval(whole)):
            continue
        clauses = [ctx.sentence_bounds(p.start, CLAUSE_END) for p in parts]
        if len(set(clauses)) != len(parts):
            continue      # parts sharing a clause: whose change is whose?
        wchange = _change_in(ctx, whole.end, min(il.marker, ctx.sentence_bounds(whole.end, CLAUSE_END)[1]), whole)
        changes = [_change_in(ctx, p.end, ce, whole) for p, (_, ce) in zip(parts, clauses)]
        if wchange is None or any(c is None for c in changes):
            continue
        csum = total(changes)  # type: ignore[arg-type]
        if csum.meets(wchange):
            continue
        figs = [whole] + parts + [f for (_, ce), p in zip(clauses, parts) for f in ctx.figures_between(p.end, ce)
                                  if f.direction and comparable(f, whole)]
        wfig = [f for f in ctx.figures_between(whole.end, il.marker) if f.direction and comparable(f, whole)]
        ctx.add("sum.change_parts", Evidence(figures=figs + wfig[:1], ties=[Tie("总数", il.whole_basis)]
                                             + [Tie("分项", "itemised") for _ in parts]),
                expected=csum.mid, actual=wchange.mid, expression="Σ part changes = total change",
                delta=wchange.mid - csum.mid, tolerance=csum.radius + wchange.radius,
                total_label=clean_label(whole.label) or "总数", change=money_text(wchange, whole),
                sum=money_text(csum, whole))


comparable = itemlist.comparable


def run(ctx: Context) -> None:
    check_field_identities(ctx)
    check_itemised(ctx)
    check_list_changes(ctx)
    check_split_by(ctx)
    check_table_zero_total(ctx)
