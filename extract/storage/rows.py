"""A `Report` into the rows and columns of every table (what a worker hands back for one document)."""
from __future__ import annotations

import os
from datetime import datetime, timezone
from typing import Optional

import pyarrow as pa

from ..model import Report
from .schema import TABLE_NAMES, schema_version
from .values import Columns, columns_to_table, dec_text, rows_to_columns, to_decimal

def _now() -> datetime:
    return datetime.now(timezone.utc)


def _file_size(path: str) -> Optional[int]:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _document_row(report: Report, ingested_at: datetime, size: Optional[int]) -> dict:
    doc, m = report.document, report.meta
    return {
        "doc_id": doc.doc_id, "source": doc.source, "bytes": size if size is not None else _file_size(doc.source),
        "file_type": doc.file_type, "status": doc.status, "error": doc.error,
        "pages": doc.pages or m.pages, "bad_pages": doc.bad_pages, "doc_type": m.doc_type,
        "truncated": doc.truncated, "ocr_pages": doc.ocr_pages,
        "warnings": doc.warnings,
        "title": m.title, "department": m.department, "region": m.region, "year": m.year, "kind": m.kind,
        "project": m.project, "report_date": m.report_date, "text": doc.text, "page_starts": doc.page_starts,
        "n_sections": len(report.sections), "n_figures": len(report.figures), "n_findings": len(report.findings),
        "seconds": round(report.seconds, 4), "schema_version": schema_version(), "ingested_at": ingested_at,
    }


def _figure_row(f, field_of: dict[str, str]) -> dict:
    row = dict(vars(f))
    row["field"] = field_of.get(f.id)
    b = f.bbox or (None, None, None, None)
    row.update(bbox_x0=b[0], bbox_top=b[1], bbox_x1=b[2], bbox_bottom=b[3])
    return row


def _field_row(key: str, fv) -> dict:
    row = dict(vars(fv))
    row["field"] = fv.field or key
    row["value_decimal"] = to_decimal(fv.value)     # None for a word (self_grade 优)
    row["value_text"] = dec_text(fv.value)
    return row


Batch = dict[str, Columns]   # table name → its columns: what a worker hands back for one document


def report_to_rows(report: Report, *, ingested_at: Optional[datetime] = None,
                   size: Optional[int] = None) -> dict[str, list[dict]]:
    """Every table's rows for one report, each tagged with the document's doc_id."""
    ingested_at = ingested_at or _now()
    doc_id = report.document.doc_id

    def tag(rows: list[dict]) -> list[dict]:
        for r in rows:
            r["doc_id"] = doc_id
        return rows

    def numbered(rows: list[dict]) -> list[dict]:
        return tag([dict(r, line=i) for i, r in enumerate(rows)])

    return {
        "documents": [_document_row(report, ingested_at, size)],
        "sections": tag([dict(vars(s)) for s in report.sections]),
        "figures": tag([_figure_row(f, report.field_of) for f in report.figures]),
        "fields": tag([_field_row(k, v) for k, v in report.fields.items()]),
        "findings": tag([dict(vars(f)) for f in report.findings]),
        "evaluations": tag([dict(vars(e)) for e in report.evaluations]),
        "budget_lines": numbered(report.budget_lines),
        "indicators": numbered(report.indicators),
    }


def report_to_batch(report: Report, *, ingested_at: Optional[datetime] = None, size: Optional[int] = None) -> Batch:
    """One report's columns, as a worker hands them back.

    Not Arrow tables: pickling seven small tables costs more than building them.  The per-value
    conversion happens here, in the workers; the driver builds each part's tables once from the
    columns of all its documents (`pa.array` on values already of the column's type is C++ work)."""
    rows = report_to_rows(report, ingested_at=ingested_at, size=size)
    return {name: rows_to_columns(name, rows.get(name) or []) for name in TABLE_NAMES}


def report_to_tables(report: Report, *, ingested_at: Optional[datetime] = None,
                     size: Optional[int] = None) -> dict[str, pa.Table]:
    """Every table of one report."""
    batch = report_to_batch(report, ingested_at=ingested_at, size=size)
    return {name: columns_to_table(name, columns) for name, columns in batch.items()}


def failed_batch(doc_id: str, source: str, reason: str, *, size: Optional[int] = None,
                 file_type: Optional[str] = None, seconds: Optional[float] = None,
                 ingested_at: Optional[datetime] = None, status: str = "failed") -> Batch:
    """The one `documents` row (status failed or skipped, with the reason) of a file that yielded nothing else."""
    row = {"doc_id": doc_id, "source": source, "bytes": size, "file_type": file_type, "status": status,
           "error": reason, "n_sections": 0, "n_figures": 0, "n_findings": 0,
           "seconds": None if seconds is None else round(seconds, 4),
           "schema_version": schema_version(), "ingested_at": ingested_at or _now()}
    return {name: rows_to_columns(name, [row] if name == "documents" else []) for name in TABLE_NAMES}
