"""One quantity stated twice, in the text and in its table or in two places of one item: the two must agree.

- value.item_plan: a 功能分类 item paragraph (12、住房保障支出（221类）…住房公积金（01项）208.8万元。…2026年预算安排
  201.50万元…) names its amount in its heading and again as the report year's 预算安排: one quantity, one value.
- value.comparison_words: an item's 年初预算 A and 支出决算 B followed by 决算数大于/小于/等于预算数: the words must
  say what the amounts say.
- value.text_vs_form: a section whose heading names one evaluated project (3.信息化运行维护项目绩效自评综述) states
  the project's 自评得分 / 全年预算数 / 执行数 / 执行率, and that project's 自评表 states them too.

Wordings live in schemas/checks.toml [params.crosscheck]."""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from ..model import Figure
from .certainty import Tie
from .context import Context, Evidence
from .intervals import Interval, fmt


def _money_after(ctx: Context, start: int, end: int) -> Optional[Figure]:
    """The first text amount that starts in [start, end) (its words may run on past `end`)."""
    return next((f for f in ctx.figures_between(start, end + 40) if f.kind == "money" and not f.table
                 and f.start < end), None)


def _paragraphs(ctx: Context, pattern: str):
    """(start, end, match) of each text paragraph whose beginning matches `pattern`."""
    for m in re.finditer(pattern, ctx.text, re.M):
        if ctx.in_table(m.start()):
            continue
        s, e = ctx.paragraph_bounds(m.start())
        yield s, e, m


def _list_section(ctx: Context, para_start: int) -> Optional[str]:
    """The section an item paragraph belongs to: the one holding the list, when the item line itself was read as
    a heading (1、一般公共服务支出（类）…（项）。主要用于… is an item of （三）'s 其中 list, not a section of its own)."""
    sec = ctx.section_at(para_start)
    if sec is not None and sec.start >= para_start and sec.parent:
        return sec.parent
    return sec.id if sec else None


def check_item_plan(ctx: Context) -> None:
    """value.item_plan: the amount in an item's heading and the report year's 预算安排 of the same item."""
    if not ctx.year:
        return
    p = ctx.rules.params["crosscheck"]
    for s, e, m in _paragraphs(ctx, p["item_head"]):
        head = _money_after(ctx, m.end(), min(e, m.end() + 12))
        if head is None or head.approx or head.op:
            continue
        for pm in re.finditer(p["plan"], ctx.text[head.end:e]):
            if int(pm.group("year")) != ctx.year:
                continue
            at = head.end + pm.end()
            plan = _money_after(ctx, at, min(e, at + 6))
            if plan is None:
                continue
            a, b = ctx.fig_interval(head), ctx.fig_interval(plan)
            if not a.meets(b):
                ties = [Tie("科目金额", "item_paragraph"), Tie("预算安排", "item_paragraph")]
                ctx.add("value.item_plan", Evidence(figures=[head, plan], ties=ties, section=_list_section(ctx, s)), expected=a.mid, actual=b.mid,
                        expression="item amount == 预算安排", delta=b.mid - a.mid, tolerance=a.radius + b.radius,
                        item=ctx.text[m.start():head.start].strip(" “”\"\t"), first=head.text.strip(),
                        second=plan.text.strip(), year=ctx.year)
            break


def check_comparison_words(ctx: Context) -> None:
    """value.comparison_words: 年初预算为A…支出决算为B。决算数大于预算数 — the words against the two amounts."""
    p = ctx.rules.params["crosscheck"]
    for m in re.finditer(p["comparison"], ctx.text):
        if ctx.in_table(m.start()):
            continue
        s, _ = ctx.paragraph_bounds(m.start())
        lead = ctx.text[s:m.start()]
        bm = list(re.finditer(p["budget_word"], lead))
        sm = list(re.finditer(p["spent_word"], lead))
        if not bm or not sm:
            continue
        budget = _money_after(ctx, s + bm[-1].end(), min(m.start(), s + bm[-1].end() + 8))
        spent = _money_after(ctx, s + sm[-1].end(), min(m.start(), s + sm[-1].end() + 8))
        if budget is None or spent is None or budget is spent:
            continue
        a, b = ctx.fig_interval(budget), ctx.fig_interval(spent)
        word = m.group("word")
        if re.fullmatch(p["more"], word):
            wrong = b.hi <= a.lo
        elif re.fullmatch(p["less"], word):
            wrong = b.lo >= a.hi
        elif re.fullmatch(p["equal"], word):
            wrong = not a.meets(b)
        else:
            continue
        if wrong:
            ties = [Tie("预算数", "item_paragraph"), Tie("决算数", "item_paragraph")]
            ctx.add("value.comparison_words", Evidence(figures=[budget, spent], spans=[(m.start(), m.end())], ties=ties,
                                                               section=_list_section(ctx, s)),
                    expected=a.mid, actual=b.mid, expression=f"决算数 {word} 预算数", delta=b.mid - a.mid,
                    budget=budget.text.strip(), spent=spent.text.strip(), words=m.group(0))


