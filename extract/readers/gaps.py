"""Lines of a PDF page cut at their wide gaps into segments, and grouped into visual rows.

The material of `unruled.py`: a segment is a run of characters with no gap wider than GAP characters
inside it (PDFium puts a space into such a gap; the spaces are dropped); a visual row is the lines
printed side by side (their vertical extents overlap by half).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .rulings import Char

GAP = 1.5              # a gap wider than this many characters separates two cells
NUMBER = re.compile(r"[≥≤＞＜><=＝]?\s*[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*[%％]?")


@dataclass
class Segment:
    chars: list[Char]
    x0: float
    x1: float
    top: float
    bottom: float
    text: str = ""
    number: bool = False

    def __post_init__(self) -> None:
        self.text = "".join(c for c, _ in self.chars if c != " ")
        self.number = bool(NUMBER.fullmatch(self.text))


@dataclass
class Row:
    lines: list = field(default_factory=list)       # the page's Line objects in this row
    segs: list[Segment] = field(default_factory=list)
    top: float = 1e9
    bottom: float = -1e9
    size: float = 0.0

    @property
    def numbers(self) -> int:
        return sum(1 for s in self.segs if s.number)

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segs)


Cells = dict[int, list[Segment]]


def has_gap(line) -> bool:
    """Whether a line has a wide gap; cheap: looks only around the spaces PDFium puts into gaps."""
    text = line.text
    i = text.find(" ")
    limit = GAP * (line.size or 10.0)
    chars, n = line.chars, len(line.chars)
    while 0 <= i < n:
        j = i
        while j < n and chars[j][0] == " ":
            j += 1
        if i > 0 and j < n and chars[j][1][0] - chars[i - 1][1][2] > limit:
            return True
        i = text.find(" ", j)
    return False


def segments(line, gap: float = GAP) -> list[Segment]:
    """The line cut at gaps wider than `gap` characters (the spaces in a gap are dropped)."""
    return cut(line.chars, gap * (line.size or 10.0))


def cut(chars: list[Char], limit: float) -> list[Segment]:
    out: list[Segment] = []
    cur: list[Char] = []
    last = None
    for ch, box in chars:
        if ch == " ":
            if cur:
                cur.append((ch, box))
            continue
        if last is not None and box[0] - last[2] > limit:
            out.append(segment(cur))
            cur = []
        cur.append((ch, box))
        last = box
    if cur:
        out.append(segment(cur))
    return out


def segment(chars: list[Char]) -> Segment:
    while chars and chars[-1][0] == " ":
        chars = chars[:-1]
    boxes = [b for c, b in chars if c != " "]
    return Segment(chars, min(b[0] for b in boxes), max(b[2] for b in boxes), min(b[1] for b in boxes),
                   max(b[3] for b in boxes))


def visual_rows(lines: list) -> list[Row]:
    """Lines grouped into visual rows: a line overlapping the row above by half its height joins it."""
    rows: list[Row] = []
    for ln in sorted(lines, key=lambda ln: ln.top):
        row = rows[-1] if rows else None
        h = ln.bottom - ln.top
        if row is None or min(row.bottom, ln.bottom) - max(row.top, ln.top) < 0.5 * min(h, row.bottom - row.top):
            row = Row()
            rows.append(row)
        row.lines.append(ln)
        row.segs.extend(segments(ln))
        row.top, row.bottom = min(row.top, ln.top), max(row.bottom, ln.bottom)
        row.size = max(row.size, ln.size)
    for row in rows:
        row.segs.sort(key=lambda s: s.x0)
    return rows


def merge(into: tuple[Row, Cells], r: Row, cells: Cells) -> None:
    row, have = into
    for col, segs in cells.items():
        have[col] = have.get(col, []) + segs
    row.lines, row.segs = row.lines + r.lines, row.segs + r.segs
    row.top, row.bottom = min(row.top, r.top), max(row.bottom, r.bottom)


def reading_order(segs: list[Segment]) -> list[Segment]:
    """Segments of one cell: line by line (segments overlapping vertically are one line), left to right."""
    lines: list[list[Segment]] = []
    for s in sorted(segs, key=lambda s: s.top):
        if lines and s.top < lines[-1][0].bottom - 0.5 * (s.bottom - s.top):
            lines[-1].append(s)
        else:
            lines.append([s])
    return [s for line in lines for s in sorted(line, key=lambda s: s.x0)]
