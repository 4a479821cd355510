"""Tables aligned by whitespace, not ruled: found from the character boxes of a page's lines.

A table printed without grid lines shows each row as a line whose cells are runs of text separated by
wide gaps (more than 1.5 characters); down the rows the gaps line up into columns (text left-aligned,
amounts right-aligned).  Such a block becomes a `GridTable`, read on exactly like a ruled grid:

1. lines are cut into segments at wide gaps; lines side by side (a cell drawn as a separate text run,
   an amount centred beside a two-line label) are one visual row;
2. a block is a run of rows of two or more segments (one-segment rows may sit inside it), of one font
   size, without contents leaders; its first row with amounts starts the body;
3. columns are the x ranges covered by the body's segments; where one row has two segments in one
   range, a cell bridged two columns and the range is cut where fewest cells cross; a segment that
   runs over a gutter with a smaller gap in it is cut there;
4. the header is the rows above the body, up to a `单位：万元` caption (which stays text, the table's
   caption), a heading, a sentence or a wider gap; header lines stacked tightly (cells wrapped onto
   several lines) make one header row; a body row with no amount that sits under one filled cell of
   the row above or below, closer than a row's spacing, is that cell's other line;
5. the block is kept only when it looks like a table: three rows or more, two columns, amounts in most
   body rows, aligned on a common edge, not a contents list of page numbers — or a header naming the
   columns of `schemas/table_templates.toml`.  A false table costs more than a missed one: prose,
   justified lines, contents and two-column pages stay text.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from ..rules import load
from .chars import HEADING_START, TOC_LINE
from .columns import assign, col_of, columns, header_columns, split_at_gutters
from .gaps import GAP, Cells, Row, Segment, has_gap, merge, reading_order, visual_rows
from .rulings import Char, GridCell, GridTable

MAX_HEADER_LINES = 10
WRAP = 0.75            # lines closer than this many characters can be one cell's
CAPTION = re.compile(r"单位\s*[：:]")
SENTENCE_END = re.compile(r"[：:。；;，,]$")
ITEM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[.．、](?!\d)|其中|合计|总计|小计)")


def find_tables(lines: list) -> tuple[list, list[tuple[float, GridTable]]]:
    """(the lines left as text, the whitespace-aligned tables found among them as (top, grid))."""
    if not _may_hold_table(lines):
        return lines, []
    rows = visual_rows(lines)
    tables: list[tuple[float, GridTable]] = []
    used: set[int] = set()
    floor = 0
    for start, end in _blocks(rows):
        for a, b in _parts(rows, start, end):
            found = _table(rows, a, b, floor)
            if found is not None:
                grid, consumed = found
                tables.append((grid.bbox[1], grid))
                used.update(id(ln) for ln in consumed)
            floor = b
    if not tables:
        return lines, []
    return [ln for ln in lines if id(ln) not in used], tables


def _may_hold_table(lines: list) -> bool:
    """Two lines or more with a wide gap, or printed beside another line (cells drawn one by one):
    a cheap test that lets the pages of prose through untouched."""
    n = sum(1 for ln in lines if has_gap(ln))
    if n < 2:
        ordered = sorted(lines, key=lambda ln: ln.top)
        n += sum(1 for a, b in zip(ordered, ordered[1:])
                 if min(a.bottom, b.bottom) - max(a.top, b.top) >= 0.5 * min(a.bottom - a.top, b.bottom - b.top))
    return n >= 2


def _blocks(rows: list[Row]) -> list[tuple[int, int]]:
    """[start, end) of each run of rows with two or more segments.  One-segment rows may sit inside:
    any number set close under the row above (the lines of a wrapped cell), two others in a row."""
    out: list[tuple[int, int]] = []
    start, last, loose = None, 0, 0
    for i, row in enumerate(rows):
        toc = bool(TOC_LINE.search(" ".join(ln.text for ln in row.lines)))
        if start is not None:
            size = rows[start].size
            gap = row.top - rows[i - 1].bottom
            loose += len(row.segs) < 2 and gap >= WRAP * size
            if toc or abs(row.size - size) > 0.2 * size or gap > 2.5 * size or loose > 2 or i - last > MAX_HEADER_LINES:
                out.append((start, last + 1))
                start = None
        if toc:
            continue
        if len(row.segs) >= 2:
            if start is None:
                start = i
            last, loose = i, 0
    if start is not None:
        out.append((start, last + 1))
    # two rows may do: a header over one row at the foot of a page (`_looks_like_table` decides)
    return [(a, _tail(rows, a, b)) for a, b in out if sum(1 for r in rows[a:b] if len(r.segs) >= 2) >= 2]


def _tail(rows: list[Row], start: int, end: int) -> int:
    """The block's end moved over the one-segment rows set close under its last row (the further
    lines of its wrapped cells; `_table` gives back those that are not)."""
    size = rows[start].size
    while end < len(rows) and len(rows[end].segs) == 1 and abs(rows[end].size - size) <= 0.2 * size \
            and rows[end].top - rows[end - 1].bottom < WRAP * size:
        end += 1
    return end


def _parts(rows: list[Row], start: int, end: int) -> list[tuple[int, int]]:
    """A block cut before each header row inside it that names known columns (a 自评表 stacks its
    budget block and its indicator block, each with its own columns)."""
    cuts = [i for i in range(start + 1, end) if not rows[i].numbers and
            sum(1 for s in rows[i].segs if _is_header_word(s.text)) >= 2 and
            any(r.numbers for r in rows[start:i]) and any(r.numbers for r in rows[i + 1:end])]
    bounds = [start] + cuts + [end]
    return list(zip(bounds, bounds[1:]))


def _table(rows: list[Row], start: int, end: int, floor: int) -> Optional[tuple[GridTable, list]]:
    block = rows[start:end]
    size = sorted(r.size for r in block)[len(block) // 2] or 10.0
    first = next((start + i for i, r in enumerate(block) if r.numbers), None)
    if first is None:
        return None
    body = rows[first:end]
    data = [r for r in body if len(r.segs) >= 2 and r.numbers]
    cols = columns(data if len(data) >= 3 else [r for r in body if len(r.segs) >= 2], size)
    if len(cols) < 2:
        return None
    for r in body:
        r.segs = [p for s in r.segs for p in split_at_gutters(s, cols, size)]
    top = _header_start(rows, first, max(floor, start - MAX_HEADER_LINES), cols, size)
    for r in rows[top:first]:
        r.segs = [p for s in r.segs for p in split_at_gutters(s, cols, size)]
    cols = header_columns(rows[top:first], cols, size)
    # where each column's text ends when it fills the cell (in the rows with amounts: rows of another
    # layout, such as a 年度总体目标 text row, may follow in the block)
    full = [s for r in data for s in r.segs] or [s for r in body for s in r.segs]
    right = {i: max((s.x1 for s in full if col_of(cols, s) == i), default=c[1]) for i, c in enumerate(cols)}
    header = _header_rows(rows[top:first], cols, right, size)
    table = header + _join_wraps([(r, assign(r.segs, cols)) for r in body], right, size)
    while len(table) > len(header) + 1 and len(table[-1][0].segs) == 1 and not table[-1][0].numbers:
        table.pop()            # a line after the table, not a wrapped cell's
    if not _looks_like_table(table, len(header), cols, size):
        return None
    return _grid(table, cols), [ln for r, _ in table for ln in r.lines]


def _header_start(rows: list[Row], first: int, floor: int, cols: list[list[float]], size: float) -> int:
    """Index of the first header row above the body row `first`."""
    left, right = cols[0][0] - 2 * size, cols[-1][1] + 2 * size
    top = first
    while top - 1 >= floor:
        r = rows[top - 1]
        text = r.text
        if r.numbers or rows[top].top - r.bottom > 1.5 * size or abs(r.size - size) > 0.2 * size \
                or CAPTION.search(text) or SENTENCE_END.search(text) or (len(r.segs) == 1 and HEADING_START.match(text)) \
                or TOC_LINE.search(text) or any(len(s.text) > 20 for s in r.segs) \
                or 3 * sum(1 for s in r.segs if not left < (s.x0 + s.x1) / 2 < right) > len(r.segs):
            break
        top -= 1
    return top


def _header_rows(rows: list[Row], cols: list[list[float]], right: dict[int, float],
                 size: float) -> list[tuple[Row, Cells]]:
    """Header lines; the further lines of wrapped header cells join their row."""
    out: list[tuple[Row, Cells]] = []
    for r in rows:
        cells = assign(r.segs, cols)
        if out and _wraps_under(r, cells, out[-1], right, size):
            merge(out[-1], r, cells)
        else:
            out.append((Row(list(r.lines), list(r.segs), r.top, r.bottom, r.size), cells))
    return out


def _wraps_under(r: Row, cells: Cells, above: tuple[Row, Cells], right: dict[int, float], size: float) -> bool:
    """Whether row `r` holds the further lines of cells of the row above: close under it, every segment
    under a filled cell whose last line reaches its column's right edge (it wrapped because it was full)."""
    return r.top - above[0].bottom < WRAP * size and all(
        c in above[1] and max(above[1][c], key=lambda s: s.top).x1 >= right[c] - GAP * size for c in cells)


