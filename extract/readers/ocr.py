"""OCR of PDF pages without a usable text layer (image-only scans, `(cid:N)` garbage), page by page.

Each such page is rendered with PDFium (under `PDFIUM_LOCK`; the lock is released while the page is
recognised), its red channel read as grey (red seals vanish), its text boxes detected and read
(`ocr_engine`), and the result laid out as the same `PageLayout` the text layer gives: lines of
`(char, box)` pairs in PDF points, origin top-left, in the upright frame of the page (the scan's skew
taken out), and ruled tables as `GridTable`s cut from the rules found in the image — so furniture
removal, line joining, the outline, figures, fields, the 自评表 and the checks run unchanged.

Character boxes are approximated inside each recognised box from the recogniser's time steps (the
column at which each character was emitted), so a figure's bbox lands on the figure.  Every character
keeps its recognition probability; `confidences` maps (page, box) to it for `Document.confidences`.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from . import ocr_engine, ocr_image
from .chars import is_cjk
from .pdf_page import PDFIUM_LOCK, PageLayout, _lines
from .rulings import Char, cell_at, grids

log = logging.getLogger(__name__)

DPI = 150                # the scan's own resolution for a 150 dpi scan; enough for 9 pt table text
SPECKS = frozenset(".·'`")
MIN_SCORE = 0.5          # a box read with a lower mean probability is a speck, a stamp or a smudge


@dataclass
class OcrPage:
    layout: PageLayout
    confidences: dict = field(default_factory=dict)   # (page, box) → probability of that character
    skew: float = 0.0                                  # degrees taken out
    blank: bool = False                                # next to no ink: a blank page scanned with the rest


def unavailable() -> Optional[str]:
    return ocr_engine.unavailable()


def ocr_pages(path: str, numbers: list[int]) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF.  A page that cannot be rendered or read is left out."""
    import pypdfium2 as pdfium
    out: dict[int, OcrPage] = {}
    with PDFIUM_LOCK:
        pdf = pdfium.PdfDocument(path)
    try:
        for n in numbers:
            try:            # a page that fails to render or to be read must not lose the document
                with PDFIUM_LOCK:
                    page = pdf[n - 1]
                    try:
                        width, height = page.get_size()
                        scale = DPI / 72
                        bitmap = page.render(scale=scale, rev_byteorder=True, may_draw_forms=False)
                        rgb = np.array(bitmap.to_numpy()[:, :, :3])        # a copy: the bitmap is freed below
                        bitmap.close()
                    finally:
                        page.close()
                out[n] = read_image(rgb, n, width, height, scale)      # the lock is free meanwhile
            except Exception:
                log.exception("OCR failed on page %d of %s", n, path)
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return out


def confidences(doc, read: dict[int, OcrPage]) -> list:
    """`Document.confidences`: each character's recognition probability, None for text-layer ones."""
    out: list = [None] * len(doc.text)
    if not read:
        return out
    from bisect import bisect_right
    starts = doc.page_starts
    for i, box in enumerate(doc.boxes):
        if box is not None:
            page = max(1, bisect_right(starts, i))
            got = read.get(page)
            if got is not None:
                out[i] = got.confidences.get((page, box))
    return out


