"""Rules about the report's outline and wording: section topics, empty and missing sections, listed
counts.  Years are in years.py."""
from __future__ import annotations

import itertools
import re

from .. import rules
from .context import Context, Evidence

FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# sections a 部门整体支出 report must have; the rest of `required_in` only give an info finding
WARN_MISSING = {"problems"}


def _body(ctx: Context, s) -> str:
    return ctx.text[s.body_start:s.end]


def check_fund_topics(ctx: Context) -> None:
    """五、社会保险基金预算支出情况 whose text speaks only of 国有资本经营预算 (a copied paragraph)."""
    topics: dict[str, str] = ctx.rules.params.get("fund_topics", {})
    for s in ctx.report.sections:
        if s.canonical not in topics:
            continue
        own = [c for c, pat in topics.items() if re.search(pat, s.title or "")]
        if not own:
            continue
        body = _body(ctx, s)
        named = [c for c, pat in topics.items() if re.search(pat, body)]
        others = [c for c in named if c not in own]
        if not others or any(c in named for c in own):
            continue
        m = re.search(topics[others[0]], body)
        start = s.body_start + (m.start() if m else 0)
        names = {"gov_fund": "政府性基金预算", "state_capital": "国有资本经营预算", "social_insurance": "社会保险基金预算"}
        ctx.add("section.fund_topic", Evidence(spans=[(start, start + (len(m.group()) if m else 0))], section=s.id),
                expected=names[own[0]], actual=names[others[0]], section=ctx.label(s),
                found=names[others[0]], expected_topic=names[own[0]])


def check_section_topics(ctx: Context) -> None:
    """A standard section with amounts that never names its own subject (a 三公 section about 政府采购)."""
    topics: dict[str, str] = ctx.rules.params.get("section_topics", {})
    children = {s.parent for s in ctx.report.sections if s.parent}
    for s in ctx.report.sections:
        pattern = topics.get(s.canonical or "")
        if pattern is None or s.id in children:
            continue
        body = _body(ctx, s)
        if re.search(pattern, body) or not any(f.kind == "money" for f in ctx.figures_between(s.body_start, s.end)):
            continue
        ctx.add("section.topic", Evidence(spans=[(s.start, s.body_start)], section=s.id),
                section=ctx.label(s), topic="、".join(pattern.split("|")[:2]))


def _heading_line_closed(ctx: Context, s) -> bool:
    """A numbered line that is itself a sentence (1.负责…；) is a list item, not an announced heading."""
    t = ctx.text
    line_end = t.find("\n", s.start)
    line_end = len(t) if line_end == -1 else line_end
    line = t[s.start:line_end].rstrip()
    return bool(line) and line[-1] in "。；;！!" and line_end <= s.end


def check_empty(ctx: Context) -> None:
    """A heading of a self-evaluation report followed directly by the next heading (or by nothing) has no
    content.  Budgets and final accounts are not judged: their outline (part titles, table titles, items)
    has headings with nothing between them by design.  The last heading of a text cut short (a web page,
    missing pages) may have lost its content: it is not judged either."""
    from ..titles import evaluation_types
    if ctx.report.meta.doc_type not in evaluation_types():
        return
    secs = ctx.report.sections
    children = {s.parent for s in secs if s.parent}
    for i, s in enumerate(secs):
        if s.id in children or ctx.report.document.truncated and i == len(secs) - 1:
            continue
        body = re.sub(r"[\s。；;：:，,、.．]", "", _body(ctx, s))
        if body or _heading_line_closed(ctx, s):
            continue
        nxt = secs[i + 1] if i + 1 < len(secs) else None
        if nxt is not None and not _next_in_order(s, nxt):
            continue
        after = f"，其后直接是{ctx.label(nxt)}" if nxt else "，其后报告即结束"
        ctx.add("section.empty", Evidence(spans=[(s.start, s.body_start)], section=s.id),
                section=ctx.label(s), after=after)


