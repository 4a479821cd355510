"""From page layouts to one cleaned text with a box per character.

Cleaning is done on (character, box) pairs, never on bare strings, so that every character of the
final text still knows where it came from.  Steps: drop running headers, footers and page numbers;
join lines that the layout broke (also across pages) without inserting spaces between Chinese
characters; keep real paragraph breaks; normalise full-width digits and letters; lay tables out as
`| cell | cell |` rows.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

import regex

from .model import BBox, Cell, Document, Paragraph, Table
from .pdf_layout import Char, GridTable, Line, PageLayout

_FW = {**{chr(0xFF10 + i): str(i) for i in range(10)},
       **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
       **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
       "％": "%", "﹪": "%", "\u3000": " ", "\u00a0": " ", "\t": " ", "﹒": ".", "\u2002": " ", "\u2003": " "}

_SPACES = frozenset(c for c, v in _FW.items() if v == " ")
_NEEDS_WORK = frozenset(_FW) | {" ", "．"}      # a line without these is already normal

_CJK = regex.compile(r"[\p{Han}\p{InCJK_Symbols_and_Punctuation}\p{InHalfwidth_and_Fullwidth_Forms}“”‘’、…—]")

PAGE_NUMBER = re.compile(
    r"^(?:[-—–－_~\s]*\d{1,4}[-—–－_~\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"
    r"|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页|\d{1,4}\s*/\s*\d{1,4}|page\s*\d+(\s*of\s*\d+)?)$", re.I)
HEADING_START = re.compile(
    r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}(?:\s*[、，．.]|\s+(?=[\u4e00-\u9fff]))|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
    r"|\d{1,2}\s*[、．.](?!\d)|[（(]\s*\d{1,2}\s*[）)]|[①-⑳])")
TOC_LINE = re.compile(r"(?:[.…·．。\-—_]{4,}|\s{6,})\s*\d{1,3}\s*$")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def normalise_chars(chars: list[Char]) -> list[Char]:
    """Full-width digits/letters to ASCII, spaces between Chinese characters dropped, runs of spaces collapsed."""
    text = "".join(c for c, _ in chars)
    if _NEEDS_WORK.isdisjoint(text):
        return list(chars)
    out: list[Char] = []
    for ch, box in chars:
        ch = _FW.get(ch, ch)
        if ch == "．" and out and out[-1][0].isdigit():
            ch = "."
        out.append((ch, box))
    if " " not in text and not _SPACES.intersection(text):
        return out
    following = [""] * len(out)        # the next character that is not a space, for each position
    nxt = ""
    for i in range(len(out) - 1, -1, -1):
        following[i] = nxt
        if out[i][0] != " ":
            nxt = out[i][0]
    res: list[Char] = []
    for i, (ch, box) in enumerate(out):
        if ch == " ":
            if not res or res[-1][0] == " ":
                continue
            nxt = following[i]
            if not nxt or is_cjk(res[-1][0]) and is_cjk(nxt) and not _bare_numeral(res):
                continue
        res.append((ch, box))
    while res and res[-1][0] == " ":
        res.pop()
    return res


def _bare_numeral(chars: list[Char]) -> bool:
    """The line so far is a Chinese heading numeral (`一 部门概况`): its space is the 、 the author left out."""
    return 0 < len(chars) <= 3 and all(c in _CN_NUMERALS for c, _ in chars)


_CN_NUMERALS = frozenset("一二三四五六七八九十")


_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def strip_page_furniture(pages: list[PageLayout]) -> None:
    """Remove running headers/footers and page numbers in place (first/last lines of each page)."""
    sizes = [ln.size for p in pages for ln in p.lines]
    body = sorted(sizes)[len(sizes) // 2] if sizes else 10.0
    counts: Counter = Counter()
    text_pages = [p for p in pages if p.lines]
    for p in text_pages:
        seen = set()
        for ln in p.lines[:2] + p.lines[-2:]:
            if ln.size <= body * 1.1:
                zone = "top" if ln.top < p.height * 0.15 else "bottom" if ln.bottom > p.height * 0.85 else None
                if zone:
                    seen.add((zone, _key(ln.text)))
        counts.update(seen)
    need = max(2, -(-len(text_pages) * 6 // 10))
    for p in text_pages:
        keep = []
        n = len(p.lines)
        for i, ln in enumerate(p.lines):
            edge = i < 2 or i >= n - 2
            zone = "top" if ln.top < p.height * 0.15 else "bottom" if ln.bottom > p.height * 0.85 else None
            t = "".join(ln.text.split())
            if edge and zone and (PAGE_NUMBER.match(t) and (zone == "bottom" or i == 0)
                                  or ln.size <= body * 1.1 and counts[(zone, _key(ln.text))] >= need):
                continue
            keep.append(ln)
        p.lines = keep


class _Builder:
    """Accumulates (char, box) runs into the document text, paragraphs and page offsets.

    A box may carry its page as a fifth element (x0, top, x1, bottom, page): a paragraph that runs
    across a page break then maps each of its characters to the right page.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.parts: list[str] = []
        self.boxes: list[Optional[BBox]] = []
        self.page_marks: list[tuple[int, int]] = []   # (offset, page) where the page changes
        self._page: Optional[int] = None
        self.pos = 0

    def _mark(self, pos: int, page: int) -> None:
        if page != self._page:
            self.page_marks.append((pos, page))
            self._page = page

    def append(self, chars: list[Char], page: int) -> tuple[int, int]:
        """Add one line of text (after a newline unless it is the first); return its span."""
        if self.pos:
            self.parts.append("\n")          # the newline stays on the page of the text before it
            self.boxes.append(None)
            self.pos += 1
        start = self.pos
        self.parts.append("".join(c for c, _ in chars))
        self._mark(start, page)
        boxes = [b for _, b in chars]
        for i in [i for i, b in enumerate(boxes) if b is not None and len(b) == 5]:
            self._mark(start + i, boxes[i][4])
            boxes[i] = boxes[i][:4]
        self.boxes.extend([b if b and b != _NO_BOX else None for b in boxes])
        self.pos += len(chars)
        return start, self.pos

    def paragraph(self, chars: list[Char], page: int, kind: str = "text", table: Optional[str] = None,
                  display: bool = False) -> Optional[Paragraph]:
        chars = normalise_chars(chars)
        if not chars:
            return None
        start, end = self.append(chars, page)
        para = Paragraph(start, end, page, kind, table, display)
        self.doc.paragraphs.append(para)
        return para

    def finish(self, pages: int) -> None:
        self.doc.text = "".join(self.parts)
        self.doc.boxes = self.boxes
        marks = self.page_marks
        last = max([pages] + [p for _, p in marks])
        starts, k = [], 0
        for p in range(1, last + 1):      # the first offset at or after the previous start on page ≥ p
            while k < len(marks) and marks[k][1] < p:
                k += 1
            starts.append(marks[k][0] if k < len(marks) else self.pos)
        self.doc.page_starts = starts


