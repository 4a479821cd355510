"""One report back from the tables (`pipeline.py show --out OUT DOC`): no re-extraction.

The rows of one doc_id become the same `Report` dataclasses `process()` returns, so `show`'s readable
view and the JSON contract are the same from a file and from an output folder.
"""
from __future__ import annotations

import re
from dataclasses import fields as dc_fields
from decimal import Decimal
from typing import Optional

from ..model import Document, Evaluation, Figure, FieldValue, Finding, Meta, Report, Section
from .load import Tables
from .peers import normalise_name


def _plain(v):
    """A stored decimal (scale 10: 1200000.0000000000) back to the digits it was read as (1200000)."""
    if isinstance(v, Decimal):
        return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()
    return v


def _build(cls, row: dict, **extra):
    names = {f.name for f in dc_fields(cls)}
    kw = {k: _plain(v) for k, v in row.items() if k in names}
    kw.update(extra)
    return cls(**kw)


def find_documents(t: Tables, key: str) -> list[dict]:
    """Documents whose doc_id starts with `key` (hex, ≥ 4 characters), else whose department (or title,
    or file name) contains it, names normalised; copies of a report (duplicate_of) only when nothing else."""
    docs = t.doc_records
    k = key.strip().lower()
    if re.fullmatch(r"[0-9a-f]{4,64}", k):
        hits = [d for d in docs if d["doc_id"].startswith(k)]
        if hits:
            return hits
    n = normalise_name(key)
    hits = [d for d in docs if n and any(n in normalise_name(d.get(c)) for c in ("department", "title"))]
    if not hits:
        hits = [d for d in docs if key in (d.get("source") or "")]
    firsts = [d for d in hits if not d.get("duplicate_of")]
    return firsts or hits


def report_from_tables(t: Tables, doc_id: str) -> Report:
    doc = next(d for d in t.doc_records if d["doc_id"] == doc_id)
    text, page_starts = t.texts([doc_id], with_pages=True).get(doc_id, ("", []))
    document = _build(Document, doc, text=text or "", page_starts=list(page_starts or []),
                      pages=doc.get("pages") or 0, bad_pages=list(doc.get("bad_pages") or []),
                      warnings=list(doc.get("warnings") or []), ocr_pages=list(doc.get("ocr_pages") or []))
    meta = _build(Meta, doc, pages=doc.get("pages") or 0)
    sections = [_build(Section, r) for r in t.by_doc("sections").get(doc_id, [])]
    figures, field_of = [], {}
    for r in t.by_doc("figures").get(doc_id, []):
        box = (r.get("bbox_x0"), r.get("bbox_top"), r.get("bbox_x1"), r.get("bbox_bottom"))
        figures.append(_build(Figure, r, bbox=box if None not in box else None, approx=bool(r.get("approx"))))
        if r.get("field"):
            field_of[r["id"]] = r["field"]
    fields = {}
    for r in t.by_doc("fields").get(doc_id, []):
        value = r["value_decimal"] if r.get("value_decimal") is not None else r.get("value_text")
        fields[r["field"]] = _build(FieldValue, r, value=_plain(value), unit=r.get("unit") or "",
                                    text=r.get("text") or "", origin=r.get("origin") or "text")
    findings = [_build(Finding, r, figures=list(r.get("figures") or []), pages=list(r.get("pages") or []),
                       bases=list(r.get("bases") or []), evidence=list(r.get("evidence") or []),
                       certainty=r.get("certainty") or "certain", expression=r.get("expression") or "",
                       fingerprint=r.get("fingerprint") or "")
                for r in t.by_doc("findings").get(doc_id, [])]
    evaluations = [_build(Evaluation, r, pages=list(r.get("pages") or [])) for r in t.by_doc("evaluations").get(doc_id, [])]
    def lines(name: str) -> list[dict]:     # as process() gives them: decimals as their digits
        return [{k: format(_plain(v), "f") if isinstance(v, Decimal) else v for k, v in r.items()
                 if k not in ("doc_id", "line", "extra")} for r in t.by_doc(name).get(doc_id, [])]

    return Report(document=document, meta=meta, sections=sections, figures=figures, fields=fields,
                  findings=findings, budget_lines=lines("budget_lines"), indicators=lines("indicators"),
                  evaluations=evaluations, field_of=field_of, seconds=float(doc.get("seconds") or 0.0))


def describe(d: dict) -> str:
    bits = [d["doc_id"][:12], d.get("department") or "—", str(d.get("year") or "—"), d.get("kind") or "",
            d.get("project") or "", d.get("status") or "", d.get("source") or ""]
    return "  ".join(b for b in bits if b)


def pick(t: Tables, key: str) -> tuple[Optional[dict], list[dict]]:
    hits = find_documents(t, key)
    return (hits[0] if len(hits) == 1 else None), hits
