"""The evaluations a document holds: one per 绩效自评表, per embedded 绩效评价报告, or the document itself.

A 决算 or 汇编 carries the unit's 部门整体支出绩效自评表 and dozens of 项目支出绩效自评表, each evaluating one
unit or project.  A form is an indicator block with completion values or scores (extract.tables), with
the budget block (项目资金 / 年度资金总额 …) printed just before it — in the same grid, or in the next
one across a page break.  Its name and kind come from its header rows (项目名称 | X → 项目支出; 部门（单位）
名称 | Y → 部门整体支出) or the title above it (X项目绩效自评表); its amounts from the budget block's totals
row, in 元; its score from the 总分 row, else the sum of its rows; its grade from a 评价等级 in the form.

`forms(doc, blocks)` groups the blocks and tags their rows with the form's id (e1, e2 …): the check
engine scopes score and rate checks by it.  `find_evaluations(report, blocks)` adds the annexed reports
(a large `…绩效评价报告` title; amounts, score and grade read from its own text) or, when the document is
itself one self-evaluation report, one evaluation for it from its fields (absorbing its own 自评表), and
ties every budget line and indicator to the innermost evaluation that holds it.  Wordings live in
schemas/evaluations.toml.
"""
from __future__ import annotations

import functools
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from .model import Document, Evaluation, Meta, Report, Table
from .numbers import to_base, unit_table
from .rules import load
from .tables import Block

WHOLE, PROJECT = "部门整体支出", "项目支出"


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    data = load("evaluations")
    out = {k: dict(v) for k, v in data.items()}
    for sec, key in (("form", "title"), ("form", "whole"), ("form", "head"), ("form", "grade"),
                     ("report", "doc_title"), ("report", "title")):
        out[sec][key] = re.compile(data[sec][key])
    out["grade_map"] = load("fields")["grade"]["map"]
    return out


def _norm(text: str) -> str:
    return "".join((text or "").split())


@dataclass
class Form:
    """One 绩效自评表: its indicator block, the budget block before it and what its header says."""
    id: str
    indicator: Block
    budget: Optional[Block] = None
    head: Optional[dict] = None         # the budget block's totals row (年度资金总额 / 金额合计 …)
    kind: Optional[str] = None
    name: Optional[str] = None
    grade: Optional[str] = None
    start: int = 0
    end: int = 0
    pages: list[int] = field(default_factory=list)
    labelled: bool = False              # its header rows name it (项目名称 | X)

    @property
    def total(self) -> Optional[dict]:
        return self.indicator.total

    def lines(self) -> list[dict]:
        return (self.budget.lines if self.budget else []) + self.indicator.lines

    def score(self) -> Optional[Decimal]:
        """The 总分 row's 得分; else the sum of the rows' scores when every indicator has one."""
        if self.total and self.total.get("score") is not None:
            return Decimal(self.total["score"])
        scores = [ln["score"] for ln in self.indicator.lines]
        if not scores or None in scores:
            return None
        head = self.head.get("score") if self.head else None
        return sum((Decimal(s) for s in scores + ([head] if head else [])), Decimal(0))


# ---------------------------------------------------------------------------------------------
# forms

def forms(doc: Document, blocks: list[Block]) -> list[Form]:
    """The 自评表s among `blocks`, in document order; their rows get the form's id as `evaluation`."""
    out: list[Form] = []
    pending: Optional[Block] = None
    for b in blocks:
        if b.kind == "budget":
            pending = b
            continue
        if b.kind != "indicator" or not _self_evaluated(b):
            pending = None
            continue
        budget = pending if pending is not None and _adjacent(doc, pending, b) else None
        pending = None
        f = Form(f"e{len(out) + 1}", b, budget, _head(budget))
        _describe(doc, f, out[-1].end if out else 0)
        for ln in f.lines():
            ln["evaluation"] = f.id
        out.append(f)
    return out


def _self_evaluated(b: Block) -> bool:
    """An indicator block with completion values or scores; a 绩效目标表 (targets only) is no 自评表."""
    return b.total is not None or bool({"actual", "score"} & set(b.roles.values()))


def _table_at(doc: Document, pos: int) -> Optional[Table]:
    """The table whose span holds text offset `pos`."""
    i = bisect_right([t.start for t in doc.tables], pos) - 1
    return doc.tables[i] if i >= 0 and pos <= doc.tables[i].end else None


def _adjacent(doc: Document, budget: Block, ind: Block) -> bool:
    """The budget block is the same form's: the indicator block follows it with nothing between but the
    form's own rows or grids (年度总体目标 …) and page furniture — no text of the report, no new form's
    title or header rows (项目名称 | …)."""
    if ind.start < budget.end:
        return False
    if ind.table is budget.grid:
        return True
    if ind.table is budget.table:
        return not any(_labels(row) for row in ind.table.rows[budget.header_row + 1:ind.header_row])
    gap, pos = [], budget.end
    for t in doc.tables:
        if t.end <= budget.end or t.start >= ind.start:
            continue
        rows = t.rows[:ind.header_row] if t is ind.table else t.rows
        if t is not budget.table and any(_labels(row) for row in rows):
            return False
        gap.append(doc.text[pos:max(pos, t.start)])
        pos = max(pos, t.end)
    gap.append(doc.text[pos:max(pos, ind.start)])
    text = re.sub(r"[\s|\-—]", "", "".join(gap))
    return len(text) <= schema()["form"]["gap"] and not re.search(schema()["form"]["title_word"], text)