def _join_wraps(rows: list[tuple[Row, Cells]], right: dict[int, float], size: float) -> list[tuple[Row, Cells]]:
    """Rows with no amount that are further lines of wrapped cells join their row (`_wraps_under`);
    so does a label's first line above amounts centred on its two lines: one cell, close above a row
    with amounts that leaves that column empty.  Never a numbered item (一、 1. 其中): it starts a row."""
    out: list[tuple[Row, Cells]] = []
    pending: Optional[tuple[Row, Cells]] = None
    for r, cells in rows:
        if pending is not None:
            if r.numbers and not any(c in cells for c in pending[1]) and r.top - pending[0].bottom < WRAP * size:
                merge((r, cells), *pending)
            else:
                out.append(pending)
            pending = None
        if not r.numbers and r.segs and not ITEM.match(r.segs[0].text):
            if out and _wraps_under(r, cells, out[-1], right, size):
                merge(out[-1], r, cells)
                continue
            if len(cells) == 1:
                pending = (r, cells)
                continue
        out.append((r, cells))
    if pending is not None:
        out.append(pending)
    return out


def _looks_like_table(rows: list[tuple[Row, Cells]], header: int, cols: list[list[float]], size: float) -> bool:
    body = rows[header:]
    known = _known_header(rows[:header])
    # three rows, two of them body rows; a header naming template columns may stand over one row (a
    # 自评表's indicator block starting at the foot of a page)
    if not body or len(rows) < (2 if known else 3) or len(body) < (1 if known else 2):
        return False
    if sum(1 for i in range(len(cols)) if sum(1 for _, cells in rows if i in cells) >= 2) < 2:
        return False
    if sum(1 for r, _ in body if r.numbers) < 0.6 * len(body) and not known:
        return False
    numbers = [(i, s) for _, cells in body for i, segs in cells.items() for s in segs if s.number]
    if not known and _page_numbers(numbers, len(cols), rows):
        return False
    by_col: dict[int, list[Segment]] = {}
    for i, s in numbers:
        by_col.setdefault(i, []).append(s)
    aligned = 0
    for segs in by_col.values():      # amounts line up on their right (or left, or centre) edges
        if len(segs) < 2:
            continue
        spread = min(max(s.x1 for s in segs) - min(s.x1 for s in segs), max(s.x0 for s in segs) - min(s.x0 for s in segs),
                     (max(s.x0 + s.x1 for s in segs) - min(s.x0 + s.x1 for s in segs)) / 2)
        if spread > size:
            return False
        aligned += 1
    return aligned >= 1 or known


