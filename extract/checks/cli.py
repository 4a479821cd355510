"""`pipeline.py check OUT`: list the findings of an ingested batch by report or by category."""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="output folder of `ingest` (holds findings/ and documents/ Parquet tables)")
    parser.add_argument("--severity", choices=["error", "warning", "info"], default="warning",
                        help="least severe level listed (default: warning = errors and warnings)")
    parser.add_argument("--by", choices=["report", "category"], default="report", help="grouping (default: report)")


def run(args: argparse.Namespace) -> int:
    """Print the listing; exit 2 when OUT is not an ingested folder."""
    from .listing import main
    return main(args)
