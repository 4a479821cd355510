"""The heading tree of a report, from the Chinese numbering ladder.

第X部分 > 一、 > （一） > 1. > （1） > ①.  A heading's level is its depth in the tree, so a report that
skips a rung (1. directly under 一、) still gets consecutive levels.  Numbering is followed as a
sequence: a list that restarts at （一） right under a （一） heading is nested one level deeper (a list
of duties that reuses the sections' own numbering), and the outer sequence resumes at （二）.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

import regex

from .model import Document, Section
from .rules import load

CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
RANK = {"part": 0, "cn": 1, "standard": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4, "circled": 5}

_CN = "[一二三四五六七八九十]{1,3}"
PATTERNS: list[tuple[str, regex.Pattern]] = [
    ("part", regex.compile(rf"^第\s*(?P<n>{_CN})\s*部分\s*[、，．.:：]?\s*")),
    ("cn", regex.compile(rf"^(?P<n>{_CN})\s*(?:[、，．.]|\s+(?=\S))\s*")),
    ("paren_cn", regex.compile(rf"^[（(]\s*(?P<n>{_CN})\s*[）)]\s*[、，．.]?\s*")),
    ("arabic", regex.compile(r"^(?P<n>\d{1,2})\s*(?:[、．.](?!\d)|\s+(?=\p{Han})(?![个人项名次万亿元月年日天件户家场处座]))\s*")),
    ("paren_arabic", regex.compile(r"^[（(]\s*(?P<n>\d{1,2})\s*[）)]\s*[、，．.]?\s*")),
    ("circled", regex.compile(rf"^(?P<n>[{CIRCLED}])\s*")),
]
TITLE_END = re.compile(r"[。；;：:]")


def cn_number(s: str) -> int:
    """一 → 1, 十二 → 12, 二十 → 20 (headings never go past 九十九)."""
    if s in CIRCLED:
        return CIRCLED.index(s) + 1
    if s.isdigit():
        return int(s)
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (CN_DIGITS.get(ones, 0) if ones else 0)
    return CN_DIGITS.get(s, 0)


def printed_number(style: str, n: str) -> str:
    """The numbering normalised to full-width forms: 一、 （一） 1. （1） ①."""
    return {"part": f"第{n}部分", "cn": f"{n}、", "paren_cn": f"（{n}）", "arabic": f"{n}.",
            "paren_arabic": f"（{n}）", "circled": n}.get(style, "")


@dataclass
class HeadingMatch:
    style: str
    number: str
    value: int
    title: str
    title_end: int     # offset (in the paragraph) where the title ends


def match_heading(text: str) -> Optional[HeadingMatch]:
    """The numbering and title of a paragraph that starts like a heading, else None."""
    for style, pat in PATTERNS:
        m = pat.match(text)
        if not m:
            continue
        rest = text[m.end():]
        if not rest or not regex.match(r"[\p{Han}“‘《A-Za-z]|(?:19|20)\d{2}\s*年", rest):   # 二、2022年度…
            return None
        if style == "cn" and rest[:1] in "是者则来":   # 一是…二是… enumerations
            return None
        if style == "arabic" and not regex.match(r"\d{1,2}\s*[、．.]", text) and _starts_with_unit(rest):
            return None      # `24 小时晴雨预报准确率…`: a quantity, not a heading number
        stop = TITLE_END.search(rest)
        title = rest[:stop.start()] if stop else rest
        title = title.strip(" ，,、")
        if not title:
            return None
        n = m.group("n")
        return HeadingMatch(style, printed_number(style, n), cn_number(n), title, m.end() + len(title))
    return None


def _starts_with_unit(rest: str) -> bool:
    """A title that starts with a unit of two or more characters (小时, 人次, 万元) is a quantity's tail;
    one-character measure words are the pattern's own lookahead (部门 must stay a title)."""
    return rest.startswith(_unit_names())


@functools.lru_cache(maxsize=1)
def _unit_names() -> tuple[str, ...]:
    from .numbers import unit_table
    return tuple(u for u in unit_table() if len(u) >= 2)


@functools.lru_cache(maxsize=1)
def _section_rules() -> list[tuple[str, list[re.Pattern], list[re.Pattern]]]:
    return [(sec["canonical"], [re.compile(p) for p in sec["synonyms"]],
             [re.compile(p) for p in sec.get("standalone", [])]) for sec in load("sections")["section"]]


def canonical_of(title: str) -> Optional[str]:
    t = re.sub(r"\s+", "", title)
    for canonical, synonyms, _ in _section_rules():
        if any(p.search(t) for p in synonyms):
            return canonical
    return None


def _standalone(text: str) -> Optional[str]:
    """An unnumbered paragraph that is exactly a standard section title (其他需要说明的情况)."""
    t = re.sub(r"\s+", "", text).rstrip("。：:；;")
    if len(t) > 32:
        return None
    for canonical, _, standalone in _section_rules():
        if any(p.fullmatch(t) for p in standalone):
            return canonical
    return None