def _head(budget: Optional[Block]) -> Optional[dict]:
    if budget is None or not budget.lines:
        return None
    pat = schema()["form"]["head"]
    for ln in budget.lines:
        if pat.match(re.sub(r"[：:]$", "", _norm(ln.get("row") or ""))):
            return ln
    return next((ln for ln in budget.lines if ln["weight"] is not None or ln["score"] is not None), budget.lines[0])


def _labels(row) -> dict[str, str]:
    """label → value of a header row (项目名称 | X | 主管部门 | Y …); {} when the row is no header row."""
    sch = schema()["form"]
    known = set(sch["project"]) | set(sch["unit"]) | set(sch["other"])
    cells = [_norm(c.text).rstrip("：:") for c in row if c.text.strip()]
    out: dict[str, str] = {}
    for i, t in enumerate(cells):
        if t in known:
            nxt = cells[i + 1] if i + 1 < len(cells) else ""
            out[t] = "" if nxt in known else nxt
    return out if cells and cells[0] in known else {}


def _describe(doc: Document, f: Form, floor: int) -> None:
    """Name, kind, span, pages and grade of a form from its header rows, the title above it and its
    last rows."""
    sch = schema()["form"]
    first = f.budget or f.indicator
    f.start, f.end = first.start, f.indicator.end
    labels: dict[str, str] = {}
    skipped = False
    for row in reversed(first.table.rows[:first.header_row]):
        got = _labels(row)
        if not got:
            if labels or skipped or any(ch.isdigit() for c in row for ch in c.text):
                break
            skipped = True      # the first row of a two-row header (预算安排 | 拨付情况 | 分值 | 得分)
            continue
        labels.update({k: v for k, v in got.items() if k not in labels})
        f.start = min([f.start] + [c.start for c in row])
    project = next((labels[k] for k in sch["project"] if labels.get(k)), None)
    unit = next((labels[k] for k in sch["unit"] if labels.get(k)), None)
    if project and not sch["whole"].search(project):
        f.kind, f.name, f.labelled = PROJECT, project, True
    elif unit or project:
        f.kind, f.name, f.labelled = WHOLE, unit, bool(unit)
    title = _title_above(doc, f.start, floor)
    if title is not None:
        m, at = title
        f.start = at
        f.kind = f.kind or (WHOLE if m["kind"] and "整体" in m["kind"] else PROJECT if m["kind"] else None)
        f.name = f.name or _named(m["name"])
    if f.total and f.total.get("end"):
        f.end = max(f.end, f.total["end"])
    tail = _table_at(doc, max(f.end - 1, 0))
    window = doc.text[f.start:max(f.end, tail.end if tail is not None else f.end)]
    g = sch["grade"].search(window)
    if g:
        f.grade = schema()["grade_map"].get(g["grade"])
        f.end = max(f.end, f.start + g.end())
    f.pages = list(range(doc.page_of(f.start), doc.page_of(max(f.end - 1, f.start)) + 1))


def _named(name: Optional[str]) -> Optional[str]:
    """A name from a title, unless it names nothing in particular (本单位, 年度)."""
    return name if name and name not in schema()["form"]["generic"] else None


def _title_above(doc: Document, start: int, floor: int) -> Optional[tuple[re.Match, int]]:
    """The form's title in the few lines before it (X项目绩效自评表 / （2024年度） / page furniture)."""
    lo = max(floor, start - 200)
    pos = start
    for line in reversed(doc.text[lo:start].split("\n")):
        pos -= len(line) + 1
        t = _norm(line)
        m = schema()["form"]["title"].match(t)
        if m:
            return m, max(pos + 1, lo)
        if len(t) > 40:
            return None
    return None


# ---------------------------------------------------------------------------------------------
# evaluations

def find_evaluations(report: Report, blocks: list[Block]) -> list[Evaluation]:
    """Every evaluation of the report, in document order; budget lines and indicators tied to them."""
    doc = report.document
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
    return bool(meta.title and sch["doc_title"].search(_norm(meta.title)))


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
        t = _norm(doc.text[p.start:p.end])
        if not p.display or len(t) > sch["max_title"]:
            continue
        m = sch["title"].match(t)
        start = p.start
        prev = _norm(doc.text[paras[i - 1].start:paras[i - 1].end]) if i else ""
        if m and not m["name"] and prev and len(prev) <= sch["max_title"] and not re.search(r"[。，；,;]", prev):
            m = sch["title"].match(prev + t)      # 2024年度X项目 / 绩效评价报告: a title on two lines
            start = paras[i - 1].start
        if not m or not _named(m["name"]):
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
