"""Stand-in per-document functions for the batch tests (`--processor processors:NAME`).

They let the tests provoke what a hostile document does to a worker — hang, crash, exhaust memory —
deterministically, and run the batch before every extraction stage exists.
"""
from __future__ import annotations

import ctypes
import os
import signal
import time
from pathlib import Path

from extract.model import Report
from extract.readers import read_document


def read_only(path: str) -> Report:
    """Reading without the later stages: a fast, dependency-free processor."""
    doc = read_document(path)
    report = Report(document=doc)
    report.meta.pages = doc.pages
    return report


def faulty(path: str) -> Report:
    """Misbehaves according to the file name: hang / crash / hog / boom, else reads normally."""
    name = Path(path).name
    if "hang" in name:
        time.sleep(3600)
    if "segv" in name:
        ctypes.string_at(0)
    if "abort" in name:
        os.kill(os.getpid(), signal.SIGABRT)
    if "hog" in name:
        blocks = []
        while True:
            blocks.append(bytearray(64 * 1024 * 1024))
    if "boom" in name:
        raise ValueError("stage bug")
    return read_only(path)


def without_checks(path: str) -> Report:
    """Every stage but the consistency checks (for when extract/checks is not there yet)."""
    from extract import fields, figures, metadata, outline, tables
    t0 = time.perf_counter()
    doc = read_document(path)
    report = Report(document=doc)
    report.meta.pages = doc.pages
    if doc.status != "failed":
        report.meta = metadata.extract_meta(doc)
        report.sections = outline.build_outline(doc, report.meta.doc_type)
        report.figures = figures.find_figures(doc, report.sections)
        report.budget_lines, report.indicators = tables.read_tables(doc)
        report.fields = fields.map_fields(report)
    report.seconds = time.perf_counter() - t0
    return report
