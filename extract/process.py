"""The per-document function: one file in, one `Report` out.

`process` is pure and picklable (a plain function of a path), so the batch layer can run it in a
process pool, under a timeout, or on a Dask cluster without the stages knowing.
"""
from __future__ import annotations

import time
from pathlib import Path

from .model import Report
from .reading import read_document


def process(path: str | Path) -> Report:
    """Read, outline, find figures, map fields, read tables and run the checks for one report."""
    t0 = time.perf_counter()
    doc = read_document(path)
    report = Report(document=doc)
    report.meta.pages = doc.pages
    if doc.status != "failed":
        from . import checks, fields, figures, metadata, outline, tables
        report.sections = outline.build_outline(doc)
        report.meta = metadata.extract_meta(doc, report.sections)
        report.figures = figures.find_figures(doc, report.sections)
        report.budget_lines, report.indicators = tables.read_tables(doc)
        report.fields = fields.map_fields(report)
        report.findings = checks.run_checks(report)
    report.seconds = time.perf_counter() - t0
    return report