def _named_evaluation(ctx: Context, pos: int, names: dict[str, str]):
    """The one evaluated project a heading over `pos` names (None: none, or several)."""
    from .values import _headings
    for h in _headings(ctx, pos):
        hit = [i for i, n in names.items() if n and n in h]
        if hit:
            return hit[0] if len(hit) == 1 else None
    return None


def _form_interval(ev, attr: str) -> Optional[Interval]:
    """The 自评表's value of `attr` as printed (a rate of 83.5 stands for [83.45, 83.55]); None for a rate the form
    itself contradicts (1000% where 执行数/预算数 is 100%: ratio.table_rate's finding, not the text's)."""
    value = getattr(ev, attr)
    if value is None:
        return None
    if attr != "execution_rate":
        return Interval.exact(value)
    iv = Interval.printed(value)
    if ev.budget and ev.expenditure is not None:
        computed = ev.expenditure * 100 / ev.budget
        if not (iv.lo - Decimal("0.01") <= computed <= iv.hi + Decimal("0.01")):
            return None
    return iv


def check_text_vs_form(ctx: Context) -> None:
    """value.text_vs_form: a project's 自评得分 / 预算数 / 执行数 / 执行率 in a section named after it, against its
    自评表; one finding per section (the amounts that differ, together)."""
    evals = {e.id: e for e in ctx.report.evaluations}
    if len(evals) < 2:
        return
    p = ctx.rules.params["crosscheck"]["form_values"]
    names = {i: e.name for i, e in evals.items() if e.name}
    found: dict[tuple[str, Optional[str]], list[tuple[Figure, str, Decimal]]] = {}
    for f in ctx.report.figures:
        if f.table or f.approx or f.op or f.direction or f.qualifier or ctx.in_table(f.start):
            continue
        ev_id = _named_evaluation(ctx, f.start, names)
        if ev_id is None or evals[ev_id].start <= f.start < evals[ev_id].end:
            continue            # no project named over it, or the form itself
        ev = evals[ev_id]
        label = re.sub(r"[\s：:为是]+$", "", f.label or "")
        for attr, (kind, words) in p.items():
            if f.kind != kind or not re.search(f"(?:{words})$", label):
                continue
            form = _form_interval(ev, attr)
            if form is not None and not ctx.fig_interval(f).meets(form):
                found.setdefault((ev_id, ctx.section_id_at(f.start)), []).append((f, label, getattr(ev, attr)))
            break
    for (ev_id, section), items in found.items():
        parts = []
        for f, label, value in items:
            shown = f"{fmt(value / 10000, 2)}万元" if f.kind == "money" else fmt(value) + ("%" if f.kind == "percent" else "分")
            parts.append(f"{label}正文为 {f.text.strip()}，自评表为 {shown}")
        f0, _, v0 = items[0]
        ties = [Tie("正文", "heading"), Tie("自评表", "cell")]
        ctx.add("value.text_vs_form", Evidence(figures=[f for f, _, _ in items], ties=ties, section=section),
                expected=v0, actual=ctx.fig_interval(f0).mid, expression="综述 == 自评表",
                delta=ctx.fig_interval(f0).mid - v0, project=evals[ev_id].name, items="；".join(parts))


def _table_title(ctx: Context, t) -> str:
    """The title line over a table (收入支出决算总表), above its 单位： line."""
    lines = [x.strip() for x in ctx.text[max(0, t.start - 160):t.start].split("\n") if x.strip()]
    for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
        line = lines[i]
        if line.endswith("表") and not line.startswith("|"):
            if len(line) <= 2 and i > 0 and not lines[i - 1].startswith("|"):
                line = lines[i - 1] + line          # a title wrapped before its last character (…决算总\n表)
            return line
    return ""


