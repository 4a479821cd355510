"""Characters, lines and ruled-table grids of a PDF page, read with pypdfium2.

pypdfium2 gives every character with its box in well under a millisecond per page, where pdfplumber
needs 15–25 ms; so the hot path never touches pdfplumber.  Tables are found from the page's ruling
(thin path objects and cell rectangles), which is what pdfplumber's `find_tables` does with its
"lines" strategy, and each character inside a table is assigned to the grid cell holding its centre.
"""
from __future__ import annotations

import ctypes
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as raw

log = logging.getLogger(__name__)
FALLBACK_FONT_DIR = Path(__file__).resolve().parent / "fonts"
def _init_pdfium_fonts() -> None:
    """Restart PDFium with jixiao's fallback font as its only font directory.

    A report whose CJK font is not embedded (common: 宋体, STSong-Light) needs a substitute font for its
    glyph boxes; without one (a server with no CJK fonts) a one-character text object has zero width and
    PDFium's text page silently drops it.  The fallback font (scripts/make_fallback_font.py) gives every
    CJK and ASCII code point an em box, which is all text extraction needs.  It is the *only* directory
    PDFium searches, so boxes do not depend on the fonts a machine happens to have (a Dask worker gives
    the same boxes as the laptop), and a document never waits for a 20 MB system CJK font to load.
    Non-embedded Latin fonts still get PDFium's built-in standard fonts.  Runs once, at import, before
    any document is open.
    """
    if _open_pdfium_objects():
        log.warning("PDFium documents were opened before jixiao was imported: the fallback font is not in "
                    "use, so characters in non-embedded CJK fonts may be lost on a machine without CJK fonts")
        return
    buffer = ctypes.create_string_buffer(os.fsencode(str(FALLBACK_FONT_DIR)))
    paths = (ctypes.POINTER(ctypes.c_char) * 2)(ctypes.cast(buffer, ctypes.POINTER(ctypes.c_char)), None)
    config = raw.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=paths, m_pIsolate=None, m_v8EmbedderSlot=0)
    raw.FPDF_DestroyLibrary()
    raw.FPDF_InitLibraryWithConfig(config)
    _FONT_PATHS.extend([buffer, paths])      # PDFium keeps the pointers and reads them when it first maps a font


_FONT_PATHS: list = []


def _open_pdfium_objects() -> bool:
    """Whether the application holds PDFium objects already (restarting the library would free them)."""
    try:
        from pypdfium2.internal.bases import ObjectTracker
    except ImportError:        # another pypdfium2 layout: assume nothing is open, as at a normal import
        return False
    return any(ref() is not None for refs in ObjectTracker.values() for ref in refs)


_init_pdfium_fonts()

Char = tuple[str, tuple[float, float, float, float]]  # (character, (x0, top, x1, bottom))


@dataclass
class Line:
    chars: list[Char]
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    text: str = ""

    def __post_init__(self) -> None:
        self.text = "".join(c for c, _ in self.chars)


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


@dataclass
class PageLayout:
    number: int                  # 1-based
    width: float
    height: float
    lines: list[Line]
    tables: list[tuple[float, GridTable]]   # (top, table): where each table sits among the lines
    nchars: int = 0
    bad_chars: int = 0
    images: int = 0

    @property
    def usable(self) -> bool:
        """A page has a usable text layer when most of its characters are real text."""
        return self.nchars > 0 and self.bad_chars <= 0.2 * self.nchars


_SEG_TOL = 2.0

# FPDFText_GetCharBox(text_page, index, &left, &right, &bottom, &top) without ctypes' per-argument type
# conversion (pypdfium2 declares argtypes): 0.24 instead of 0.86 µs per character, which was a fifth of
# the whole pipeline.  Called only with a void* handle, a Python int and byref(c_double) — the types the
# C function takes.
_GET_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.cast(raw.FPDFText_GetCharBox, ctypes.c_void_p).value)


def _rulings(page) -> tuple[list, list, int]:
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


