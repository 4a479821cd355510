"""Reading a “其中” list: a total and the parts listed after it, for the sum and share rules.

Wordings read (schemas/checks.toml [params.itemised] holds the words):
- in one clause: 支出合计A万元，其中基本支出B万元、项目支出C万元
- the list continued over `；`: 收入合计A万元，其中：财政拨款收入B万元，占x%；其他收入C万元，占y%
- 其中 opening a clause after `；`: …总额为A万元，较上年减少D万元；其中：因公出国经费B万元…
- 其中 opening a sentence: 支出：A万元。其中：人员经费B万元，… (the total is the previous sentence's:
  tied as carried, so a finding on it is at most a warning)
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Figure
from .context import CLAUSE_END, SENTENCE_END, Context

SENTENCE_END_CHARS = SENTENCE_END


@dataclass
class ItemList:
    marker: int                 # where 其中 is printed
    whole: Figure
    whole_basis: str            # itemised (the total's own clause, or the clause before) | carried
    parts: list[Figure] = field(default_factory=list)
    continued: bool = False     # the list runs on over `；` or onto the following sentences
    run_on: int = 0             # parts taken from sentences after the one that holds 其中 and its first parts
    detail: bool = False        # opened by 具体情况如下： (the detail of the total: complete)
    cut: bool = False           # a truncated text stops inside the list: parts may be missing
    colon: bool = False         # opened by a colon right after the total (…长3.47km：右岸…，左岸…)


def is_change(f: Figure) -> bool:
    return bool(f.direction or f.qualifier or re.search(r"上年|去年|较|比|同比|相比|增|减|节约|结余|结转", f.label or ""))


def comparable(f: Figure, g: Figure) -> bool:
    return f.kind == g.kind and f.base_unit == g.base_unit


def share_base(ctx: Context, f: Figure) -> bool:
    """An amount printed as the base of a share (…，占年计划75000万元的110.5%): neither a total nor a part."""
    s, _ = ctx.sentence_bounds(f.start, CLAUSE_END + "，,")
    return bool(re.search(ctx.rules.params["itemised"]["share_base"], ctx.text[s:f.start]))


def _totals(ctx: Context, s: int, e: int) -> list[Figure]:
    return [f for f in ctx.figures_between(s, e) if not is_change(f) and f.kind != "percent" and not share_base(ctx, f)]


def whole_before(ctx: Context, pos: int) -> Optional[tuple[Figure, str]]:
    """The total a 其中 at `pos` breaks down, and how it is tied: the last amount of its clause; when 其中
    opens its clause, of the clause before (after `；`) or of the sentence before (after `。`)."""
    text, p = ctx.text, ctx.rules.params["itemised"]
    s, _ = ctx.sentence_bounds(pos, CLAUSE_END)
    before = _totals(ctx, s, pos)
    if before:
        return before[-1], "itemised"
    if text[s:pos].strip(p["opening"]) or s == 0:
        return None                          # 主要用于办公，其中…: words, not a total, come before
    if text[s - 1] in "；;":
        ps, _ = ctx.sentence_bounds(s - 1, CLAUSE_END)
        prev, basis = _totals(ctx, ps, s - 1), "itemised"
    elif text[s - 1] == "。":
        ps, _ = ctx.sentence_bounds(s - 1)
        prev, basis = _totals(ctx, ps, s - 1), "carried"
    else:
        return None                          # a new line: a heading or table lies before
    if len(prev) > 1:
        # several amounts before (收入A万元，支出B万元。其中：基本支出…): the one whose label ends in the
        # noun of the first part's (支出), when only one does; a list before (A、B、C；其中…) names none
        after = ctx.figures_between(pos, ctx.sentence_bounds(pos, CLAUSE_END)[1])
        head = _head(after[0]) if after else ""
        prev = [f for f in prev if head and _head(f) == head]
    return (prev[0], basis) if len(prev) == 1 else None


def _bracketed(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the bracket groups opened between start and end."""
    spans, depth, opened = [], 0, 0
    for i in range(start, end):
        ch = text[i]
        if ch in "（(":
            if depth == 0:
                opened = i
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
            if depth == 0:
                spans.append((opened, i + 1))
    if depth:
        spans.append((opened, end))
    return spans


def _part(ctx: Context, f: Figure, whole: Figure) -> bool:
    return comparable(f, whole) and not is_change(f) and not f.approx and f.op is None and not share_base(ctx, f) \
        and not _attribute(ctx, f)


def _attribute(ctx: Context, f: Figure) -> bool:
    """A figure labelled only by a measure of the item before it (…支出0万元，年初预算为0万元，差值为0万元)."""
    return not f.table and bool(re.fullmatch(ctx.rules.params["itemised"]["attribute"],
                                             re.sub(r"[\s“”\"]", "", f.label or "")))


