"""Shared test helpers: run the extraction on a piece of text as a plain-text report."""
from __future__ import annotations

from pathlib import Path

from extract.model import Report
from extract.process import process


def report_from_text(tmp_path: Path, text: str, name: str = "r.txt") -> Report:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return process(p)
