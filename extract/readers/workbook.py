"""Workbooks (.xlsx, .xls) loaded into plain grids of printed cell texts with their merged ranges.

.xlsx: openpyxl in read-only mode gives each cell's value and number format (printed by `numfmt`);
the merged ranges come from python-calamine, since openpyxl exposes them only in its full mode, which
spends seconds restyling every merged cell (3 s for a 20-sheet 绩效目标表 against 0.02 s).  When
openpyxl cannot read a file, calamine reads its values alone (printed in General format, noted).
.xls: xlrd with `formatting_info` (values, number formats, merged ranges).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .numfmt import format_date, format_number

MAX_ROWS = 5000          # per sheet: a 自评表 or 目标表 has tens of rows; beyond this it is a data dump
MAX_COLS = 60
MAX_CELLS = 300_000      # per workbook


class WorkbookError(Exception):
    """A workbook that cannot be read; the message is the document's reason."""


@dataclass
class SheetGrid:
    name: str
    number: int                                  # 1-based position in the workbook (the page)
    rows: list[list[str]] = field(default_factory=list)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)   # r0, c0, r1, c1 inclusive, 0-based
    hidden: bool = False
    truncated: bool = False


@dataclass
class Workbook:
    sheets: list[SheetGrid]
    warnings: list[str] = field(default_factory=list)


def load(path: Path, kind: str) -> Workbook:
    """Every sheet of the workbook as printed text; raises WorkbookError with the reason."""
    return _load_xls(path) if kind == "xls" else _load_xlsx(path)


def _text(value, fmt: Optional[str]) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return format_number(value, fmt)
    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return format_date(value, fmt)
    return str(value)


class _Budget:
    """Caps on rows, columns and cells, shared by the sheets of one workbook."""

    def __init__(self):
        self.cells = 0

    def row(self, grid: SheetGrid, n: int) -> bool:
        """Room for one more row of n cells in this sheet?"""
        if len(grid.rows) >= MAX_ROWS or self.cells + n > MAX_CELLS:
            grid.truncated = True
            return False
        self.cells += n
        return True


def _load_xlsx(path: Path) -> Workbook:
    import openpyxl
    try:
        wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    except Exception as e:      # openpyxl raises many kinds for malformed packages
        return _load_with_calamine(path, f"openpyxl could not read the workbook ({type(e).__name__}: {e})")
    out = Workbook([])
    budget = _Budget()
    merges = _calamine_merges(path, out)
    try:
        for number, ws in enumerate(wb.worksheets, start=1):
            grid = SheetGrid(ws.title, number, hidden=ws.sheet_state != "visible",
                             merges=merges.get(ws.title, []))
            out.sheets.append(grid)
            if grid.hidden:
                continue
            ws.reset_dimensions()              # a wrong <dimension> must not cut rows or columns off
            for row in ws.iter_rows():
                cells = [_text(c.value, getattr(c, "number_format", None)) for c in row[:MAX_COLS]]
                while cells and not cells[-1]:
                    cells.pop()
                if not budget.row(grid, len(cells)):
                    break
                grid.rows.append(cells)
    except Exception as e:
        raise WorkbookError(f"broken .xlsx: {type(e).__name__}: {e}") from e
    finally:
        wb.close()
    return out


def _calamine_merges(path: Path, out: Workbook) -> dict[str, list[tuple[int, int, int, int]]]:
    try:
        import python_calamine
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        merges = {}
        for name in book.sheet_names:
            ranges = book.get_sheet_by_name(name).merged_cell_ranges or []
            merges[name] = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
        return merges
    except Exception as e:
        out.warnings.append(f"merged cells not read ({type(e).__name__}); merged headers may sit in one column only")
        return {}


def _load_with_calamine(path: Path, why: str) -> Workbook:
    try:
        import python_calamine
        book = python_calamine.CalamineWorkbook.from_path(str(path))
        out = Workbook([], [f"{why}; read by python-calamine without number formats"])
        budget = _Budget()
        for number, meta in enumerate(book.sheets_metadata, start=1):
            sheet = book.get_sheet_by_name(meta.name)
            grid = SheetGrid(meta.name, number, hidden=str(meta.visible).rsplit(".", 1)[-1] != "Visible",
                             merges=[(r0, c0, r1, c1) for (r0, c0), (r1, c1) in (sheet.merged_cell_ranges or [])])
            out.sheets.append(grid)
            if grid.hidden:
                continue
            for row in sheet.to_python(skip_empty_area=False):
                cells = [_text(v if v != "" else None, None) for v in row[:MAX_COLS]]
                while cells and not cells[-1]:
                    cells.pop()
                if not budget.row(grid, len(cells)):
                    break
                grid.rows.append(cells)
        return out
    except Exception as e:
        raise WorkbookError(f"broken .xlsx: {why}") from e


def _load_xls(path: Path) -> Workbook:
    import xlrd
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as e:
        if "encrypt" in str(e).lower():
            raise WorkbookError("encrypted Excel workbook (a password is required)") from e
        raise WorkbookError(f"broken .xls: {e}") from e
    except Exception as e:      # xlrd raises struct/index errors on damaged files
        raise WorkbookError(f"broken .xls: {type(e).__name__}: {e}") from e
    out = Workbook([])
    budget = _Budget()
    try:
        for number in range(1, book.nsheets + 1):
            sh = book.sheet_by_index(number - 1)
            grid = SheetGrid(sh.name, number, hidden=bool(getattr(sh, "visibility", 0)),
                             merges=[(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells])
            out.sheets.append(grid)
            if not grid.hidden:
                for r in range(sh.nrows):
                    cells = [_xls_text(book, sh, r, c) for c in range(min(sh.row_len(r), MAX_COLS))]
                    while cells and not cells[-1]:
                        cells.pop()
                    if not budget.row(grid, len(cells)):
                        break
                    grid.rows.append(cells)
            book.unload_sheet(number - 1)
    except Exception as e:
        raise WorkbookError(f"broken .xls: {type(e).__name__}: {e}") from e
    finally:
        book.release_resources()
    return out


def _xls_text(book, sh, r: int, c: int) -> str:
    import xlrd
    cell = sh.cell(r, c)
    t = cell.ctype
    if t in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if t == xlrd.XL_CELL_TEXT:
        return cell.value
    if t == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if cell.value else "FALSE"
    if t == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERR")
    fmt = None
    xf = book.xf_list[cell.xf_index] if cell.xf_index is not None and cell.xf_index < len(book.xf_list) else None
    if xf is not None and xf.format_key in book.format_map:
        fmt = book.format_map[xf.format_key].format_str
    if t == xlrd.XL_CELL_DATE:
        try:
            return format_date(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode), fmt)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return format_number(cell.value, None)
    return format_number(cell.value, fmt)