def _number(sec) -> int | None:
    digits = re.sub(r"[^0-9０-９一二两三四五六七八九十]", "", sec.number or "")
    return _count(digits) if digits else None


def _next_in_order(s, nxt) -> bool:
    """Is `nxt` the heading that may follow `s` when `s` has no content?  Not when either is a check-box option
    of a form (1、常年性 2、延续性□), when the numbering runs out of order (a flattened 自评表's scoring rules:
    1、运行监管记录 / 3 分), or when a first heading is followed by a first heading of another style (1. 单位
    基本情况 / （一）单位机构设置: a sub-heading under an unusual order), or when `nxt` is a number with its unit."""
    if re.search(r"[□☑■☐√]", (s.title or "") + (nxt.title or "")) or re.match(r"(?:分|万?元|%|个|项)(?:$|[，,；;。])", nxt.title or ""):
        return False     # an option, or a number with its unit read as a heading (2 分，逾期扣 1 分)
    a, b = _number(s), _number(nxt)
    if a is None or b is None:
        return True
    form = re.sub(r"[0-9０-９一二两三四五六七八九十]", "", s.number or "")
    if form == re.sub(r"[0-9０-９一二两三四五六七八九十]", "", nxt.number or ""):
        return b == a + 1 or nxt.level < s.level
    return not (a == 1 and b == 1)


def _required_sections() -> dict[str, str]:
    data = rules.load("sections")
    return {sec["canonical"]: sec.get("name", sec["canonical"]) for sec in data.get("section", [])
            if "部门整体支出" in sec.get("required_in", [])}


def check_missing(ctx: Context) -> None:
    """A 部门整体支出 self-evaluation report without 存在的问题 (warning) or another required section (info).
    Only a whole report can miss a section: not a budget, a final account or a form (their outline is
    another), not a text cut short."""
    doc = ctx.report.document
    if ctx.kind != "部门整体支出" or ctx.report.meta.doc_type != "绩效自评报告" or doc.status != "ok" \
            or doc.truncated or len(ctx.report.sections) < 3:
        return
    have = {s.canonical for s in ctx.report.sections}
    if any(re.search(r"问题|不足", s.title or "") for s in ctx.report.sections) or \
            re.search(r"存在的?(主要)?(问题|不足)|不足之处|问题(与|和|及)(建议|不足)", ctx.text):
        have.add("problems")
    # a budget the report speaks of anywhere is covered (a combined 政府性基金、国有资本经营及社会保险基金
    # heading, or 本部门无政府性基金预算支出 under 支出情况)
    for canonical, pattern in ctx.rules.params.get("fund_topics", {}).items():
        if re.search(pattern, ctx.text):
            have.add(canonical)
    for canonical, name in _required_sections().items():
        if canonical in have:
            continue
        sev = "warning" if canonical in WARN_MISSING else "info"
        ctx.add("section.missing", Evidence(), severity=sev, expected=canonical, name=name)


def _count(tok: str) -> int | None:
    tok = tok.translate(FULLWIDTH_DIGITS)
    if tok.isdigit():
        return int(tok)
    if len(tok) == 1 and tok in CN_DIGITS:
        return CN_DIGITS[tok]
    if len(tok) == 2 and tok[0] == "十" and tok[1] in CN_DIGITS:
        return 10 + CN_DIGITS[tok[1]]
    return None


def _items(s: str) -> list[str]:
    """Items of a listing; a bracketed remark (加挂…牌子、…) is part of its item, not items of its own."""
    s = re.sub(r"（[^）]*）|\([^)]*\)", "", s)
    return [x for x in (p.strip(" \t“”") for p in re.split(r"[、，,]", s)) if x]


