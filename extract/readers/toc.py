"""Tables of contents: their lines are not headings (nor the body's first section's content).

A contents line is recognised by its leaders and page number (`一、部门职责……1`), or by leaders alone
(`一、部门主要职能…………`).  Real tables of contents also come without either: after a 目录 line, the
heading-like lines up to where the body repeats the first of them are contents; and a run of heading-like
lines with nothing between them whose titles the body then repeats in the same order is one too.
"""
from __future__ import annotations

import re

from ..model import Document
from .chars import HEADING_START, TOC_LINE

SHORT_TOC_LINE = re.compile(r"[.…·．。\-—_]{1,}\s*\d{1,3}\s*$")
LEADERS_ONLY = re.compile(r"[.…·．\-—_]{4,}\s*$")
TOC_TITLE = re.compile(r"目\s*录|目\s*次")
PAGE_TAIL = re.compile(r"(?:[.…·．。\-—_\s]*\d{1,3}|\s*PAGEREF\s*_?Toc\w*\s*\\?h?\s*\d*)\s*$")
ENTRY = re.compile(r"^(?:第[一二三四五六七八九十]+部分|表[一二三四五六七八九十\d]+|附表|附件|[一二三四五六七八九十]{1,3}[、．.]"
                   r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.])")
MIN_REPEATED_RUN = 4
NUMBERING = re.compile(r"^(?:第[一二三四五六七八九十]+部分[：:、]?|表[一二三四五六七八九十\d]+[：:、]?|[一二三四五六七八九十]{1,3}[、．.]"
                       r"|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．.]?)")


def _key(text: str) -> str:
    """A contents entry and its heading in the body compare equal: no page number, leaders, spaces or
    numbering (the body may number 一、部门主要职责 as （一）部门主要职责, or put 表1 above the title)."""
    t = re.sub(r"\s+", "", PAGE_TAIL.sub("", LEADERS_ONLY.sub("", text)))
    return NUMBERING.sub("", t)


def _number(text: str) -> str | None:
    m = NUMBERING.match(re.sub(r"\s+", "", text))
    return m.group(0) if m and m.group(0) else None


def _entry_like(text: str) -> bool:
    t = text.strip().rstrip("。")
    bare = _key(t)
    return 2 <= len(bare) <= 70 and not re.search(r"[。；]", bare) and \
        bool(ENTRY.match(bare) or HEADING_START.match(t) or PAGE_TAIL.search(t) and not re.search(r"\d\s*[万元%]", t))


def mark_toc(doc: Document) -> None:
    paras = doc.paragraphs
    texts = [doc.text[p.start:p.end] for p in paras]
    for para, t in zip(paras, texts):
        if para.kind == "text" and (TOC_LINE.search(t) or LEADERS_ONLY.search(t) or TOC_TITLE.fullmatch(t.strip())):
            para.kind = "toc"
    for i in range(1, len(paras) - 1):   # a long title leaves room for only a few leaders (`…情况……2`)
        if paras[i].kind == "text" and paras[i - 1].kind == "toc" and paras[i + 1].kind == "toc" \
                and SHORT_TOC_LINE.search(texts[i]):
            paras[i].kind = "toc"
    _after_title(doc, texts)
    _repeated_runs(doc, texts)


def _after_title(doc: Document, texts: list[str]) -> None:
    """After a 目录 line: entries up to the line where the body repeats the first one (or prose begins)."""
    paras = doc.paragraphs
    for i, para in enumerate(paras):
        if para.kind != "toc" or not TOC_TITLE.fullmatch(texts[i].strip()):
            continue
        first = first_number = None
        j = i + 1
        while j < len(paras) and paras[j].page <= para.page + 3:
            p, t = paras[j], texts[j]
            if p.kind == "table":
                break
            key = _key(t)
            if first is not None and key == first:
                break                               # the body begins: it repeats the first entry
            number = _number(t)
            if first_number and number == first_number and not PAGE_TAIL.search(t) and not LEADERS_ONLY.search(t):
                break                               # numbering starts over without page numbers: the body
            wrapped = first is not None and len(key) <= 12 and not re.search(r"[。；，,：:]", t)
            if p.kind == "text" and not _entry_like(t) and not wrapped:   # `总体说明`: an entry's wrapped tail
                break
            if first is None:
                first = key
                first_number = _number(t) if PAGE_TAIL.search(t) or LEADERS_ONLY.search(t) else None
            p.kind = "toc"
            j += 1


def _repeated_runs(doc: Document, texts: list[str]) -> None:
    """A run of heading-like lines with nothing between them, whose titles the body repeats in order."""
    paras = doc.paragraphs
    keys = [_key(t) for t in texts]
    i = 0
    while i < len(paras):
        j = i
        while j < len(paras) and paras[j].kind == "text" and ENTRY.match(texts[j].strip()) and _entry_like(texts[j]) \
                and keys[j] not in keys[i:j]:
            j += 1
        # the body begins right after the run by repeating its first entry, or repeats most of it later
        body_starts = j < len(paras) and keys[j] == keys[i]
        if j - i >= MIN_REPEATED_RUN and (body_starts or _repeated_later(keys, i, j)):
            for k in range(i, j):
                paras[k].kind = "toc"
            i = j
        else:
            i = max(j, i + 1)


def _repeated_later(keys: list[str], i: int, j: int) -> bool:
    """Most of the run's entries occur again after it, in the same order."""
    pos, hits = j, 0
    for k in range(i, j):
        try:
            pos = keys.index(keys[k], pos) + 1
            hits += 1
        except ValueError:
            continue
    return hits >= max(MIN_REPEATED_RUN - 1, (j - i) * 2 // 3)