_NO_BOX = (0.0, 0.0, 0.0, 0.0)


def _cell_chars(cell) -> list[Char]:
    if any(box is None for _, box in cell.chars):  # plain-text tables: already in reading order
        return list(cell.chars)
    out: list[Char] = []
    last = None
    for ch, box in cell.chars:  # pdfium's stream order is the reading order inside a cell
        # a wrap goes below *and* back to the left: a period's low box alone is no new line (`352.18`)
        if last is not None and box[1] > last[3] - 1 and box[0] < last[0] and out and ch != " ":
            # a wrapped line inside the cell: join, with a space only between two Latin words
            # (a number wrapped in a narrow cell, `2,537,` + `486.43`, joins without one)
            if out[-1][0].isascii() and out[-1][0].isalpha() and ch.isascii() and ch.isalpha():
                out.append((" ", None))
        out.append((ch, box))
        last = box
    return out


def _emit_table(b: _Builder, grid_rows: list[tuple[int, list]], doc: Document, caption: str) -> None:
    tid = f"t{len(doc.tables) + 1}"
    table = Table(tid, grid_rows[0][0], b.pos + (1 if b.pos else 0), 0, caption=caption)
    for page, row in grid_rows:
        chars: list[Char] = [("|", None), (" ", None)]
        spans = []
        for cell in row:
            cc = normalise_chars(_cell_chars(cell))
            s = len(chars)
            chars.extend(cc)
            spans.append((cell, s, len(chars), cc))
            chars.extend([(" ", None), ("|", None), (" ", None)])
        chars.pop()
        # build the row text by hand: normalise_chars would merge the separators' spaces
        start, end = b.append(chars, page)
        doc.paragraphs.append(Paragraph(start, end, page, "table", tid))
        cells = []
        for cell, s, e, cc in spans:
            boxes = [bx for _, bx in cc if bx]
            bbox = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
                    max(x[3] for x in boxes)) if boxes else cell.bbox
            cells.append(Cell(len(table.rows), cell.col, "".join(c for c, _ in cc), start + s, start + e,
                              page, tuple(round(v, 2) for v in bbox) if bbox else None))
        table.rows.append(cells)
    table.end = b.pos
    doc.tables.append(table)