def _head(f: Figure) -> str:
    """The last character of the label's noun (支出合计 → 出, 其他收入 → 入, 公务接待费 → 费)."""
    lb = re.sub(r"[\s（）()“”]", "", f.label or "")
    lb = re.sub(r"(合计|总计|总额|总数|预算|决算)$", "", lb)
    return lb[-1:] if lb else ""


def _continuation(ctx: Context, first: Figure, whole: Figure, e: int) -> list[Figure]:
    """Parts in the `；` clauses after a first clause that lists one part: each clause must open with a label
    and its amount, the label ending in the same noun as the first part's (…收入；…其他收入；), and name no
    new quantity (追加/执行数…); the list ends at the first clause that does not."""
    p = ctx.rules.params["itemised"]
    text, lead, stop = ctx.text, re.compile(p["clause_lead"]), re.compile(p["clause_stop"])
    _, sent_end = ctx.sentence_bounds(e)
    out = []
    while e < sent_end and text[e] in "；;":
        cs, ce = e + 1, ctx.sentence_bounds(e + 1, CLAUSE_END)[1]
        figs = ctx.figures_between(cs, ce)
        if (not figs or not _part(ctx, figs[0], whole) or not lead.fullmatch(text[cs:figs[0].start])
                or stop.search(text[cs:figs[0].start]) or _head(figs[0]) != _head(first)):
            break
        nested = text.find("其中", cs, ce)
        out += [f for f in figs if _part(ctx, f, whole) and (nested == -1 or f.start < nested)]
        e = ce
    return out


def detail_whole(ctx: Context, pos: int) -> Optional[tuple[Figure, str]]:
    """The total a sentence opening with 具体情况如下： details, tied as carried: the one amount of the sentence
    before, or the one part of its 其中 (总收入A万元，其中本年收入B万元。具体情况如下：… details B); None when the
    sentence before holds more (a list of its own: which would be detailed?)."""
    text = ctx.text
    s, _ = ctx.sentence_bounds(pos)
    if s == 0 or text[s:pos].strip(ctx.rules.params["itemised"]["opening"]) or text[s - 1] != "。":
        return None
    ps, _ = ctx.sentence_bounds(s - 1)
    prev = _totals(ctx, ps, s - 1)
    if len(prev) == 2 and re.search(ctx.rules.params["itemised"]["marker"], text[prev[0].end:prev[1].start]):
        return prev[1], "carried"   # 总收入A，其中本年收入B。具体情况如下：… details B
    return (prev[0], "carried") if len(prev) == 1 else None


def read(ctx: Context, m: re.Match, detail: bool = False) -> Optional[ItemList]:
    """The list a 其中 marker opens: its total and the parts of the same kind and unit."""
    text = ctx.text
    found = detail_whole(ctx, m.start()) if detail else whole_before(ctx, m.start())
    if found is None:
        return None
    whole, basis = found
    _, e = ctx.sentence_bounds(m.start(), CLAUSE_END)
    # a parenthesised 其中 (公务用车费10.25万元（其中购置费0万元…）) closes at its bracket
    close = text.find("）", m.end(), e)
    end = close if close != -1 and "（" in text[whole.end:m.start()] else e
    nested = text.find("其中", m.end(), end)
    if nested != -1 and end == e:
        end = nested  # 基本支出A（其中…），项目支出B: the inner breakdown is not part of the outer list
    first = next((f for f in ctx.figures_between(m.end(), end) if _part(ctx, f, whole)), None)
    inner_list = re.compile(ctx.rules.params["itemised"]["nested"]).search(text, first.end, end) if first else None
    if inner_list:
        end = inner_list.start()  # 其中基本支出A，具体包括人员经费a、公用经费b: a and b are A's
    inner = _bracketed(text, m.end(), end)   # 财政拨款收入A（一般公共预算a，政府性基金b）: a's and b's are A's
    parts = [f for f in ctx.figures_between(m.end(), end) if _part(ctx, f, whole)
             and not any(a <= f.start < b for a, b in inner)]
    more = _continuation(ctx, parts[0], whole, e) if end == e and len(parts) == 1 and _head(parts[0]) else []
    il = ItemList(m.start(), whole, basis, parts + more, bool(more), detail=detail)
    if end == e and (not il.parts or not more):
        _run_on(ctx, il, m.end(), e)
    if ctx.report.document.truncated and il.parts:
        last_end = ctx.sentence_bounds(il.parts[-1].end, CLAUSE_END)[1]
        # the text stops inside the list: its last parts may be cut off
        il.cut = last_end >= len(text.rstrip())
    return il


def _numbering(text: str) -> str:
    """The style of a list item's leading number: （一） / 一、 / 1. / (1) / none."""
    m = re.match(r"\s*([（(]?)([一二三四五六七八九十]+|\d{1,2})([)）、.．]?)", text)
    if not m or not (m.group(1) or m.group(3)):
        return ""
    return ("(" if m.group(1) else "") + ("一" if not m.group(2).isdigit() else "1") + (m.group(3) or "")[:1]


