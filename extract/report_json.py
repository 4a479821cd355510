"""The single-report JSON contract (`pipeline.py show FILE --json`, see README).

Decimals are written as strings so no value ever passes through a binary float.
"""
from __future__ import annotations

from decimal import Decimal

from .model import Report


def dec_str(v) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def to_json(report: Report) -> dict:
    doc, m = report.document, report.meta
    return {
        "doc_id": doc.doc_id,
        "source": doc.source,
        "status": doc.status,
        "error": doc.error,
        "warnings": doc.warnings,
        "truncated": doc.truncated,
        "ocr_pages": doc.ocr_pages,
        "meta": {"title": m.title, "department": m.department, "region": m.region, "year": m.year,
                 "doc_type": m.doc_type, "kind": m.kind, "project": m.project, "report_date": m.report_date,
                 "pages": m.pages},
        "sections": [{"id": s.id, "parent": s.parent, "level": s.level, "number": s.number, "title": s.title,
                      "canonical": s.canonical, "page": s.page, "start": s.start, "end": s.end}
                     for s in report.sections],
        "figures": [{"id": f.id, "section": f.section, "page": f.page, "start": f.start, "end": f.end,
                     "text": f.text, "value": dec_str(f.value), "unit": f.unit, "kind": f.kind,
                     "base_value": dec_str(f.base_value), "base_unit": f.base_unit, "label": f.label,
                     "base_label": f.base_label, "field": report.field_of.get(f.id), "direction": f.direction,
                     "qualifier": f.qualifier, "table": f.table, "confidence": f.confidence,
                     "bbox": list(f.bbox) if f.bbox else None}
                    for f in report.figures],
        "fields": {k: {"value": dec_str(v.value), "unit": v.unit, "figure": v.figure, "section": v.section,
                       "page": v.page, "origin": v.origin, "text": v.text, "confidence": v.confidence}
                   for k, v in report.fields.items()},
        "evaluations": [{"id": e.id, "kind": e.kind, "name": e.name, "budget": dec_str(e.budget),
                         "expenditure": dec_str(e.expenditure), "execution_rate": dec_str(e.execution_rate),
                         "score": dec_str(e.score), "grade": e.grade, "pages": e.pages}
                        for e in report.evaluations],
        "indicators": report.indicators,
        "budget_lines": report.budget_lines,
        "findings": [{"rule": f.rule, "category": f.category, "severity": f.severity, "certainty": f.certainty,
                      "message": f.message, "section": f.section, "figures": f.figures, "expected": f.expected,
                      "actual": f.actual, "expression": f.expression, "delta": f.delta, "tolerance": f.tolerance,
                      "bases": f.bases, "evidence": f.evidence, "evaluation": f.evaluation,
                      "pages": f.pages, "fingerprint": f.fingerprint}
                     for f in report.findings],
        "seconds": round(report.seconds, 4),
    }
