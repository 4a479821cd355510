"""Number tokens of a plain text: where each printed number is, what unit follows it, and where a key's quote is.

A token keeps the number exactly as printed (`3.0` is not `3`: the printed precision is part of the
number).  Units are read from the characters right after the number; numbering (`1、`, `（2）`, `3.职责`),
dates and document numbers are marked so that they never count as amounts.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

# thousands commas only in a well-formed group (`2,476,260.58`); `4125.49,4143.91` is two numbers
NUM_RE = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(\.\d+)?(?!\d)")
UNIT_RE = re.compile(r"[ \t]{0,2}(万元|亿元|元|万|%|％|百分比|个|人|名|张|辆|段|项|座|处|次|台|家|所|km|公里|分"
                     r"|年度|年|月|日|号|亩|平方米|㎡)")
UNIT_CLASS = {
    "万元": "money", "亿元": "money", "元": "money", "万": "money",
    "%": "percent", "％": "percent", "百分比": "percent",
    "个": "count", "人": "count", "名": "count", "张": "count", "辆": "count", "段": "count", "项": "count",
    "座": "count", "处": "count", "次": "count", "台": "count", "家": "count", "所": "count",
    "km": "length", "公里": "length", "分": "score", "年度": "year", "年": "year",
    "月": "date", "日": "date", "号": "docno", "亩": "area", "平方米": "area", "㎡": "area",
}
SCALE = {"万元": Decimal(10000), "万": Decimal(10000), "亿元": Decimal(100000000)}


def unit_class(unit: str) -> str:
    return UNIT_CLASS.get(unit, "")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    printed: str      # as in the text (may carry thousands commas)
    value: str        # the printed number without commas: `2,476,260.58` → `2476260.58`
    unit: str         # unit right after the number, "" when none
    cls: str          # money | percent | count | score | length | year | date | docno | area | ""
    numbering: bool   # a list or heading number (`1、`, `（2）`, `3.`), not a quantity

    @property
    def amount(self) -> bool:
        """A quantity the document states (not numbering, a date, a year or a document number)."""
        return not self.numbering and self.cls not in ("year", "date", "docno")


def tokens(text: str) -> list[Token]:
    out = []
    for m in NUM_RE.finditer(text):
        s, e = m.span()
        printed = m.group(0)
        u = UNIT_RE.match(text, e)
        unit = u.group(1) if u else ""
        cls = unit_class(unit)
        before, after = text[s - 1:s], text[e:e + 1]
        after2 = text[e + 1:e + 2]
        numbering = (after == "、" or (after in ".．" and not after2.isdigit() and unit == "")
                     or (before in "(（" and after in ")）") or before == "第")
        if not unit and (after in "-/:" or before in "-/:") and (after or before):
            cls = "date"                # 2024-02-26, 15:36, 1-3楼: parts of dates, times and ranges
        if before in "〔[【" or after in "〕]】":
            cls = "docno"
        out.append(Token(s, e, printed, printed.replace(",", ""), unit, cls, numbering))
    return out


def same_number(a: str, b: str) -> bool:
    """Equal as amounts (`3.0` and `3` state the same amount at different precision)."""
    try:
        return Decimal(a) == Decimal(b)
    except ArithmeticError:
        return False


def compatible(c1: str, c2: str) -> bool:
    """Two unit classes that may name the same quantity (a bare table cell may be anything)."""
    return c1 == c2 or not c1 or not c2


# -- where a quote is -----------------------------------------------------------------------------------

def _flat(s: str) -> tuple[str, list[int]]:
    """NFKC without whitespace, with the index in `s` of every output character."""
    chars, idx = [], []
    for i, c in enumerate(s):
        for d in unicodedata.normalize("NFKC", c):
            if not d.isspace():
                chars.append(d)
                idx.append(i)
    return "".join(chars), idx


ANNOTATION = re.compile(r"[(（][^()（）]*[A-Za-z=][^()（）]*[)）]")   # `(8 rows in the table)`, `(a/b = c%)`
SPLIT = re.compile(r"\.{3,}|…+|/|[A-Za-z][A-Za-z ]*")


def quote_spans(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of `text` where literal fragments of a key's quote occur (elisions, ASCII notes dropped)."""
    if not quote:
        return []
    flat, idx = _flat(text)
    q = unicodedata.normalize("NFKC", quote)
    q = ANNOTATION.sub("…", q)
    spans = []
    for frag in SPLIT.split(q):
        frag = "".join(frag.split()).strip(",.;:，。；：、 ")
        if len(frag) < 4:
            continue
        start = flat.find(frag)
        while start >= 0:
            spans.append((idx[start], idx[start + len(frag) - 1] + 1))
            start = flat.find(frag, start + 1)
    return spans


def find_once(text: str, anchor: str) -> int:
    """Start of `anchor` in `text`; it must occur exactly once."""
    first = text.find(anchor)
    if first < 0:
        raise ValueError(f"anchor not in text: {anchor!r}")
    if text.find(anchor, first + 1) >= 0:
        raise ValueError(f"anchor occurs more than once: {anchor!r}")
    return first