def _page_numbers(numbers: list[tuple[int, Segment]], ncols: int, rows: list[tuple[Row, Cells]]) -> bool:
    """A contents list: the only numbers are small whole numbers in the last column, beside one column
    of titles or never decreasing (contents whose pages restart in each part have titles only)."""
    if not numbers or any(i != ncols - 1 for i, _ in numbers):
        return False
    if not all(s.text.isdigit() and len(s.text) <= 3 for _, s in numbers):
        return False
    values = [int(s.text) for _, s in numbers]
    used = {i for _, cells in rows for i in cells}
    return len(used) <= 2 or all(a <= b for a, b in zip(values, values[1:]))


def _known_header(rows: list[tuple[Row, Cells]]) -> bool:
    """Two or more header cells name columns of the table templates (三级指标, 年初预算数 …)."""
    return sum(1 for _, cells in rows for segs in cells.values() if _is_header_word("".join(s.text for s in segs))) >= 2


def _is_header_word(text: str) -> bool:
    t = re.sub(r"[（(].*?[）)]", "", text)
    return bool(t) and len(t) <= 20 and any(w in t for w in _header_words())


@functools.lru_cache(maxsize=None)
def _header_words() -> tuple[str, ...]:
    """The header wordings of table_templates.toml (read once per process)."""
    cols = load("table_templates")["column"]
    return tuple(sorted({w for spec in cols.values() for w in spec.get("headers", ()) if len(w) >= 2}))


def _grid(rows: list[tuple[Row, Cells]], cols: list[list[float]]) -> GridTable:
    out: list[list[GridCell]] = []
    for i, (r, cells) in enumerate(rows):
        line: list[GridCell] = []
        for j, (x0, x1) in enumerate(cols):
            chars: list[Char] = []
            for s in reading_order(cells.get(j, [])):
                chars.extend(s.chars)
            line.append(GridCell(i, j, (x0, r.top, x1, r.bottom), chars))
        out.append(line)
    bbox = (cols[0][0], rows[0][0].top, cols[-1][1], rows[-1][0].bottom)
    return GridTable(bbox, len(cols), out)