def _grids(hs: list, vs: list) -> list[GridTable]:
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


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageLayout:
    page = pdf[index]
    try:
        width, height = page.get_size()
        tp = page.get_textpage()
        try:
            n = tp.count_chars()
            text = tp.get_text_range() if n else ""
            if len(text) != n:  # defensive: keep index alignment with the char boxes
                text = "".join(chr(raw.FPDFText_GetUnicode(tp.raw, i) or 0xFFFD) for i in range(n))
            l, r, b, t = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
            pl, pr, pb, pt = ctypes.byref(l), ctypes.byref(r), ctypes.byref(b), ctypes.byref(t)
            chars: list[Char] = []
            append, get_box = chars.append, _GET_CHAR_BOX                            # the hot loop
            handle = ctypes.c_void_p(ctypes.cast(tp.raw, ctypes.c_void_p).value)
            newline = ("\n", (0.0, 0.0, 0.0, 0.0))
            bad = 0
            for i, ch in enumerate(text):
                if ch == "\r" or ch == "\n":
                    append(newline)
                    continue
                if ch < " " or ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff":
                    bad += 1
                    continue
                get_box(handle, i, pl, pr, pb, pt)
                top, bottom = height - t.value, height - b.value
                if bottom - top < 0.5 and ch != " ":   # some CID fonts report flat boxes: use the font size
                    fs = raw.FPDFText_GetFontSize(tp.raw, i)
                    top, bottom = bottom - fs * 0.88, bottom + fs * 0.12
                append((ch, (l.value, top, r.value, bottom)))
        finally:
            tp.close()
        hs, vs, images = _rulings(page)
    finally:
        page.close()
    grids = _grids(hs, vs) if hs and vs else []
    lines = _lines(chars, grids)
    real = sum(1 for c, _ in chars if c not in " \n")
    return PageLayout(index + 1, width, height, lines, [(g.bbox[1], g) for g in grids], real, bad, images)


def _cell_at(g: GridTable, cx: float, cy: float) -> Optional[GridCell]:
    for row in g.rows:
        b = row[0].bbox
        if b[1] <= cy <= b[3]:
            for c in row:
                if c.bbox[0] <= cx <= c.bbox[2]:
                    return c
    return None


def _reading_order(chars: list[Char]) -> list[Char]:
    """The line's characters left to right.  PDFium keeps content-stream order, which is the reading
    order except where a run was drawn later (quote marks from another font: `三公经费“”`); a line
    whose glyphs all share one band is then sorted by x, as pdfplumber does."""
    prev = -1e9
    for c, b in chars:
        if c != " ":
            if b[0] < prev - 1.0:
                break
            prev = b[0]
    else:
        return list(chars)
    ink = [b for c, b in chars if c != " "]
    size = sorted(b[3] - b[1] for b in ink)[len(ink) // 2]
    if max(b[3] for b in ink) - min(b[1] for b in ink) > 1.6 * size:   # two visual lines: leave them alone
        return list(chars)
    return sorted(chars, key=lambda cb: cb[1][0])


def _lines(chars: list[Char], grids: list[GridTable]) -> list[Line]:
    """Split pdfium's character stream into lines; characters inside a table go to its cells."""
    lines: list[Line] = []
    cur: list[Char] = []

    def flush() -> None:
        x0 = top = 1e9
        x1 = bottom = -1e9
        cjk: list[float] = []
        tallest = 0.0
        for c, bx in cur:
            if c == " ":
                continue
            if bx[0] < x0:
                x0 = bx[0]
            if bx[1] < top:
                top = bx[1]
            if bx[2] > x1:
                x1 = bx[2]
            if bx[3] > bottom:
                bottom = bx[3]
            h = bx[3] - bx[1]
            if c > "\u2e80":
                cjk.append(h)
            elif h > tallest:
                tallest = h
        if x1 > -1e9:
            size = sorted(cjk)[len(cjk) // 2] if cjk else tallest   # the body size of the line's Chinese text
            lines.append(Line(_reading_order(cur), x0, top, x1, bottom, size))
        cur.clear()

    prev: Optional[Char] = None
    append = cur.append
    for item in chars:
        ch, box = item
        if ch == "\n":
            flush()
            prev = None
            continue
        if grids and ch != " ":
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            g = next((g for g in grids if g.bbox[0] <= cx <= g.bbox[2] and g.bbox[1] <= cy <= g.bbox[3]), None)
            # a glyph across the table's top or bottom border belongs to the line the table was drawn over
            # (reportlab overlaps a table with the tail of the line before it: `四、…自评表`'s 、)
            if g is not None and (box[1] < g.bbox[1] - 0.5 or box[3] > g.bbox[3] + 0.5):
                g = None
            if g is not None:
                cell = _cell_at(g, cx, cy)
                if cell is not None:
                    (cell.merged_into or cell).chars.append(item)
                continue
        # fake bold: the same glyph drawn twice at (almost) the same place
        if prev is not None and prev[0] == ch and ch != " " and abs(prev[1][0] - box[0]) < 1.0 \
                and abs(prev[1][1] - box[1]) < 1.0:
            continue
        append(item)
        prev = item
    flush()
    return lines


def read_pages(path: str, max_pages: int) -> tuple[list[PageLayout], int]:
    """All pages of a PDF (up to max_pages) and the total page count."""
    pdf = pdfium.PdfDocument(path)
    try:
        total = len(pdf)
        if total > max_pages:   # not a single report: say so before reading thousands of pages
            return [], total
        return [read_page(pdf, i) for i in range(total)], total
    finally:
        pdf.close()
