"""The analyst commands: `export`, `report`, `sql` (imported lazily: `ingest` never pays for them)."""
from __future__ import annotations

import argparse
import importlib


def _lazy(module: str, func: str = "run"):
    def run(args: argparse.Namespace) -> int:
        return getattr(importlib.import_module(f"extract.answers.{module}"), func)(args)
    return run


def add_commands(sub) -> None:
    p = sub.add_parser("export", help="the comparison table and its details as an Excel workbook and/or CSV files")
    p.add_argument("out", help="output folder of `ingest`")
    p.add_argument("--xlsx", metavar="FILE", help="write the workbook (汇总, 字段, 发现, 自评表, 失败文件, 说明)")
    p.add_argument("--csv", metavar="DIR", help="write one UTF-8 CSV per sheet (with BOM, opens in Excel)")
    p.set_defaults(func=_lazy("export"))
    p = sub.add_parser("report", help="a static HTML site (opens offline): comparison, charts, one page per report")
    p.add_argument("out", help="output folder of `ingest`")
    p.add_argument("--html", metavar="DIR", required=True, help="folder to write the site into (index.html)")
    p.add_argument("--no-page-images", action="store_true", help="do not render PDF pages (faster)")
    p.add_argument("--scale", type=float, default=1.0, help="page image scale, 1 = 72 dpi (default 1)")
    p.add_argument("--workers", type=int, default=0, help="processes rendering PDF page images (default: cores)")
    p.set_defaults(func=_lazy("site"))
    from . import sql
    p = sub.add_parser("sql", help="SQL (DuckDB) over the tables: views documents, figures, …, comparison")
    sql.add_arguments(p)
    p.set_defaults(func=sql.run)
