"""From PDF page layouts to one cleaned text with a box per character.

Steps: drop running headers, footers and page numbers; join lines that the layout broke (also across
pages) without inserting spaces between Chinese characters; keep real paragraph breaks; lay tables out
as `| cell | cell |` rows, a table continued on the next page joined to its first part.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from ..model import Document
from .builder import Builder, cell_chars, emit_table
from .toc import TOC_TITLE, mark_toc
from .chars import HEADING_START, TOC_LINE, normalise_chars
from .furniture import strip_page_furniture
from .pdf_page import Line, PageLayout
from .rulings import Char, GridTable


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
    b = Builder(doc)
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
            emit_table(b, pending_rows, doc, last_text)
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
                    rows = merge_continuation(pending_rows, rows)
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
                       or TOC_TITLE.fullmatch(ln.text.strip()) or TOC_TITLE.fullmatch(last.text.strip())
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
            # the first character of each line carries its page; the rest inherit it (see Builder)
            first = next((i for i, (c, _) in enumerate(ln.chars) if c != " "), 0)
            para.extend(ln.chars[:first])
            c0, b0 = ln.chars[first]
            para.append((c0, (*b0, p.number)))
            para.extend(ln.chars[first + 1:])
            last, last_right = ln, right
    flush_para()
    flush_table()
    b.finish(len(pages))
    mark_toc(doc)
    return doc


def _lead_width(ln: Line) -> float:
    """Width of the Latin/digit word a line starts with: the previous line may end short by that much."""
    # a Latin word, or a short bracketed group (（境）) that line breaking keeps whole
    m = re.match(r"(?:[（(“][^）)”]{0,6}[）)”])?[A-Za-z0-9.,%：:，。、；）)”]*", ln.text)
    if not m or not m.end():
        return 0.0
    boxes = [b for _, b in ln.chars[:m.end()]]
    return max(b[2] for b in boxes) - min(b[0] for b in boxes)




def merge_continuation(prev_rows: list[tuple[int, list]], rows: list[tuple[int, list]]) -> list[tuple[int, list]]:
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
    return ["".join(c for c, _ in normalise_chars(cell_chars(x))) for x in row]


def _align_columns(last: list, rows: list[tuple[int, list]]) -> None:
    """Give continuation cells the column indexes of the previous page's last row.

    The next page's grid is numbered on its own (0..n-1) while the previous grid may number the same
    block's columns 0, 1, 3, 6, … (its column lines include those of the blocks stacked above), and the
    other way round when a new block below brings its own column lines.  The leading rows whose every
    cell starts at the left edge of a cell of the last row are the same block: they take its indexes
    (the previous grid may have a sliver of a column more, left of the table: 北京 预算表12).
    """
    if any(c.bbox is None for c in last):
        return
    for _, row in rows:
        if len(row) > len(last) or any(c.bbox is None for c in row):
            return
        if len(row) == len(last):
            above = list(last)
        else:       # each cell under the cell of the last row whose left edge is nearest, in order
            above = [min(last, key=lambda x: abs(c.bbox[0] - x.bbox[0])) for c in row]
        if any(abs(c.bbox[0] - x.bbox[0]) > 3.0 for c, x in zip(row, above)) or \
                any(a.bbox[0] >= b.bbox[0] for a, b in zip(above, above[1:])):
            return
        for cell, x in zip(row, above):
            cell.col = x.col