@dataclass
class _Open:
    style: str
    value: int
    level: int
    section: Section


@functools.lru_cache(maxsize=1)
def _line_rules() -> tuple[re.Pattern, re.Pattern, list[re.Pattern]]:
    data = load("sections")
    return re.compile(data["list_intro"]), re.compile(data["list_item"]), [re.compile(p) for p in data["not_title"]]


def build_outline(doc: Document, doc_type: Optional[str] = None) -> list[Section]:
    """The heading tree.  `doc_type` (metadata) decides whether a numbered list announced by 分别是/包括/
    如下 … is items (budgets, final accounts, forms) or sub-headings (self-evaluation reports)."""
    from .titles import evaluation_types
    list_intro, list_item, not_title = _line_rules()
    items_are_lists = doc_type is not None and doc_type not in evaluation_types()
    sections: list[Section] = []
    stack: list[_Open] = []
    in_list, list_style = False, None
    lines = [(para, doc.text[para.start:para.end]) for para in doc.paragraphs if para.kind == "text"]
    matches = [match_heading(text) for _, text in lines]
    for k, (para, text) in enumerate(lines):
        hm = matches[k]
        if in_list and hm is not None and list_style in (None, hm.style) \
                and (list_style is not None or _opens_list(hm, text, matches[k + 1] if k + 1 < len(lines) else None)):
            list_style = hm.style            # an item of the announced list
            continue
        in_list = False
        if hm is None and items_are_lists and list_intro.search(text.rstrip()):
            in_list, list_style = True, None
            continue
        if hm is not None and any(p.search(hm.title) for p in not_title):
            continue
        if hm is not None and items_are_lists and (list_item.search(hm.title) or list_item.search(text.rstrip())):
            continue
        if hm is None:
            canon = _standalone(text)
            if canon is None:
                continue
            hm = HeadingMatch("standard", "", 0, re.sub(r"\s+", "", text).rstrip("。：:；;"), len(text))
        level, parent = _place(stack, hm)
        sec = Section(id=f"s{len(sections) + 1}", parent=parent.section.id if parent else None, level=level,
                      number=hm.number, title=hm.title, canonical=canonical_of(hm.title), page=para.page,
                      start=para.start, end=len(doc.text), body_start=para.start + hm.title_end, style=hm.style)
        sections.append(sec)
        stack.append(_Open(hm.style, hm.value, level, sec))
    # a section runs to the next heading at its level or above
    for i, s in enumerate(sections):
        s.end = next((t.start for t in sections[i + 1:] if t.level <= s.level), len(doc.text))
    return sections


def _opens_list(hm: HeadingMatch, text: str, following: Optional[HeadingMatch]) -> bool:
    """The first line after 如下： is a list item when it reads as one (a sentence) or the next line is the
    next item; a bare title followed by prose is the first heading of the body (`现将…说明如下：一、部门主要职责`)."""
    return bool(re.search(r"[，,。；;]", text)) or \
        (following is not None and following.style == hm.style and following.value == hm.value + 1)


def _place(stack: list[_Open], hm: HeadingMatch) -> tuple[int, Optional[_Open]]:
    """Pop the stack to where the heading belongs; return its level and parent."""
    if hm.style == "standard":
        stack.clear()
        return 1, None
    same = [i for i, o in enumerate(stack) if o.style == hm.style]
    if not same and hm.value == 1 and stack and stack[-1].style == "standard":
        top = stack[-1]                           # 其他相关情况说明 / 一、…: an unnumbered title heads a list
        return top.level + 1, top
    if same:
        if hm.value == 1 and same[-1] == len(stack) - 1 and stack[-1].value >= 1:
            top = stack[-1]                       # a list restarting under a heading of its own style
            return top.level + 1, top
        for i in reversed(same):
            if hm.value == stack[i].value + 1:
                del stack[i:]
                return _level_after(stack), (stack[-1] if stack else None)
        i = same[-1]
        del stack[i:]
        return _level_after(stack), (stack[-1] if stack else None)
    while stack and RANK[stack[-1].style] >= RANK[hm.style]:
        stack.pop()
    return _level_after(stack), (stack[-1] if stack else None)


def _level_after(stack: list[_Open]) -> int:
    return stack[-1].level + 1 if stack else 1


class SectionIndex:
    """The most specific section holding a text offset: bisect over the heading starts, then up the tree
    (sections nest, so the deepest one holding an offset is an ancestor of the last one started)."""

    def __init__(self, sections: list[Section]):
        self.sections = sections
        self._starts = [s.start for s in sections]
        self._by_id = {s.id: s for s in sections}

    def at(self, offset: int) -> Optional[Section]:
        from bisect import bisect_right
        i = bisect_right(self._starts, offset) - 1
        s = self.sections[i] if i >= 0 else None
        while s is not None and not (s.start <= offset < s.end):
            s = self._by_id.get(s.parent) if s.parent else None
        return s
