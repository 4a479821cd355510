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
    whole text extraction.  Rules drawn inside a form XObject (a table placed as one form, as some
    report tools export it) count too, in page coordinates."""
    found = _Rules(page.get_height())
    found.walk(raw.FPDFPage_CountObjects(page.raw), lambda i: raw.FPDFPage_GetObject(page.raw, i), None, 0)
    return found.hs, found.vs, found.images


Matrix = tuple[float, float, float, float, float, float]    # (a, b, c, d, e, f): x' = ax + cy + e, y' = bx + dy + f
_MAX_FORM_DEPTH = 4           # forms inside forms; deeper (or self-drawing) forms are not looked into
_MAX_SEGMENTS = 20000         # path segments decomposed per page (a hostile page may draw millions)


def _apply(m: Optional[Matrix], x: float, y: float) -> tuple[float, float]:
    if m is None:
        return x, y
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _then(inner: Matrix, outer: Optional[Matrix]) -> Matrix:
    """The matrix applying `inner`, then `outer`."""
    if outer is None:
        return inner
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


_WHITE = 250      # a colour channel at least this light (of 255) is paper


class _Rules:
    """Collects the rules of one page, walking into form XObjects."""

    def __init__(self, height: float):
        self.height = height
        self.hs: list = []
        self.vs: list = []
        self.images = 0
        self.segments = 0
        self._box = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
        self._mode = (ctypes.c_int(), ctypes.c_int())
        self._rgba = (ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint())

    def _visible(self, obj) -> bool:
        """Does the path draw anything on white paper?  Some producers put a white, unstroked rectangle
        behind every run of text (长沙 2026 budgets): those are no table cells."""
        fill, stroke = self._mode
        if not raw.FPDFPath_GetDrawMode(obj, fill, stroke):
            return True
        r, g, b, a = self._rgba
        if stroke.value and raw.FPDFPageObj_GetStrokeColor(obj, r, g, b, a) \
                and (a.value == 0 or min(r.value, g.value, b.value) >= _WHITE):
            stroke.value = 0
        if fill.value and raw.FPDFPageObj_GetFillColor(obj, r, g, b, a) \
                and (a.value == 0 or min(r.value, g.value, b.value) >= _WHITE):
            fill.value = 0
        return bool(fill.value or stroke.value)

    def walk(self, count: int, get, m: Optional[Matrix], depth: int) -> None:
        l, b, r, t = self._box
        height, hs, vs = self.height, self.hs, self.vs
        for i in range(count):
            obj = get(i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_IMAGE:
                self.images += 1
                continue
            if kind == raw.FPDF_PAGEOBJ_FORM:
                if depth < _MAX_FORM_DEPTH:
                    fm = raw.FS_MATRIX()
                    if raw.FPDFPageObj_GetMatrix(obj, fm):
                        inner = _then((fm.a, fm.b, fm.c, fm.d, fm.e, fm.f), m)
                        self.walk(raw.FPDFFormObj_CountObjects(obj),
                                  lambda k, o=obj: raw.FPDFFormObj_GetObject(o, k), inner, depth + 1)
                continue
            if kind != raw.FPDF_PAGEOBJ_PATH or not raw.FPDFPageObj_GetBounds(obj, l, b, r, t) \
                    or not self._visible(obj):
                continue
            x0, y0, x1, y1 = l.value, b.value, r.value, t.value
            if m is not None:      # bounds of an object inside a form are in the form's space
                (ax, ay), (bx, by) = _apply(m, x0, y0), _apply(m, x1, y1)
                x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
            w, h = x1 - x0, y1 - y0
            top, bottom = height - y1, height - y0
            if h <= _SEG_TOL and w > _SEG_TOL:
                hs.append(((top + bottom) / 2, x0, x1))
            elif w <= _SEG_TOL and h > _SEG_TOL:
                vs.append(((x0 + x1) / 2, top, bottom))
            elif w > _SEG_TOL or h > _SEG_TOL:
                n = raw.FPDFPath_CountSegments(obj)
                if w > _SEG_TOL and h > _SEG_TOL and n in (4, 5):
                    hs += [(top, x0, x1), (bottom, x0, x1)]          # a cell drawn as a rectangle
                    vs += [(x0, top, bottom), (x1, top, bottom)]
                elif 2 <= n and self.segments + n <= _MAX_SEGMENTS:
                    self.segments += n
                    self._segments(obj, n, m)

    def _segments(self, obj, n: int, m: Optional[Matrix]) -> None:
        """The straight axis-parallel pieces of a path: a whole grid drawn as one path, or a rule
        stroked so wide that its box is no longer thin.  A path with curves is a drawing, not a grid."""
        om = raw.FS_MATRIX()
        if not raw.FPDFPageObj_GetMatrix(obj, om):
            return
        full = _then((om.a, om.b, om.c, om.d, om.e, om.f), m)
        x, y = ctypes.c_float(), ctypes.c_float()
        points = []
        for k in range(n):
            seg = raw.FPDFPath_GetPathSegment(obj, k)
            kind = raw.FPDFPathSegment_GetType(seg)
            if kind == raw.FPDF_SEGMENT_BEZIERTO or not raw.FPDFPathSegment_GetPoint(seg, x, y):
                return
            points.append((kind, _apply(full, x.value, y.value), raw.FPDFPathSegment_GetClose(seg)))
        height = self.height
        start = prev = None
        for kind, p, close in points:
            if kind == raw.FPDF_SEGMENT_MOVETO:
                start = prev = p
                continue
            if prev is None:
                start = prev = p
                continue
            ends = [(prev, p)] + ([(p, start)] if close and start is not None else [])
            for (ax, ay), (bx, by) in ends:
                if abs(ay - by) <= 0.5 and abs(ax - bx) > _SEG_TOL:
                    self.hs.append((height - (ay + by) / 2, min(ax, bx), max(ax, bx)))
                elif abs(ax - bx) <= 0.5 and abs(ay - by) > _SEG_TOL:
                    self.vs.append(((ax + bx) / 2, height - max(ay, by), height - min(ay, by)))
            prev = p


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
    return [t for t in tables if not _frame(t, tables)]


def _frame(t: GridTable, tables: list[GridTable]) -> bool:
    """A single box around other grids (a page background, a frame round a table) is no table: it
    would take their characters."""
    if len(t.rows) != 1 or len(t.rows[0]) != 1:
        return False
    x0, y0, x1, y1 = t.bbox
    return any(o is not t and x0 - 1 <= o.bbox[0] and o.bbox[2] <= x1 + 1 and y0 - 1 <= o.bbox[1]
               and o.bbox[3] <= y1 + 1 for o in tables)


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


