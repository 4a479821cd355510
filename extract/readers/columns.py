"""Columns of a table aligned by whitespace: x ranges [x0, x1] found from the segments of its rows."""
from __future__ import annotations

from .gaps import Cells, Row, Segment, cut, segment

GUTTER_GAP = 0.6       # a gap this wide separates two cells where the other rows have a column gutter


def columns(rows: list[Row], size: float) -> list[list[float]]:
    """Column ranges [x0, x1] covered by the rows' segments, cut where a row has two segments in one."""
    segs = sorted((s for r in rows for s in r.segs), key=lambda s: s.x0)
    cols: list[list[float]] = []
    for s in segs:
        if cols and s.x0 <= cols[-1][1] + 0.5 * size:
            cols[-1][1] = max(cols[-1][1], s.x1)
        else:
            cols.append([s.x0, s.x1])
    tolerated = max(1, len(rows) // 8)
    for _ in range(12):
        gap = next(((a.x1, b.x0) for r in rows for a, b in zip(r.segs, r.segs[1:])
                    if col_of(cols, a) == col_of(cols, b)), None)
        if gap is None:
            return cols
        # the x inside the colliding gap that the fewest segments cross
        n, x = min((sum(1 for s in segs if s.x0 < x < s.x1), x)
                   for x in (gap[0] + (gap[1] - gap[0]) * k / 8 for k in range(1, 8)))
        if n > tolerated:
            return []
        i = next((i for i, c in enumerate(cols) if c[0] <= x <= c[1]), None)
        if i is None:
            return []
        lo = max((s.x1 for s in segs if cols[i][0] <= s.x0 and s.x1 <= x), default=x)
        hi = min((s.x0 for s in segs if x <= s.x0 and s.x1 <= cols[i][1]), default=x)
        cols[i:i + 1] = [[cols[i][0], lo], [hi, cols[i][1]]]
    return []


def col_of(cols: list[list[float]], s: Segment) -> int:
    """The column a segment overlaps most, else the nearest (a number: the one its right edge is in)."""
    if s.number:
        for i, (a, b) in enumerate(cols):
            if a - 1 <= s.x1 <= b + 1:
                return i
    best, where = -1e9, 0
    for i, (a, b) in enumerate(cols):
        overlap = min(b, s.x1) - max(a, s.x0)
        if overlap > best:
            best, where = overlap, i
    return where


def col_at(cols: list[list[float]], x: float) -> int:
    return min(range(len(cols)), key=lambda i: max(cols[i][0] - x, x - cols[i][1], 0.0))


def split_at_gutters(s: Segment, cols: list[list[float]], size: float) -> list[Segment]:
    """A segment running over a column gutter, with a gap there narrower than GAP, cut at that gap."""
    inside = [i for i, (a, b) in enumerate(cols) if min(b, s.x1) > max(a, s.x0)]
    if len(inside) < 2:
        return [s]
    parts = cut(s.chars, GUTTER_GAP * size)
    if len(parts) < 2:
        return [s]
    out = [parts[0]]
    for p in parts[1:]:
        prev = out[-1]
        if col_at(cols, prev.x1) == col_at(cols, p.x0):
            out[-1] = segment(prev.chars + p.chars)
        else:
            out.append(p)
    return out


def header_columns(rows: list[Row], cols: list[list[float]], size: float) -> list[list[float]]:
    """The columns with the header's cells beyond both ends of the body's (a column empty in every
    body row: 偏差原因 of a budget block)."""
    left, right = cols[0][0] - 2 * size, cols[-1][1] + 2 * size
    extra = sorted((s for r in rows for s in r.segs if not left < (s.x0 + s.x1) / 2 < right), key=lambda s: s.x0)
    out: list[list[float]] = []
    for s in extra:
        if out and s.x0 <= out[-1][1] + 0.5 * size:
            out[-1][1] = max(out[-1][1], s.x1)
        else:
            out.append([s.x0, s.x1])
    return sorted(cols + out)


def assign(segs: list[Segment], cols: list[list[float]]) -> Cells:
    cells: Cells = {}
    for s in segs:
        cells.setdefault(col_of(cols, s), []).append(s)
    return cells