def check_listed_counts(ctx: Context) -> None:
    """设6个内设机构，分别为：A、B… / 内设A、B、C 3个科室: the count equals the items listed."""
    nouns = ctx.rules.params["listing"]["nouns"]
    text = ctx.text
    num = r"([0-9０-９]+|[一二两三四五六七八九十]{1,2})"
    # count first, list after 分别为/分别是/包括/即 (or in brackets right after the noun); a count that
    # qualifies something else (6个乡镇的供水工程，分别为：A镇、B乡) counts the listed items only when
    # each item is of the noun's kind (ends with one of its characters)
    first = re.compile(rf"{num}\s*个(?:[^，。；\n（(]{{0,8}}?)(?P<noun>{nouns})"
                       rf"(?:(?P<gap>的[^，。；\n]{{1,12}}?)?[，,]?\s*(?:(?:分别为|分别是|包括|即|(?P<be>为))[：:]?|[：:])(?P<list>[^。；;\n]+)"
                       rf"|[（(](?P<bracketed>[^）)]+)[）)])"
                       rf"|(?P<noun2>{nouns})\s*(?P<num2>[0-9０-９]+|[一二两三四五六七八九十]{{1,2}})\s*个(?:[，,]?\s*(?:分别为|分别是|包括|即)[：:]?|[：:])(?P<list2>[^。；\n]+)")
    # list first: 内设A、B、C(共)3个科室
    after = re.compile(rf"(?:内设|下设|设有|下属|另设|包括|设)([^。；：:，,\n]+?)\s*(共|等)?\s*{num}\s*个\s*({nouns}|[^\s，。；、]{{0,4}}(?:室|股|科|部|处|所|中心|单位|机构))")
    seen: set[int] = set()
    for m in first.finditer(text):
        if m.group("noun"):
            n, noun = _count(m.group(1)), m.group("noun")
            listing = m.group("list") if m.group("list") is not None else m.group("bracketed")
        else:
            noun, n, listing = m.group("noun2"), _count(m.group("num2")), m.group("list2")
        closed = m.group("be") is not None and m.group("list") is not None
        if closed:              # 设1个事业单位为A，处级建制，…: after a bare 为 the list is its first clause
            listing = re.split(r"[，,]", listing)[0]
        listing = listing.rstrip()
        if n is None or listing.endswith("等") or re.search(r"等\s*$|等[0-9一二三四五六七八九十]", listing):
            continue
        items = _items(listing)
        if m.group("gap"):      # the run of items of the noun's kind; the sentence goes on after it
            items = list(itertools.takewhile(lambda it: it[-1] in noun, items))
            if len(items) < 2:
                continue
        seen.add(m.start())
        _compare(ctx, m.start(), m.end(), n, noun, items, closed or text[m.end():m.end() + 1] == "。")
    for m in after.finditer(text):
        if any(abs(m.start() - s) < 30 for s in seen):
            continue
        listing, n, noun = m.group(1), _count(m.group(3)), m.group(4)
        if n is None or m.group(2) == "等" or listing.rstrip().endswith("等") or "、" not in listing:
            continue
        # the list is what follows the verb up to the count; drop a leading subject clause
        items = _items(listing)
        if len(items) < 2 or any(re.search(r"[0-9０-９]", it) for it in items):
            continue
        _compare(ctx, m.start(), m.end(), n, noun, items)


def _compare(ctx: Context, start: int, end: int, n: int, noun: str, items: list[str], closed: bool = False) -> None:
    # “A、B和C” joins the last two items; names may hold 和 too, so both readings are allowed
    joined = 1 if items and re.search(r"[和及与]", items[-1]) else 0
    if len(items) < 2 and not (closed and joined):
        return  # one item: the list may go on after a ； (1.办公室；2.…) — undecidable
    # a closed list “A和B” (…为A和B，… / …：A和B。) names one or two
    if len(items) <= n <= len(items) + joined:
        return
    ctx.add("count.listed_items", Evidence(spans=[(start, end)], section=ctx.section_id_at(start)),
            expected=n, actual=len(items), expression="count == len(items)", delta=len(items) - n,
            count=n, noun=noun, listed=len(items), items="、".join(items))


def run(ctx: Context) -> None:
    check_fund_topics(ctx)
    check_section_topics(ctx)
    check_empty(ctx)
    check_missing(ctx)
    check_listed_counts(ctx)