def read_image(rgb: np.ndarray, number: int, width: float, height: float, px_per_pt: float) -> OcrPage:
    """One page image (RGB, `px_per_pt` pixels per PDF point) into a PageLayout."""
    img = ocr_image.ocr_input(rgb)
    quads = ocr_engine.detect(img)
    runs = [r for r in ocr_engine.recognise(img, quads) if r.score >= MIN_SCORE and _has_word(r)]
    centre = (img.shape[1] / 2, img.shape[0] / 2)
    skew = ocr_image.skew_degrees(img[:, :, 0])
    hs, vs = ocr_image.rulings(img[:, :, 0], quads, skew, px_per_pt)
    found = grids(hs, vs) if hs and vs else []
    confidences: dict = {}
    placed = []
    paper = float(np.median(img[:, :, 0]))
    boxes = [ocr_image.upright(r.quad, skew, centre) / px_per_pt for r in runs]
    sizes = [_font_size(r.text, r.centres, float(q[:, 0].max() - q[:, 0].min()), float(q[:, 1].max() - q[:, 1].min()))
             for r, q in zip(runs, boxes)]
    # a box with too few Chinese characters to measure takes the page's own ratio of size to box height
    ratios = sorted(sz / float(q[:, 1].max() - q[:, 1].min()) for sz, q in zip(sizes, boxes) if sz)
    ratio = ratios[len(ratios) // 2] if len(ratios) >= 3 else 0.85
    sizes = _snap([sz or ratio * float(q[:, 1].max() - q[:, 1].min()) for sz, q in zip(sizes, boxes)])
    found = [g for g in found if _sound(g, runs, boxes)]
    for r, q, size in zip(runs, boxes, sizes):
        x0, x1 = float(q[:, 0].min()), float(q[:, 0].max())
        top, bottom = float(q[:, 1].min()), float(q[:, 1].max())
        mid = (top + bottom) / 2
        top, bottom = mid - size / 2, mid + size / 2
        chars = _char_boxes(clean_text(r.text), r.centres, x0, top, x1, bottom)
        if found:
            chars = [(ch, _inside_cell(found, box)) for ch, box in chars]
        kept = []
        last = len(chars) - 1
        for i, ((ch, box), conf) in enumerate(zip(chars, r.confidences)):
            if ch in SPECKS and conf < 0.9 and (not kept or i == last):   # a speck beside a number read as a point
                continue
            if ch == "." and i == last and all(c.isdigit() or c in ".," for c, _ in chars):
                continue    # a number alone in its box (a table cell) never ends in a point: `5.` is a speck
            if ch in SPECKS and conf < 0.8 and not (kept and kept[-1][0].isdigit() and i < last and chars[i + 1][0].isdigit()):
                continue    # a speck read as a point inside a line (2025年3.月): a decimal point sits between digits
            kept.append((ch, box))
            confidences[(number, box)] = round(conf, 4)
        if kept:
            if not any(g.bbox[0] <= kept[0][1][0] <= g.bbox[2] and g.bbox[1] <= top <= g.bbox[3] for g in found):
                kept += _leaders(img, r.quad, paper, skew, centre, px_per_pt, top, bottom, number, confidences)
            placed.append((kept[0][1][0], top, kept[-1][1][2], bottom, kept))
    stream = _reading_stream(placed)
    lines = _lines(stream, found)
    nchars = sum(1 for c, _ in stream if c not in " \n")
    layout = PageLayout(number, width, height, lines, [(g.bbox[1], g) for g in found], nchars, 0, 1)
    blank = not nchars and float((img[:, :, 0] < paper - 60).mean()) < 0.002
    return OcrPage(layout, confidences, skew, blank)


def _sound(g, runs, boxes) -> bool:
    """A grid that leaves a tenth of the characters over it in no cell is not the table's (a phone
    scan's bent rules cut rows short): the page is better read as lines than as a wrong table."""
    inside = lost = 0
    for r, q in zip(runs, boxes):
        x0, x1 = float(q[:, 0].min()), float(q[:, 0].max())
        cy = float(q[:, 1].mean())
        for c in r.centres:
            cx = x0 + c * (x1 - x0)
            if g.bbox[0] <= cx <= g.bbox[2] and g.bbox[1] <= cy <= g.bbox[3]:
                inside += 1
                lost += cell_at(g, cx, cy) is None
    return lost <= 0.1 * inside


def _leaders(img, quad, paper, skew, centre, px_per_pt, top, bottom, number, confidences) -> list[Char]:
    """The dot leaders and page number of a contents line, as the text layer has them: one `…` an em
    along the dots (so the contents line is known as one), then the number as read."""
    found = ocr_image.leader_dots(img[:, :, 0], quad, paper, skew)
    if found is None:
        return []
    first, last, number_quad = found
    size = bottom - top
    y = float(np.mean(quad[:, 1]))
    a = float(ocr_image.upright(np.array([[first, y]], dtype=np.float32), skew, centre)[0, 0]) / px_per_pt
    b = float(ocr_image.upright(np.array([[last, y]], dtype=np.float32), skew, centre)[0, 0]) / px_per_pt
    k = max(4, int((b - a) / max(size, 1.0)))
    out: list[Char] = [("…", (round(a + i * (b - a) / k, 2), round(top, 2), round(a + (i + 1) * (b - a) / k, 2),
                              round(bottom, 2))) for i in range(k)]
    if number_quad is not None:
        for r in ocr_engine.recognise(img, [number_quad]):
            if r.text.isdigit() and r.score >= MIN_SCORE:
                q = ocr_image.upright(r.quad, skew, centre) / px_per_pt
                chars = _char_boxes(r.text, r.centres, float(q[:, 0].min()), top, float(q[:, 0].max()), bottom)
                for (ch, box), conf in zip(chars, r.confidences):
                    confidences[(number, box)] = round(conf, 4)
                out += chars
    return out


def _inside_cell(found: list, box: tuple) -> tuple:
    """A character in a table cell keeps inside the cell: the detector's box reaches past the glyph and
    would cross the rule above a cell's first line (the text layer's glyph boxes never do)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    for g in found:
        if g.bbox[0] <= cx <= g.bbox[2] and g.bbox[1] <= cy <= g.bbox[3]:
            cell = cell_at(g, cx, cy)
            if cell is None:        # in the grid but in no cell (a row with a rule missing): the nearest
                cell = min((c for row in g.rows for c in row),        # cell, or the text would be lost
                           key=lambda c: max(c.bbox[0] - cx, 0, cx - c.bbox[2]) + max(c.bbox[1] - cy, 0, cy - c.bbox[3]))
            b = cell.bbox
            x0, x1 = min(max(box[0], b[0] + 0.5), b[2] - 1.5), max(min(box[2], b[2] - 0.5), b[0] + 1.5)
            t0, t1 = min(max(box[1], b[1] + 0.5), b[3] - 1.5), max(min(box[3], b[3] - 0.5), b[1] + 1.5)
            return (round(x0, 2), round(t0, 2), round(x1, 2), round(t1, 2))
    return box


def _has_word(run) -> bool:
    """A box with no letter, digit or Chinese character in it is a speck read as punctuation, unless it
    is a dash read with confidence (`—` in an empty table cell)."""
    return any(c.isalnum() for c in run.text) or run.score >= 0.8 and set(run.text) <= set("—－-–")


def _snap(sizes: list[float]) -> list[float]:
    """Each measured size becomes the median of the sizes within 6% of it: a title's two lines measured
    21.1 and 20.1 pt must not read as two sizes, where a text layer has one.  A window around each
    size, not a chain: body text (12 pt) and table text (9 pt) stay apart however many sizes lie
    between them."""
    out = []
    for x in sizes:
        near = sorted(y for y in sizes if abs(y - x) <= 0.06 * x)
        out.append(near[len(near) // 2])
    return out


def _font_size(text: str, centres: list[float], width: float, height: float) -> float:
    """The font size of a recognised box: the pitch of its Chinese characters (set solid, one em
    apart), which brackets, descenders and the detector's margin do not change as they change the
    box's height; the box's height where there are too few of them.  Measured over whole runs of
    Chinese characters, since each centre is known only to a time step of the recogniser."""
    span = count = 0.0
    i, n = 0, len(text)
    while i < n:
        j = i
        while j < n and text[j] > "\u2e80" and text[j] not in "（）《》“”":
            j += 1
        if j - i >= 2:
            span += (centres[j - 1] - centres[i]) * width
            count += j - 1 - i
        i = max(j, i + 1)
    if count < 2:
        return 0.0        # unknown: the caller scales the box height by the page's measured ratio
    return min(max(span / count, 0.7 * height), 1.3 * height)


def _char_boxes(text: str, centres: list[float], x0: float, top: float, x1: float, bottom: float) -> list[Char]:
    """A box per character around its centre along the line: as wide as the line is high for a Chinese
    (full-width) character, half that for a Latin one, never past the midpoint to its neighbours."""
    h = bottom - top
    xs = [x0 + c * (x1 - x0) for c in centres]
    out = []
    for i, (ch, cx) in enumerate(zip(text, xs)):
        half = (0.45 if ch.isascii() else 0.9) * h / 2
        left = max(cx - half, (xs[i - 1] + cx) / 2 if i else x0)
        right = min(cx + half, (cx + xs[i + 1]) / 2 if i + 1 < len(xs) else x1)
        if right <= left:
            left, right = cx - 0.5, cx + 0.5
        out.append((ch, (round(left, 2), round(top, 2), round(right, 2), round(bottom, 2))))
    return out


def _reading_stream(placed: list[tuple]) -> list[Char]:
    """Boxes grouped into visual lines (top to bottom, each left to right, a space across a wide gap),
    a newline after each: the character stream `pdf_page._lines` cuts into lines and table cells."""
    rows: list[list[tuple]] = []
    for item in sorted(placed, key=lambda it: (it[1] + it[3]) / 2):
        x0, top, x1, bottom, _ = item
        mid, h = (top + bottom) / 2, bottom - top
        for row in rows[-4:]:
            rt = min(r[1] for r in row)
            rb = max(r[3] for r in row)
            if abs((rt + rb) / 2 - mid) < 0.4 * min(h, rb - rt) and \
                    all(x1 <= r[0] + 1 or x0 >= r[2] - 1 for r in row):
                row.append(item)
                break
        else:
            rows.append([item])
    rows.sort(key=lambda row: min(r[1] for r in row))
    stream: list[Char] = []
    for row in rows:
        row.sort(key=lambda r: r[0])
        prev = None
        for x0, top, x1, bottom, chars in row:
            if prev is not None and x0 - prev[2] > 0.5 * (bottom - top):
                stream.append((" ", (prev[2], top, x0, bottom)))
            stream.extend(chars)
            prev = (x0, top, x1, bottom)
        last = row[-1]
        stream.append(("\n", (last[2], last[1], last[2], last[3])))
    return stream


_FULL = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "?": "？", "!": "！"}
_HALF = {"，": ",", "。": ".", "．": ".", "：": ":", ":": ":", "·": ".", "•": "."}
_MISREAD = {"丶": "、"}       # the radical 丶 is never written in prose: it is a 、


def clean_text(text: str) -> str:
    """What the recogniser writes, in the forms a Chinese text layer prints (one character for one, so
    the boxes stay): Chinese punctuation beside Chinese text (`，` `：` `（` `）`; brackets in a line
    with Chinese in it), ASCII inside numbers (`4,382.60`: a thousands comma before three digits, a
    decimal point, `10:30`; a colon after three digits, `600:00`, is a misread point); `1·社会效益` is `1.`; a
    `°` not before C or F is the small circle of a `。`."""
    chars = [_MISREAD.get(c, c) for c in text]
    n = len(chars)
    chinese = any(is_cjk(c) for c in chars)
    for i, ch in enumerate(chars):
        before = chars[i - 1] if i else ""
        after = chars[i + 1] if i + 1 < n else ""
        if ch in _HALF and before.isdigit() and (after.isdigit() or ch in "·•" and (not after or is_cjk(after))):
            if ch in "，," and not (text[i + 1:i + 4].isdigit() and not text[i + 4:i + 5].isdigit()):
                continue        # 1，2 is a list; a thousands comma has three digits after it
            if ch in "：:" and i >= 3 and text[i - 3:i].isdigit():
                chars[i] = "."     # three digits before it: no time of day (10:30), a misread point
                continue
            chars[i] = _HALF[ch]
        elif ch == "°" and after.upper() not in ("C", "F"):
            chars[i] = "。"
        elif ch in "·•" and before and after and is_cjk(before) and is_cjk(after):
            chars[i] = " "      # a full-width space read as a dot: 第一部分　单位基本情况
        elif ch in "()" and chinese or ch in _FULL and (before and is_cjk(before) or after and is_cjk(after)) \
                and not (before.isdigit() and after.isdigit()):
            chars[i] = _FULL[ch]
    out = "".join(chars)
    if _NUMBER_CELL.fullmatch(out) and any(c.isdigit() for c in out):
        out = out.translate(_DIGIT_LOOKALIKES)      # a table cell of a number: i0 is 10, 1O is 10
    if out.count(".") > 1:
        out = _POINTS.sub(lambda m: m.group(0).replace(".", ",", m.group(0).count(".") - 1), out)
    return out


_NUMBER_CELL = re.compile(r"[\d.,%iIl|Oo]+")
_DIGIT_LOOKALIKES = str.maketrans("iIl|Oo", "111100")
_POINTS = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+\.\d{1,2}(?![\d.])")    # 6.330.00: the first point is a comma
