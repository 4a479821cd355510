"""Spreadsheets (.xlsx, .xls): every visible sheet laid out as paragraphs and tables; page = sheet number.

A 自评表 or 绩效目标表 sheet is a form: a title, label/value rows (`项目名称： | 社区工作站经费`), then
grids (budget block, indicator rows).  Each row is read as one of:
- a label/value row: every filled cell is a label ending in `：` followed by at most one value cell, or
  holds `label：value` itself → one text line per pair (`项目名称：社区工作站经费`), as the metadata stage
  reads a cover;
- a one-cell row outside a grid (title, `（2024年度）`, a note) → one text line;
- any other row with text → a table row; consecutive ones make one table, ended by an empty row or a
  text row.
A merged range keeps its text in its top-left cell; the other cells it covers are empty and keep their
columns (as a ruled PDF grid is read), so the table templates find header roles by column.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..model import Document
from .builder import Builder, emit_table
from .toc import mark_toc
from .rulings import GridCell
from .workbook import SheetGrid, WorkbookError, load

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_LABEL_END = re.compile(r"[：:]$")
_INLINE_LABEL = re.compile(r"^[^：:]{1,15}[：:]\S")


def read_sheet(path: Path, doc: Document) -> None:
    with open(path, "rb") as f:
        kind = "xls" if f.read(8) == _OLE else "xlsx"
    try:
        book = load(path, kind)
    except WorkbookError as e:
        doc.status, doc.error = "failed", str(e)
        return
    except Exception as e:       # a reader never raises: anything unexpected is this file's reason
        doc.status, doc.error = "failed", f"broken .{kind}: {type(e).__name__}: {e}"
        return
    doc.warnings.extend(book.warnings)
    b = Builder(doc)
    for grid in book.sheets:
        if not grid.hidden:
            try:
                _lay_out(b, doc, grid)
            except (ValueError, TypeError, IndexError) as e:     # one odd sheet does not lose the others
                doc.status, doc.error = "partial", f"sheet {grid.name} could not be laid out: {type(e).__name__}: {e}"
    hidden = [g.name for g in book.sheets if g.hidden]
    if hidden:
        doc.warnings.append(f"hidden sheet(s) not read: {'、'.join(hidden)}")
    cut = [g.name for g in book.sheets if g.truncated]
    if cut:
        doc.truncated = f"sheet(s) cut at the size limit: {'、'.join(cut)}"
        doc.warnings.append(doc.truncated)
    doc.pages = max(1, len(book.sheets))
    b.finish(doc.pages)
    mark_toc(doc)
    if not doc.text.strip():
        doc.status, doc.error = "failed", "workbook has no text (no visible sheet has a filled cell)"


def _clean(text: str) -> str:
    """A cell's lines as one line (the space between two Chinese characters is dropped later)."""
    return " ".join(text.split())


def cell_grid(grid: SheetGrid) -> tuple[list[list[str]], dict[tuple[int, int], int]]:
    """The sheet's texts with merged ranges resolved (text only in the top-left cell), and the column
    span of every merged top-left cell."""
    rows = [[_clean(t) for t in r] for r in grid.rows]
    spans: dict[tuple[int, int], int] = {}
    for r0, c0, r1, c1 in grid.merges:
        spans[(r0, c0)] = c1 - c0 + 1
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, len(rows[r]) - 1) + 1):
                if (r, c) != (r0, c0):
                    rows[r][c] = ""
    return rows, spans


def label_pairs(cells: list[str]) -> Optional[list[str]]:
    """`项目名称： | 社区工作站经费 | 项目类型： | 专项` → [`项目名称：社区工作站经费`, `项目类型：专项`];
    None when the row is not made of labels and their values."""
    pairs: list[list[str]] = []
    open_label = False
    for t in cells:
        if _LABEL_END.search(t):
            pairs.append([t])
            open_label = True
        elif _INLINE_LABEL.match(t):
            pairs.append([t])
            open_label = False
        elif open_label and len(pairs[-1]) == 1:     # one value per label: `年度资金总额： | 260.00 | 234.00`
            pairs[-1].append(t)                      # is a budget row with its label written with a colon
        else:
            return None
    if not pairs:
        return None
    return ["".join(p) for p in pairs]


def _is_note(filled: list[tuple[int, str]], table: list) -> bool:
    """A long one-cell `备注：…` row in a grid's first column is a note under the grid, not a row of it
    (a short one, `其中：财政拨款` with its amounts left blank, stays in the grid)."""
    first_col = min(c for _, cells in table for c, _ in cells)
    return len(filled) == 1 and filled[0][0] == first_col and len(filled[0][1]) > 20


def _lay_out(b: Builder, doc: Document, grid: SheetGrid) -> None:
    rows, spans = cell_grid(grid)
    page = grid.number
    table: list[tuple[int, list[tuple[int, str]]]] = []     # (row index, [(col, text)]) of the open table
    caption = ""
    first = True

    def flush() -> None:
        nonlocal table
        if table:
            _emit(b, doc, table, page, caption)
        table = []

    for r, row in enumerate(rows):
        filled = [(c, t) for c, t in enumerate(row) if t]
        if not filled:
            flush()
            continue
        texts = [t for _, t in filled]
        pairs = label_pairs(texts)
        if pairs is not None and (len(filled) > 1 or not table or _is_note(filled, table)):
            flush()
            for line in pairs:
                if b.paragraph([(ch, None) for ch in line], page):
                    caption = b.parts[-1]
            first = False
            continue
        if len(filled) == 1 and not table:
            c, t = filled[0]
            display = first and spans.get((r, c), 1) > 1
            if b.paragraph([(ch, None) for ch in t], page, display=display):
                caption = b.parts[-1]
            first = False
            continue
        first = False
        table.append((r, filled))
    flush()


def _emit(b: Builder, doc: Document, table: list[tuple[int, list[tuple[int, str]]]], page: int,
          caption: str) -> None:
    """One table: a cell for every column that has text somewhere in it, empty where this row has none."""
    cols = sorted({c for _, filled in table for c, _ in filled})
    rows = []
    for i, (_, filled) in enumerate(table):
        texts = dict(filled)
        rows.append((page, [GridCell(i, c, None, [(ch, None) for ch in texts.get(c, "")]) for c in cols]))
    emit_table(b, rows, doc, caption)
