"""Ruled tables on a PDF page: the rules (thin paths and cell rectangles) grouped into grids of cells.

What pdfplumber's `find_tables` does with its "lines" strategy, on pdfium's raw page objects: the rules
are grouped by a sweep down the page (only segments whose vertical extents overlap can touch), each
connected group is cut into rows and cells, and a cell with no rule above it is a piece of the
vertically merged cell above.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Optional

import pypdfium2.raw as raw

Char = tuple[str, tuple[float, float, float, float]]  # (character, (x0, top, x1, bottom))
_SEG_TOL = 2.0


@dataclass
class GridCell:
    row: int
    col: int
    bbox: tuple[float, float, float, float]
    chars: list[Char] = field(default_factory=list)
    merged_into: Optional["GridCell"] = None   # top piece of a vertically merged cell (no rule above)


@dataclass
class GridTable:
    bbox: tuple[float, float, float, float]
    ncols: int
    rows: list[list[GridCell]]


def rulings(page) -> tuple[list, list, int]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) rules, top-left origin, and the number of
    images.  Uses pdfium's raw object API: wrapping every text object in Python costs more than the
    whole text extraction."""
    height = page.get_height()
    hs, vs = [], []
    images = 0
    l, b, r, t = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    for i in range(raw.FPDFPage_CountObjects(page.raw)):
        obj = raw.FPDFPage_GetObject(page.raw, i)
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_IMAGE:
            images += 1
            continue
        if kind != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetBounds(obj, l, b, r, t):
            continue
        w, h = r.value - l.value, t.value - b.value
        top, bottom = height - t.value, height - b.value
        if h <= _SEG_TOL and w > _SEG_TOL:
            hs.append(((top + bottom) / 2, l.value, r.value))
        elif w <= _SEG_TOL and h > _SEG_TOL:
            vs.append(((l.value + r.value) / 2, top, bottom))
        elif w > _SEG_TOL and h > _SEG_TOL and raw.FPDFPath_CountSegments(obj) in (4, 5):
            hs += [(top, l.value, r.value), (bottom, l.value, r.value)]          # a cell drawn as a rectangle
            vs += [(l.value, top, bottom), (r.value, top, bottom)]
    return hs, vs, images


def _merge_close(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def grids(hs: list, vs: list) -> list[GridTable]:
    """Group rules into connected grids and cut each into rows and cells."""
    segs = [("h", s) for s in hs] + [("v", s) for s in vs]
    n = len(segs)
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def touches(a, b) -> bool:
        (ka, sa), (kb, sb) = a, b
        if ka == kb == "h":
            return abs(sa[0] - sb[0]) <= tol and sa[1] <= sb[2] + tol and sb[1] <= sa[2] + tol
        if ka == kb == "v":
            return abs(sa[0] - sb[0]) <= tol and sa[1] <= sb[2] + tol and sb[1] <= sa[2] + tol
        h, v = (sa, sb) if ka == "h" else (sb, sa)
        return h[1] - tol <= v[0] <= h[2] + tol and v[1] - tol <= h[0] <= v[2] + tol

    # sweep down the page: only segments whose vertical extents overlap can touch
    tol = 3.0
    spans = [(s[0], s[0]) if k == "h" else (s[1], s[2]) for k, s in segs]
    order = sorted(range(n), key=lambda i: spans[i][0])
    active: list[int] = []
    for i in order:
        top = spans[i][0] - tol
        active = [j for j in active if spans[j][1] >= top]
        for j in active:
            if touches(segs[i], segs[j]):
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
        active.append(i)
    groups: dict[int, list] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(segs[i])
    tables = []
    for group in groups.values():
        h = [s for k, s in group if k == "h"]
        v = [s for k, s in group if k == "v"]
        ys = _merge_close([s[0] for s in h])
        xs = _merge_close([s[0] for s in v])
        if len(ys) < 2 or len(xs) < 2:
            continue
        rows: list[list[GridCell]] = []
        for ri in range(len(ys) - 1):
            y0, y1 = ys[ri], ys[ri + 1]
            if y1 - y0 < 3:
                continue
            mid = (y0 + y1) / 2
            bounds = _merge_close([s[0] for s in v if s[1] - 2 <= mid <= s[2] + 2])
            row = []
            for ci in range(len(bounds) - 1):
                x0, x1 = bounds[ci], bounds[ci + 1]
                col = min(range(len(xs)), key=lambda k: abs(xs[k] - x0))
                row.append(GridCell(len(rows), col, (x0, y0, x1, y1)))
            if row:
                rows.append(row)
        if rows:
            _link_merged(rows, h)
            tables.append(GridTable((xs[0], ys[0], xs[-1], ys[-1]), len(xs) - 1, rows))
    return tables


def _link_merged(rows: list[list[GridCell]], h: list) -> None:
    """Mark cells with no horizontal rule above them as pieces of the cell above (a vertically merged
    cell).  Its text is centred, so it would land in a middle piece or be split over several; sending
    all of it to the top piece keeps the text whole and in the merged block's first row."""
    for above, row in zip(rows, rows[1:]):
        for cell in row:
            x0, y0, x1, _ = cell.bbox
            cx = (x0 + x1) / 2
            # any piece of rule across the cell's top (a dashed rule is many short pieces)
            ruled = any(abs(s[0] - y0) <= 2 and s[1] < x1 - 2 and s[2] > x0 + 2 for s in h)
            if ruled:
                continue
            top = next((c for c in above if c.bbox[0] - 2 <= cx <= c.bbox[2] + 2 and abs(c.bbox[3] - y0) <= 2), None)
            if top is not None:
                cell.merged_into = top.merged_into or top


def cell_at(g: GridTable, cx: float, cy: float) -> Optional[GridCell]:
    for row in g.rows:
        b = row[0].bbox
        if b[1] <= cy <= b[3]:
            for c in row:
                if c.bbox[0] <= cx <= c.bbox[2]:
                    return c
    return None


