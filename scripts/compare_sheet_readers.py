#!/usr/bin/env python3
"""Why .xlsx is read with openpyxl (read-only) plus python-calamine's merged ranges: time per workbook
and what each library gives for the cells that matter (a 0.00% rate, a 0.00 amount).

Usage: python3 scripts/compare_sheet_readers.py [WORKBOOK.xlsx …]   (default: the real 绩效目标表 exports
of the shared corpus, then samples/formats/laixi-shuiku-2024-zipingbiao.xlsx for the printed forms)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "formats" / "laixi-shuiku-2024-zipingbiao.xlsx"


def calamine(path):
    import python_calamine
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    for name in book.sheet_names:
        sheet = book.get_sheet_by_name(name)
        sheet.to_python()
        sheet.merged_cell_ranges


def openpyxl_full(path):
    import openpyxl
    wb = openpyxl.load_workbook(str(path), data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                c.value, c.number_format
        ws.merged_cells.ranges


def openpyxl_read_only(path):
    import openpyxl
    wb = openpyxl.load_workbook(str(path), read_only=True, data_only=True)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                c.value, getattr(c, "number_format", None)
    wb.close()


def jixiao(path):
    from extract.readers.workbook import load
    load(Path(path), "xlsx")


def main() -> int:
    sys.path.insert(0, str(ROOT))
    files = [Path(a) for a in sys.argv[1:]] or sorted(
        next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.exists()), ROOT)
        .glob("corpus/real/samon6bl__songgang-jxmb-*.xlsx"))
    print(f"{len(files)} workbooks")
    for name, fn in (("python-calamine (values, merges; no formats)", calamine),
                     ("openpyxl full mode (values, formats, merges)", openpyxl_full),
                     ("openpyxl read-only (values, formats; no merges)", openpyxl_read_only),
                     ("jixiao: openpyxl read-only + calamine merges", jixiao)):
        fn(files[0])                                            # imports and caches out of the timing
        t = time.perf_counter()
        for f in files:
            fn(f)
        print(f"  {name:50s} {(time.perf_counter() - t) / len(files) * 1000:8.1f} ms per workbook")
    import openpyxl
    import python_calamine
    rows = python_calamine.CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_index(0).to_python()
    ws = openpyxl.load_workbook(str(SAMPLE), read_only=True).worksheets[0]
    cells = {c.coordinate: c for row in ws.iter_rows(min_row=7, max_row=9) for c in row if c.value is not None}
    print("printed as the sheet shows | calamine value | openpyxl value and number format")
    for coord, shown, (r, c) in (("G7", "90.00%", (6, 6)), ("E7", "234.00", (6, 4)), ("E9", "0.00", (8, 4))):
        print(f"  {shown:8s} | {rows[r][c]!r:24} | {cells[coord].value!r} {cells[coord].number_format!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
