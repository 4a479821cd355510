#!/usr/bin/env python3
"""jixiao command line: `ingest` a folder into Parquet, `show` one report, `check` an ingested batch, and
the analyst outputs from the tables: `export` (workbook / CSV), `report` (offline HTML site), `sql` (DuckDB).

This file only wires the library in `extract/` to argparse; `jixiao` (the console script) is the same CLI.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def build_parser() -> argparse.ArgumentParser:
    from extract import batch, show
    from extract.checks import cli as checks_cli

    ap = argparse.ArgumentParser(prog="jixiao", description="绩效自评报告 → structured, auditable data")
    sub = ap.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="extract every report under DIR (or files/globs) into Parquet tables")
    batch.add_ingest_arguments(p)
    p.set_defaults(func=batch.run_ingest)
    p = sub.add_parser("show", help="print what was extracted from one report")
    show.add_arguments(p)
    p.set_defaults(func=show.run)
    p = sub.add_parser("check", help="list the consistency findings of an ingested batch")
    checks_cli.add_arguments(p)
    p.set_defaults(func=checks_cli.run)
    from extract.answers import cli as answers_cli
    answers_cli.add_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
