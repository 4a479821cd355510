"""`pipeline.py check OUT`: list the findings of an ingested batch."""
from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", help="output folder of `ingest`")
    parser.add_argument("--severity", choices=["error", "warning", "info"], default="info")
    parser.add_argument("--by", choices=["report", "category"], default="report")


def run(args: argparse.Namespace) -> int:
    from .listing import main
    return main(args)