def _run_on(ctx: Context, il: ItemList, start: int, e: int) -> None:
    """A list that runs on past its sentence: 其中： closing its line, each part on a line of its own
    (其中：\n工资福利支出A…。\n商品和服务支出B…。), or a sentence of parts followed by sentences that
    continue the enumeration (其中，税收收入A…。非税收入B…。).  Each further sentence must open with a label
    and its amount (numbered as the first part was), the label ending in the same noun as the first
    part's, and name no new quantity; the list stops at the first sentence that does not, at a heading,
    and at the end of a truncated text (whose last sentence may be cut)."""
    p = ctx.rules.params["itemised"]
    text, whole = ctx.text, il.whole
    lead, stop = re.compile(p["clause_lead"]), re.compile(p["clause_stop"])
    opened = not il.parts and not text[start:e].strip(p["opening"])   # 其中： at the end of its line
    if not il.parts and not opened:
        return
    first = il.parts[0] if il.parts else None
    if first is not None and _head(first) == "":
        return
    style = _numbering(text[ctx.sentence_bounds(first.start)[0]:first.start]) if first else None
    starts = {s.start for s in ctx.report.sections}
    truncated = bool(ctx.report.document.truncated)
    parts: list[Figure] = []
    pos = e
    while pos < len(text) and text[pos] in SENTENCE_END_CHARS:
        cs = pos + 1
        while cs < len(text) and text[cs] in " \t　\n":
            cs += 1
        ce = ctx.sentence_bounds(cs)[1]
        if cs >= len(text) or cs in starts or (truncated and ce >= len(text.rstrip())):
            break
        figs = ctx.figures_between(cs, ce)
        if not figs or not _part(ctx, figs[0], whole):
            break
        lead_text = text[cs:figs[0].start]
        num = _numbering(lead_text)
        if (not lead.fullmatch(lead_text) or stop.search(lead_text) or "其中" in lead_text
                or (style is not None and num != style)):
            break
        ref = first or parts[0] if (first or parts) else figs[0]
        if _head(figs[0]) == "" or _head(figs[0]) != _head(ref):
            break
        if style is None:
            style = num
        parts.append(figs[0])
        # further `；` clauses of the same sentence, each opening with its own part (…经费0.00万元，…；公务接待费1.00万元…)
        c_end = ctx.sentence_bounds(figs[0].end, CLAUSE_END)[1]
        while c_end < ce and text[c_end] in "；;" and "其中" not in text[cs:c_end]:
            ks, ke = c_end + 1, ctx.sentence_bounds(c_end + 1, CLAUSE_END)[1]
            kf = ctx.figures_between(ks, ke)
            if (kf and _part(ctx, kf[0], whole) and lead.fullmatch(text[ks:kf[0].start])
                    and not stop.search(text[ks:kf[0].start]) and _head(kf[0]) == _head(figs[0])):
                parts.append(kf[0])
            c_end = ke
        pos = ce
    if parts:
        il.parts = il.parts + parts
        il.continued = True
        il.run_on = len(parts) if not opened else 0


def _colon_list(ctx: Context, m: re.Match) -> Optional[ItemList]:
    """An amount followed by a colon and its parts (护岸工程共4段，长3.47km：右岸1段，长0.98km，左岸3段，长2.49km):
    read as a list only when the colon follows the amount directly; the sum rule then asserts it only when the
    parts name a complete split (a colon may just separate clauses: 左岸0.53km：拆除重建跌水1座…)."""
    figs = ctx.figures_between(max(0, m.start() - 40), m.start())
    if not figs or ctx.text[figs[-1].end:m.start()].strip() or ctx.in_table(m.start()):
        return None
    il = read(ctx, m)
    if il is None or il.whole is not figs[-1]:
        return None
    il.colon = True
    return il


def lists(ctx: Context) -> list[ItemList]:
    """Every 其中 list of the text (computed once per report)."""
    cached = getattr(ctx, "_itemlists", None)
    if cached is None:
        p = ctx.rules.params["itemised"]
        cached = [il for m in re.finditer(p["marker"], ctx.text) if (il := read(ctx, m)) is not None]
        cached += [il for m in re.finditer(p["detail_marker"], ctx.text) if (il := read(ctx, m, True)) is not None]
        ctx._itemlists = cached  # type: ignore[attr-defined]
    return cached


def sum_lists(ctx: Context) -> list[ItemList]:
    """The 其中 lists and, for the sum rule only, the lists a colon after an amount opens."""
    return lists(ctx) + [il for m in re.finditer(ctx.rules.params["itemised"]["colon_marker"], ctx.text)
                         if (il := _colon_list(ctx, m)) is not None]