def _continues(prev: tuple[int, GridTable], nxt: GridTable, last_row: Optional[list] = None) -> bool:
    """A table at the top of a page continues the one at the bottom of the previous page.

    A grid that stacks several blocks (budget block over indicator block) has more grid columns than
    its last block, so the continuation is also accepted when its first row has as many cells as the
    previous page's last row.
    """
    if abs(prev[1].ncols - nxt.ncols) <= 1:
        return True
    return bool(last_row and nxt.rows and len(last_row) in (len(nxt.rows[0]), nxt.ncols))


def assemble(doc: Document, pages: list[PageLayout]) -> Document:
    """Lay the pages out into `doc` (text, boxes, paragraphs, tables, page_starts)."""
    strip_page_furniture(pages)
    body_lines = [ln for p in pages for ln in p.lines]
    sizes = sorted(ln.size for ln in body_lines) or [10.0]
    body = sizes[len(sizes) // 2]
    lefts = Counter(round(ln.x0) for ln in body_lines if ln.size <= body * 1.1)
    b = _Builder(doc)
    para: list[Char] = []
    para_page = 1
    para_display = False
    last: Optional[Line] = None
    last_right = 0.0
    pending_rows: list[tuple[int, list]] = []
    pending_grid: Optional[tuple[int, GridTable]] = None
    last_text = ""

    def flush_para() -> None:
        nonlocal para, last_text
        if para:
            if b.paragraph(para, para_page, display=para_display):
                last_text = b.parts[-1]
        para = []

    def flush_table() -> None:
        nonlocal pending_rows, pending_grid
        if pending_rows:
            _emit_table(b, pending_rows, doc, last_text)
        pending_rows, pending_grid = [], None

    for p in pages:
        if not p.lines and not p.tables:
            continue
        left = min(lefts, key=lambda x: (-lefts[x], x)) if lefts else 0
        rights = sorted(ln.x1 for ln in p.lines if ln.size <= body * 1.1)
        # the right margin: most lines of a paragraph reach it (a single overflowing line must not move it)
        right = rights[(len(rights) * 3) // 4] if rights else p.width * 0.85
        items: list[tuple[float, object]] = [(ln.top, ln) for ln in p.lines] + list(p.tables)
        items.sort(key=lambda it: it[0])
        for top, item in items:
            if isinstance(item, GridTable):
                flush_para()
                last = None
                rows = [(p.number, r) for r in item.rows]
                if pending_grid is not None and \
                        _continues(pending_grid, item, pending_rows[-1][1] if pending_rows else None) and \
                        pending_grid[0] == p.number - 1 and top < p.height * 0.3:
                    rows = _merge_continuation(pending_rows, rows)
                    pending_rows.extend(rows)
                else:
                    flush_table()
                    pending_rows = rows
                pending_grid = (p.number, item)
                continue
            if pending_rows:
                flush_table()
            ln: Line = item
            cw = ln.size or body
            display = ln.size > body * 1.15
            if last is not None:
                brk = (display != para_display or HEADING_START.match(ln.text)
                       or TOC_LINE.search(ln.text) or TOC_LINE.search(last.text)
                       or (not display and last.x1 < last_right - 2.5 * cw - _lead_width(ln))
                       or (not display and ln.x0 > left + 1.2 * cw))
                if display and para_display and abs(ln.size - last.size) > 1:
                    brk = True
                if brk:
                    flush_para()
            if not para:
                para_page = p.number
                para_display = display
            elif para and para[-1][0].isascii() and para[-1][0].isalpha() and ln.text[:1].isascii() \
                    and ln.text[:1].isalpha():
                para.append((" ", None))
            # the first character of each line carries its page; the rest inherit it (see _Builder)
            first = next((i for i, (c, _) in enumerate(ln.chars) if c != " "), 0)
            para.extend(ln.chars[:first])
            c0, b0 = ln.chars[first]
            para.append((c0, (*b0, p.number)))
            para.extend(ln.chars[first + 1:])
            last, last_right = ln, right
    flush_para()
    flush_table()
    b.finish(len(pages))
    _mark_toc(doc)
    return doc


def _lead_width(ln: Line) -> float:
    """Width of the Latin/digit word a line starts with: the previous line may end short by that much."""
    # a Latin word, or a short bracketed group (（境）) that line breaking keeps whole
    m = re.match(r"(?:[（(“][^）)”]{0,6}[）)”])?[A-Za-z0-9.,%：:，。、；）)”]*", ln.text)
    if not m or not m.end():
        return 0.0
    boxes = [b for _, b in ln.chars[:m.end()]]
    return max(b[2] for b in boxes) - min(b[0] for b in boxes)


def _merge_continuation(prev_rows: list[tuple[int, list]], rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
    """Drop a repeated header row; glue a row split by the page break onto the previous row."""
    if not prev_rows or not rows:
        return rows
    _align_columns(prev_rows[-1][1], rows)
    first = _row_text(rows[0][1])
    # a repeated header: the same texts as an earlier row that holds no digits (the header of the
    # table or of the block that continues, e.g. 一级指标 | 二级指标 | …)
    if any(first == _row_text(r) for _, r in prev_rows) and not any(ch.isdigit() for t in first for ch in t):
        rows = rows[1:]
        if not rows:
            return rows
        first = _row_text(rows[0][1])
    filled = [bool(t) for t in first]
    above = {c.col for c, t in zip(prev_rows[-1][1], _row_text(prev_rows[-1][1])) if t}
    # the tail of a row the page break cut (`数量` / `（套）` under `补贴机具` / `≥1200台`): no number of its
    # own (an indicator or budget row always has its 分值/得分 or amounts), only cells the row above has
    tail = filled and not any(ch.isdigit() for t in first for ch in t) and \
        all(c.col in above for c, f in zip(rows[0][1], filled) if f)
    if filled and (sum(filled) <= max(1, len(filled) // 3) or tail):
        last = prev_rows[-1][1]
        by_col = {c.col: c for c in last}
        for cell in rows[0][1]:
            if cell.chars and cell.col in by_col:
                by_col[cell.col].chars.extend(cell.chars)
        return rows[1:]
    return rows


def _row_text(row: list) -> list[str]:
    return ["".join(c for c, _ in normalise_chars(_cell_chars(x))) for x in row]


def _align_columns(last: list, rows: list[tuple[int, list]]) -> None:
    """Give continuation cells the column indexes of the previous page's last row.

    The next page's grid is numbered on its own (0..n-1) while the previous grid may number the same
    block's columns 0, 1, 3, 6, … (its column lines include those of the blocks stacked above), and the
    other way round when a new block below brings its own column lines.  The leading rows that have
    as many cells as the last row, at the same left edges, are the same block: they take its indexes.
    """
    if any(c.bbox is None for c in last):
        return
    for _, row in rows:
        if len(row) != len(last) or any(c.bbox is None for c in row):
            return
        if any(abs(c.bbox[0] - x.bbox[0]) > 3.0 for c, x in zip(row, last)):
            return
        for cell, above in zip(row, last):
            cell.col = above.col


def _mark_toc(doc: Document) -> None:
    """Table-of-contents lines (dot leaders + page number) and the 目录 title are not headings.

    Inside a table of contents a long title leaves room for only a few leaders (`…情况……2`): a line
    between two contents lines that ends in any leader and a page number is one too."""
    paras = doc.paragraphs
    for para in paras:
        t = doc.text[para.start:para.end]
        if para.kind == "text" and (TOC_LINE.search(t) or re.fullmatch(r"目\s*录", t.strip())):
            para.kind = "toc"
    for i in range(1, len(paras) - 1):
        para = paras[i]
        if para.kind == "text" and paras[i - 1].kind == "toc" and paras[i + 1].kind == "toc" \
                and SHORT_TOC_LINE.search(doc.text[para.start:para.end]):
            para.kind = "toc"


SHORT_TOC_LINE = re.compile(r"[.…·．。\-—_]{1,}\s*\d{1,3}\s*$")
