"""`pipeline.py export OUT --xlsx FILE [--csv DIR]`: the comparison and its details for a colleague.

The workbook is written with XlsxWriter: it only writes (which is all an export does), is several times
faster than openpyxl on large sheets (its `constant_memory` mode was measured 30% slower on 1,000 reports'
380,000 cells, so it is not used), and it sets what an analyst expects — frozen header row, autofilter,
number formats (万元 #,##0.00), column widths, fills.
Excel stores numbers as binary doubles: every amount is quantized to its two decimals (Decimal) first,
so the shown value is exact.  CSV files are UTF-8 with a BOM (Excel opens them in the right encoding),
amounts as plain decimal text.
"""
from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path

from .load import NotAnOutputFolder, Tables
from .sheets import Sheet, build

FORMATS = {"money": "#,##0.00", "per_person": "#,##0.00", "percent": "0.00", "score": "0.00",
           "int": "0", "count": "#,##0", "number": "General"}
ROW_FILLS = {"error": "#F8D7DA", "warning": "#FFF3CD", "info": "#E7F1FF"}
CELL_FILLS = {"outlier": "#FFD8A8", "contradicted": "#F5A3A3"}
CSV_NAMES = {"汇总": "comparison", "字段": "fields", "发现": "findings", "自评表": "indicators",
             "失败文件": "failed", "说明": "columns"}


def _width(v) -> int:
    if v is None:
        return 0
    s = format(v, ",.2f") if isinstance(v, Decimal) else str(v)
    s = s.split("\n", 1)[0]
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s[:80])


def _cell(v, type_: str):
    if v is None:
        return None
    if type_ == "bool":
        return "是" if v else "否"
    if isinstance(v, Decimal):
        return float(v)            # already quantized: the double prints as the decimal
    return v


def write_xlsx(sheets: list[Sheet], path: Path) -> None:
    import xlsxwriter
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    head = wb.add_format({"bold": True, "bg_color": "#DDE5F0", "border": 1, "text_wrap": True, "valign": "top"})
    cache: dict = {}

    def fmt(type_: str, fill: str | None, wrap: bool):
        key = (type_, fill, wrap)
        if key not in cache:
            props = {"valign": "top"}
            if type_ in FORMATS:
                props["num_format"] = FORMATS[type_]
            if fill:
                props["bg_color"] = fill
            if wrap:
                props["text_wrap"] = True
            cache[key] = wb.add_format(props)
        return cache[key]

    for sheet in sheets:
        ws = wb.add_worksheet(sheet.name)
        ncols = len(sheet.headers)
        widths = [max(6, min(14, _width(h))) for h in sheet.headers]
        for row in sheet.rows[:500]:
            for j, v in enumerate(row):
                widths[j] = max(widths[j], min(48, _width(v) + 1))
        wrap_cols = {j for j, w in enumerate(widths) if w >= 48}
        for j, w in enumerate(widths):
            ws.set_column(j, j, w + 1)
        ws.set_row(0, 32 if any(_width(h) > widths[j] for j, h in enumerate(sheet.headers)) else None)
        ws.write_row(0, 0, sheet.headers, head)
        plain = [fmt(t, None, j in wrap_cols) for j, t in enumerate(sheet.types)]
        types = sheet.types
        for i, row in enumerate(sheet.rows, start=1):
            style = sheet.row_styles[i - 1] if i - 1 < len(sheet.row_styles) else None
            marks = sheet.cell_marks[i - 1] if i - 1 < len(sheet.cell_marks) else None
            for j, v in enumerate(row):
                t = types[j]
                if style or marks:
                    fill = CELL_FILLS.get((marks or {}).get(j)) or ROW_FILLS.get(style)
                    f = fmt(t, fill, j in wrap_cols)
                else:
                    fill, f = None, plain[j]
                if v is None or t == "bool" or type(v) is Decimal:
                    v = _cell(v, t)
                if v is None:
                    if fill:
                        ws.write_blank(i, j, None, f)
                elif type(v) is int or type(v) is float:
                    ws.write_number(i, j, v, f)
                else:
                    ws.write_string(i, j, str(v), f)
        ws.freeze_panes(1, 1 if sheet.name == "汇总" else 0)
        ws.autofilter(0, 0, max(1, len(sheet.rows)), ncols - 1)
    wb.close()


def write_csv(sheets: list[Sheet], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for sheet in sheets:
        p = folder / f"{CSV_NAMES.get(sheet.name, sheet.name)}.csv"
        with open(p, "w", encoding="utf-8-sig", newline="") as f:
            w = csv.writer(f)
            w.writerow(sheet.headers)
            for row in sheet.rows:
                w.writerow(["" if v is None else ("是" if v else "否") if t == "bool" else
                            format(v, "f") if isinstance(v, Decimal) else v for v, t in zip(row, sheet.types)])
        written.append(p)
    return written


def run(args: argparse.Namespace) -> int:
    if not args.xlsx and not args.csv:
        print("export: give --xlsx FILE and/or --csv DIR", file=sys.stderr)
        return 2
    try:
        tables = Tables(args.out)
    except NotAnOutputFolder as e:
        print(f"export: {e}", file=sys.stderr)
        return 2
    sheets = build(tables)
    if args.xlsx:
        p = Path(args.xlsx)
        if p.is_dir():
            print(f"export: {p} is a folder; give a file name (…/jixiao.xlsx)", file=sys.stderr)
            return 2
        write_xlsx(sheets, p)
        print(f"{p}: " + ", ".join(f"{s.name} {len(s.rows)}" for s in sheets))
    if args.csv:
        files = write_csv(sheets, Path(args.csv))
        print(f"{args.csv}: " + ", ".join(f.name for f in files))
    return 0