def _unit_of(ctx: Context, t) -> Optional[Decimal]:
    from .context import MONEY_SCALE
    m = re.search(r"单位[：:]\s*(万元|元|千元|亿元)", (t.caption or "") + ctx.text[max(0, t.start - 40):t.start])
    return MONEY_SCALE[m.group(1)] if m else None


def _row_amount(t, label: str) -> Optional[tuple[str, object]]:
    """The first amount of the table row whose first cell is `label` (总计): (printed, cell)."""
    for row in t.rows:
        if row and re.sub(r"\s", "", row[0].text) == label:
            for c in row[1:]:
                if re.fullmatch(r"-?[\d,]+(?:\.\d+)?", c.text.strip()):
                    return c.text.strip(), c
    return None


def check_text_vs_table(ctx: Context) -> None:
    """value.text_vs_table: a 情况说明 section (四、财政拨款收入支出决算总体情况说明) states a total of its 公开表
    (财政拨款收入支出决算总表, the table whose title is the section's subject): the text's 收入支出总计 and the
    table's 总计 row are one quantity."""
    p = ctx.rules.params["crosscheck"]["table_rows"]
    titles = {}
    for t in ctx.report.document.tables:
        key = re.sub(p["table_suffix"], "", re.sub(p["table_prefix"], "", _table_title(ctx, t)))
        if key:
            titles.setdefault(key, t)
    if not titles:
        return
    for sec in ctx.report.sections:
        key = re.sub(p["section_words"], "", sec.title or "")
        t = titles.get(key)
        if t is None:
            continue
        scale = _unit_of(ctx, t)
        if scale is None:
            continue
        for f in ctx.figures_between(sec.body_start, sec.end):
            if f.kind != "money" or f.table or f.direction or f.qualifier or f.op or f.approx \
                    or ctx.section_id_at(f.start) != sec.id:
                continue
            for text_words, row_label in p["pairs"]:
                if not re.search(f"(?:{text_words})$", f.label or ""):
                    continue
                got = _row_amount(t, row_label)
                if got is None:
                    break
                printed, cell = got
                tv = Interval.printed(Decimal(printed.replace(",", "")), scale)
                fv = ctx.fig_interval(f)
                if not fv.meets(tv):
                    ties = [Tie("正文", "same_clause"), Tie("公开表", "cell")]
                    ctx.add("value.text_vs_table", Evidence(figures=[f], spans=[(cell.start, cell.end)], ties=ties,
                                                            section=sec.id),
                            expected=tv.mid, actual=fv.mid, expression=f"{row_label} == 正文", delta=fv.mid - tv.mid,
                            label=f.label, text_value=f.text.strip(), table=_table_title(ctx, t), row=row_label,
                            table_value=printed)
                break


def check_empty_table_note(ctx: Context) -> None:
    """value.empty_table_note: a table whose note says it is empty (注：本部门2024年无“三公”经费…预算，故本表为空表)
    while its cells print amounts (47.91 | 0 | 1.35 | …): the note or the table is wrong."""
    p = ctx.rules.params["crosscheck"]
    if not re.search(p["empty_note"], ctx.text):
        return
    for t in ctx.report.document.tables:
        n = len(ctx.text)
        if not n or t.start >= n:
            continue
        ps, _ = ctx.paragraph_bounds(min(n - 1, max(t.start, t.end - 1)))   # the table's last line (a note may close it)
        _, e = ctx.paragraph_bounds(min(n - 1, t.end + 1))                # and the line after the table
        note = re.search(p["empty_note"], ctx.text[ps:e + 1])
        if not note:
            continue
        amounts = [c for row in t.rows for c in row if re.fullmatch(p["amount_cell"], c.text.strip())
                   and Decimal(c.text.strip().replace(",", "")) != 0]
        if amounts:
            c = amounts[0]
            ctx.add("value.empty_table_note",
                    Evidence(spans=[(c.start, c.end), (ps + note.start(), ps + note.end())],
                             section=ctx.section_id_at(t.start), ties=[Tie("表注", "same_clause"), Tie("表中金额", "cell")]),
                    expected="空表", actual=c.text.strip(), note=note.group(0).strip(), value=c.text.strip(),
                    n=len(amounts))


def run(ctx: Context) -> None:
    check_text_vs_table(ctx)
    check_empty_table_note(ctx)
    check_item_plan(ctx)
    check_comparison_words(ctx)
    check_text_vs_form(ctx)
