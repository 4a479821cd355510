"""`pipeline.py sql OUT "SELECT …"`: DuckDB over the Parquet tables, one view per table plus `comparison`.

    python3 pipeline.py sql out "SELECT 部门, 预算执行率 FROM comparison ORDER BY 预算执行率 LIMIT 5"
    python3 pipeline.py sql out "SELECT count(*) FROM documents" --csv

Views read the committed parts only (the files the manifest names), so a running ingest never shows
half-written data.  `comparison` is built (from the same tables) only when the query names it.
"""
from __future__ import annotations

import argparse
import csv
import re
import sys
from decimal import Decimal
from pathlib import Path

from ..storage import TABLE_NAMES, table_files, table_schema


def connect(out: str | Path, with_comparison: bool = True, tables=None):
    """A DuckDB connection (in memory) with a view per table of OUT, and `comparison` if asked."""
    import duckdb
    con = duckdb.connect()
    for name in TABLE_NAMES:
        files = table_files(out, name)
        if files:
            listed = ", ".join("'" + f.replace("'", "''") + "'" for f in files)
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM read_parquet([{listed}], union_by_name = true)')
        else:
            empty = table_schema(name).empty_table()
            con.register(f"_empty_{name}", empty)
            con.execute(f'CREATE VIEW "{name}" AS SELECT * FROM "_empty_{name}"')
    if with_comparison:
        from .compare import comparison, to_arrow
        from .load import Tables
        arrow = to_arrow(comparison(out, tables or Tables(out)))
        con.register("_comparison", arrow)
        con.execute('CREATE VIEW comparison AS SELECT * FROM "_comparison"')
    return con


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("out", help="output folder of `ingest`")
    p.add_argument("query", help='SQL; views: ' + ", ".join(TABLE_NAMES) + ", comparison")
    p.add_argument("--csv", action="store_true", help="print CSV (header row, full values) instead of a table")
    p.add_argument("--max-rows", type=int, default=200, help="rows shown in the table view (default 200)")


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def run(args: argparse.Namespace) -> int:
    import duckdb
    from .load import NotAnOutputFolder, Tables
    try:
        tables = Tables(args.out)
    except NotAnOutputFolder as e:
        print(f"sql: {e}", file=sys.stderr)
        return 2
    wants = re.search(r"\bcomparison\b", args.query, re.I) is not None
    con = connect(args.out, with_comparison=wants, tables=tables)
    try:
        rel = con.sql(args.query)
    except duckdb.Error as e:
        print(f"sql: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    if rel is None:            # a statement without a result (CREATE …)
        return 0
    try:
        if args.csv:
            cur = con.execute(args.query)
            w = csv.writer(sys.stdout, lineterminator="\n")
            w.writerow([d[0] for d in cur.description])
            while batch := cur.fetchmany(10000):
                w.writerows([_cell(v) for v in row] for row in batch)
        else:
            rel.show(max_rows=args.max_rows, max_width=10_000)
    except duckdb.Error as e:
        print(f"sql: {str(e).splitlines()[0]}", file=sys.stderr)
        return 1
    return 0
