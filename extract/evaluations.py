"""The evaluations a document holds: one per 绩效自评表, per embedded 绩效评价报告, or the document itself.

A 决算 or 汇编 carries the unit's 部门整体支出绩效自评表 and dozens of 项目支出绩效自评表, each evaluating one
unit or project: the forms are found among the table blocks by extract/tables/forms.py; an evaluation
takes a form's amounts from its budget block's totals row, in 元, and its score and grade.
`find_evaluations(report, blocks)` adds the annexed reports (a large `…绩效评价报告` title; amounts, score
and grade read from its own text) or, when the document is itself one self-evaluation report, one
evaluation for it from its fields (absorbing its own 自评表), and ties every budget line and indicator to
the innermost evaluation that holds it.  Wordings live in schemas/evaluations.toml.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

from .model import Evaluation, Meta, Report
from .numbers import to_base, unit_table
from .rules import load
from .tables import Block
from .tables.flatforms import FLAT, flat_indicators
from .tables.forms import PROJECT, WHOLE, Form, forms, norm, schema, specific_name

__all__ = ["Form", "forms", "find_evaluations", "innermost"]

def find_evaluations(report: Report, blocks: list[Block]) -> list[Evaluation]:
    """Every evaluation of the report, in document order; budget lines and indicators tied to them."""
    doc = report.document
    if not report.indicators:       # no indicator table: a form flattened onto text lines, where one is certain
        report.indicators.extend(flat_indicators(doc.text, doc.page_of))
    found = forms(doc, blocks)
    evals = {f.id: _from_form(f) for f in found}
    absorbed: dict[str, str] = {}          # form id → the report evaluation that holds it
    reports = [_whole_document(report)] if _is_report(report.meta) else _annexed(report)
    n = len(found)
    for ev, tag in reports:
        inside = [f for f in found if ev.start <= f.start and f.end <= ev.end and f.id not in absorbed
                  and _belongs(f, ev, tag, len(found))]
        if inside:               # the report's own form: the report takes its id and fills in from it
            ev.id = inside[0].id
            _fill(ev, evals[ev.id])
            for f in inside:
                absorbed[f.id] = ev.id
                evals.pop(f.id, None)
        else:
            n += 1
            ev.id = f"e{n}"
        evals[ev.id] = ev
    out = sorted(evals.values(), key=lambda e: (e.start, -e.end))
    for ind in report.indicators:
        if ind.get("origin") == FLAT:
            home = innermost(out, ind["start"])
            ind["evaluation"] = home.id if home else None
    for b in blocks:            # a form's rows go with it; other tables' rows with the evaluation holding them
        home = innermost(out, b.start)
        for ln in b.lines:
            own = ln.get("evaluation")
            ln["evaluation"] = absorbed.get(own, own) if own else (home.id if home else None)
    return out


def innermost(evals: list[Evaluation], pos: int) -> Optional[Evaluation]:
    """The smallest evaluation whose span holds text offset `pos`."""
    inner = [e for e in evals if e.start <= pos < e.end]
    return min(inner, key=lambda e: e.end - e.start) if inner else None


def _belongs(f: Form, ev: Evaluation, tag: str, n_forms: int) -> bool:
    """Is the form the report's own 自评表 (rather than one of the projects annexed to it)?"""
    if tag == "annex":
        return not f.labelled or f.name == ev.name
    if n_forms == 1:
        return True
    return f.kind == ev.kind and (ev.kind == WHOLE or not f.labelled or f.name == ev.name)


def _money(value: Optional[str], unit: Optional[str]) -> Optional[Decimal]:
    if value is None:
        return None
    u = unit_table().get(unit or schema()["form"]["default_unit"])
    return to_base(Decimal(value), u) if u is not None and u.kind == "money" else None


