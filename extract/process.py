"""The per-document function: one file in, one `Report` out.

`process` is pure and picklable (a plain function of a path), so the batch layer can run it in a
process pool, under a timeout, or on a Dask cluster without the stages knowing.
"""
from __future__ import annotations

import logging
import time
from decimal import ROUND_HALF_EVEN, Context, localcontext
from pathlib import Path

from .model import Document, Report
from .readers import file_sha256, read_document

log = logging.getLogger(__name__)


def process(path: str | Path) -> Report:
    """Read, outline, find figures, map fields, read tables and run the checks for one report.

    A stage that raises on an unforeseen layout does not lose the rest: the document becomes
    `partial` with the stage named in `error`, and what the earlier stages found is kept.
    """
    with localcontext(DECIMALS):      # the same arithmetic whichever thread runs this
        return _process(path)


# 40 digits: sums of 38-digit decimal128 values and divisions for rates never round in a way that matters
DECIMALS = Context(prec=40, rounding=ROUND_HALF_EVEN)


def _process(path: str | Path) -> Report:
    from . import checks, evaluations, fields, figures, metadata, outline, truncation

    t0 = time.perf_counter()
    try:
        doc = read_document(path)
    except Exception as e:  # a reader bug must still give one row with a reason
        doc = Document(source=str(path), doc_id=_sha_or_empty(path), status="failed",
                       error=f"reading error: {type(e).__name__}: {e}")
    report = Report(document=doc)
    report.meta.pages = doc.pages
    if doc.status != "failed":
        blocks: list = []       # the tables' blocks, read once for the tables and evaluations stages
        stages = [
            ("metadata", lambda: setattr(report, "meta", metadata.extract_meta(doc))),
            ("outline", lambda: setattr(report, "sections", outline.build_outline(doc, report.meta.doc_type))),
            ("figures", lambda: setattr(report, "figures", figures.find_figures(doc, report.sections))),
            ("tables", lambda: _read_tables(report, blocks)),
            ("fields", lambda: _set_fields(report, fields.map_fields(report))),
            ("evaluations", lambda: setattr(report, "evaluations", evaluations.find_evaluations(report, blocks))),
            ("truncation", lambda: truncation.mark_truncated(doc)),
            ("checks", lambda: setattr(report, "findings", checks.run_checks(report))),
        ]
        for name, run in stages:
            try:
                run()
            except checks.ChecksFailed as e:      # some rule modules failed: keep the others' findings
                report.findings = e.findings
                _partial(doc, f"{name} stage incomplete: {e}")
            except Exception as e:  # noqa: BLE001 — a stage bug on an unforeseen layout is named, not hidden
                log.exception("%s failed on %s", name, path)
                _partial(doc, f"{name} stage failed: {type(e).__name__}: {e}")
    report.seconds = time.perf_counter() - t0
    return report


def _partial(doc: Document, reason: str) -> None:
    doc.status = "partial"
    doc.error = f"{doc.error}; {reason}" if doc.error else reason


def _set_fields(report: Report, result: tuple[dict, dict]) -> None:
    report.fields, report.field_of = result


def _read_tables(report: Report, blocks: list) -> None:
    from . import tables
    blocks[:] = tables.document_blocks(report.document)
    report.budget_lines, report.indicators = tables.lines_of(blocks)


def _sha_or_empty(path: str | Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""
