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
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from .rulings import Char, GridTable, cell_at, grids, rulings
from .unruled import find_tables

log = logging.getLogger(__name__)
FALLBACK_FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
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
PDFIUM_LOCK = threading.RLock()     # held around every use of PDFium (see read_pages)


def _open_pdfium_objects() -> bool:
    """Whether the application holds PDFium objects already (restarting the library would free them)."""
    try:
        from pypdfium2.internal.bases import ObjectTracker
    except ImportError:        # another pypdfium2 layout: assume nothing is open, as at a normal import
        return False
    return any(ref() is not None for refs in ObjectTracker.values() for ref in refs)


_init_pdfium_fonts()



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


# FPDFText_GetCharBox(text_page, index, &left, &right, &bottom, &top) without ctypes' per-argument type
# conversion (pypdfium2 declares argtypes): 0.24 instead of 0.86 µs per character, which was a fifth of
# the whole pipeline.  Called only with a void* handle, a Python int and byref(c_double) — the types the
# C function takes.
_GET_CHAR_BOX = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.cast(raw.FPDFText_GetCharBox, ctypes.c_void_p).value)


def read_page(pdf: pdfium.PdfDocument, index: int) -> PageLayout:
    page = pdf[index]
    try:
        width, height = page.get_size()
        box = page.get_cropbox()       # the printed area, in PDF coordinates (its origin need not be 0, 0)
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
                if bottom - top < 0.5 and ch != " ":   # some CID fonts report flat boxes (a hyphen)
                    prev = chars[-1][1] if chars else None
                    h = prev[3] - prev[1] if prev else 0.0
                    if h >= 0.5 and prev[1] - h <= top <= prev[3] + h:
                        top, bottom = prev[1], prev[3]       # the height of the character before it
                    else:                                    # else the font size (which may be scaled
                        fs = raw.FPDFText_GetFontSize(tp.raw, i)   # by the text matrix: 180 for 7 pt)
                        top, bottom = bottom - fs * 0.88, bottom + fs * 0.12
                append((ch, (l.value, top, r.value, bottom)))
        finally:
            tp.close()
        hs, vs, images = rulings(page)
    finally:
        page.close()
    found = grids(hs, vs) if hs and vs else []
    # text drawn wholly off the page (a cell's overflow, clipped away) is not printed: it is not read
    lines = [ln for ln in _lines(chars, found) if ln.bottom > height - box[3] and ln.top < height - box[1]
             and ln.x1 > box[0] and ln.x0 < box[2]]
    lines, loose = find_tables(lines)     # tables aligned by whitespace, not ruled
    real = sum(1 for c, _ in chars if c not in " \n")
    return PageLayout(index + 1, width, height, lines, [(g.bbox[1], g) for g in found] + loose, real, bad, images)


def reading_order(chars: list[Char]) -> list[Char]:
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
            lines.append(Line(reading_order(cur), x0, top, x1, bottom, size))
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
                cell = cell_at(g, cx, cy)
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
    """All pages of a PDF (up to max_pages) and the total page count.

    PDFium is not thread-safe (one library state, no locking of its own): every use of it in jixiao holds
    `PDFIUM_LOCK`, so `process()` may run in several threads at once (Dask runs tasks in threads)."""
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
        try:
            total = len(pdf)
            if total > max_pages:   # not a single report: say so before reading thousands of pages
                return [], total
            return [read_page(pdf, i) for i in range(total)], total
        finally:
            pdf.close()