def _from_form(f: Form) -> Evaluation:
    head = f.head or {}
    budget = head.get("budget") if head.get("budget") is not None else head.get("initial_budget")
    rate = head.get("rate")
    return Evaluation(id=f.id, kind=f.kind, name=f.name, budget=_money(budget, head.get("unit")),
                      expenditure=_money(head.get("spent"), head.get("unit")),
                      execution_rate=Decimal(rate) if rate is not None else None, score=f.score(),
                      grade=f.grade, pages=f.pages, start=f.start, end=f.end)


def _fill(ev: Evaluation, other: Evaluation) -> None:
    """What the report leaves unsaid, its own form says (the report's own statement comes first)."""
    for k in ("kind", "name", "budget", "expenditure", "execution_rate", "score", "grade"):
        if getattr(ev, k) is None:
            setattr(ev, k, getattr(other, k))
    if other.kind and other.kind != ev.kind and (other.name or other.kind == WHOLE):
        ev.kind = other.kind     # the form's 项目名称 / 部门（单位）名称 says which kind it is


def _is_report(meta: Meta) -> bool:
    sch = schema()["report"]
    if meta.doc_type:
        return meta.doc_type in sch["doc_types"]
    return bool(meta.title and sch["doc_title"].search(norm(meta.title)))


def _values(fields: dict) -> dict:
    """An evaluation's amounts, score and grade from (a part of) the report's fields."""
    def val(name):
        fv = fields.get(name)
        return fv.value if fv is not None and isinstance(fv.value, Decimal) and fv.origin != "words" else None
    grade = fields.get("self_grade")
    return {"budget": val("total_budget"), "expenditure": val("total_expenditure"),
            "execution_rate": val("execution_rate"), "score": val("self_score"),
            "grade": str(grade.value) if grade is not None else None}


def _whole_document(report: Report) -> tuple[Evaluation, str]:
    """A document that is one self-evaluation report: one evaluation, from its fields."""
    m, doc = report.meta, report.document
    name = m.project if m.kind == PROJECT and m.project else m.department
    ev = Evaluation(id="", kind=m.kind, name=name, **_values(report.fields),
                    pages=list(range(1, (doc.pages or doc.page_of(len(doc.text))) + 1)), start=0,
                    end=len(doc.text) + 1)
    return ev, "document"


def _annexed(report: Report) -> list[tuple[Evaluation, str]]:
    """Reports annexed to the document: a large `X项目绩效评价报告` title starts one, which runs to the
    next such title (the same title repeated on the next page goes on with it) or the document's end."""
    from .fields import map_fields
    doc, sch = report.document, schema()["report"]
    heads: list[tuple[int, str, Optional[str]]] = []
    paras = [p for p in doc.paragraphs if p.kind in ("text", "cover")]
    for i, p in enumerate(paras):
        t = norm(doc.text[p.start:p.end])
        if not p.display or len(t) > sch["max_title"]:
            continue
        m = sch["title"].match(t)
        start = p.start
        prev = norm(doc.text[paras[i - 1].start:paras[i - 1].end]) if i else ""
        if m and not m["name"] and prev and len(prev) <= sch["max_title"] and not re.search(r"[。，；,;]", prev):
            m = sch["title"].match(prev + t)      # 2024年度X项目 / 绩效评价报告: a title on two lines
            start = paras[i - 1].start
        if not m or not specific_name(m["name"]):
            continue
        kind = WHOLE if m["kind"] and "整体" in m["kind"] else PROJECT
        if heads and heads[-1][1] == m["name"]:
            continue
        heads.append((start, m["name"], kind))
    out = []
    for k, (start, name, kind) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(doc.text) + 1
        sub = Report(document=doc, meta=Meta(kind=kind), sections=report.sections,
                     figures=[f for f in report.figures if start <= f.start < end])
        vals = _values(map_fields(sub)[0])
        g = load("fields")["grade"]
        gm = re.search(g["pattern"], doc.text[start:end])
        vals["grade"] = g["map"][gm["grade"]] if gm else None
        pages = list(range(doc.page_of(start), doc.page_of(min(end, len(doc.text)) - 1) + 1))
        out.append((Evaluation(id="", kind=kind, name=name, pages=pages, start=start, end=end, **vals), "annex"))
    return out
