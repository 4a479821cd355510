"""Canonical fields (schemas/fields.toml) from the figures of a report.

A field belongs to the report as a whole: a prior-year value (较上年…), a change (增加/下降…) or a
sub-item is not the field.  When the same field is stated twice with different values, the one in its
home section wins (the checks raise `value_conflict`); text beats a table cell.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Optional

from .field_scope import fund_part, genre, is_budget, one_subject, unnumbered, without_unit
from .field_scope import one_project as about_one_project
from .field_tables import table_fields
from .figures import clause_before, clean_label
from .model import Figure, FieldValue, Report
from .outline import SectionIndex
from .rules import load

SENTENCE_END = "。；;\n"


@dataclass
class FieldRule:
    id: str
    name: str
    kind: str
    labels: list[re.Pattern]
    labels_project: list[re.Pattern]
    after: list[re.Pattern]
    zero: list[re.Pattern]
    home: list[str]
    kinds: list[str]
    sum_of: list[str]
    fallback: Optional[str]
    share: Optional[dict]
    labels_budget: Optional[list[re.Pattern]] = None   # in a 部门/单位预算 (None: `labels`, read without 预算)
    fallback_budget: Optional[str] = None              # the fallback in a 部门/单位预算
    shares_label: bool = False                         # in a budget, its label may state a later field too


@functools.lru_cache(maxsize=1)
def field_rules() -> list[FieldRule]:
    data = load("fields")
    whole = data["whole"]

    def comp(xs):
        return [re.compile(x.replace("{whole}", whole)) for x in xs]

    rules = []
    for f in data["field"]:
        rules.append(FieldRule(f["id"], f["name"], f["kind"], comp(f.get("labels", [])),
                               comp(f.get("labels_project", f.get("labels", []))), comp(f.get("after", [])),
                               comp(f.get("zero", [])), f.get("home", []), f.get("kinds", []),
                               f.get("sum_of", []), f.get("fallback"), f.get("share"),
                               comp(f["labels_budget"]) if "labels_budget" in f else None, f.get("fallback_budget"),
                               f.get("shares_label", False)))
    return rules


def _rule_labels(rule: FieldRule, kind: str, budget: bool) -> tuple[list[re.Pattern], bool]:
    """The label patterns of a rule for this report, and whether a trailing 预算 is dropped before them."""
    if budget and rule.labels_budget is not None:
        return rule.labels_budget, False
    return (rule.labels_project if kind == "项目支出" else rule.labels), budget


@functools.lru_cache(maxsize=1)
def _measure() -> re.Pattern:
    return re.compile(load("fields")["measure"])


@functools.lru_cache(maxsize=1)
def _subjects() -> re.Pattern:
    return re.compile(load("fields")["subjects"])


@functools.lru_cache(maxsize=1)
def _own_budget() -> re.Pattern:
    return re.compile(load("fields")["own_budget_subjects"])


def effective_labels(report: Report) -> tuple[dict[str, str], set[str]]:
    """(figure id → its label for field mapping, with the sentence subject put back before a bare measure;
    the ids of the figures whose label got its subject that way)."""
    text = report.document.text
    out: dict[str, str] = {}
    carried: set[str] = set()
    subject, sentence_start = "", -1
    prev_end = 0
    for fig in report.figures:
        if fig.table:
            out[fig.id] = unnumbered(clean_label(fig.label))
            continue
        start = max(text.rfind(c, 0, fig.start) for c in SENTENCE_END) + 1
        if start != sentence_start:
            subject, sentence_start = "", start
        floor = max(start, prev_end if prev_end > start else start)
        clause = clause_before(text, fig.start, floor)
        label = unnumbered(clean_label(clause))
        prev_end = fig.end
        if fig.qualifier or fig.direction:
            out[fig.id] = ""
            continue
        own = _measure().sub("", label)
        whole = WHOLE_MEASURE.match(re.sub(r"\s+", "", clause))
        if label and not own and subject and (not whole or _own_budget().search(subject)):
            label = subject + label
            carried.add(fig.id)
        elif label and not own and not subject and (lead := _lead(text, fig.start)):
            label = lead + label      # （二）公务接待费。2026年预算数2.81万元: the lead names the measure's subject
            carried.add(fig.id)
        elif not own and whole:
            subject = ""          # 全年执行数…，执行率…: the unit's own measures, not the sub-item's before
        elif own:
            m = _subjects().search(own)
            if m:
                subject = m.group(0)
            elif SUB_ITEM.search(own) and "其中" not in text[start:fig.start]:
                subject = own    # 危桥改造专项资金预算…，实际支出…: a sub-item's own figures (not a 其中 part's)
        out[fig.id] = label
    return out, carried


LEAD = re.compile(r"([^，,。；;：:\n]{2,24})[。：:]\s*$")


def _lead(text: str, at: int) -> str:
    """The subject a bare measure takes from a lead phrase before it on its line — a heading-like
    phrase closed by 。 or ： (（二）公务接待费。… / （一）收入预算：…) — when that phrase names a field
    by itself; else ""."""
    line = text.rfind("\n", 0, at) + 1
    head = text[line:at]
    cut = max(head.rfind(c) for c in "。：:")
    if cut < 0:
        return ""
    m = LEAD.search(head[:cut + 1])
    if not m:
        return ""
    lead = unnumbered(clean_label(m.group(1)))
    if not lead or re.search(r"\d", lead) or any(c in head[cut + 1:] for c in "，,；;"):
        return ""
    strip = genre()["budget_suffix"]
    names_field = any(p.search(x) for r in field_rules() for p in r.labels + (r.labels_budget or [])
                      for x in (lead, strip.sub("", lead)))
    return _measure().sub("", lead) or lead if names_field else ""


# a measure that names the whole unit by itself (全年执行数 after 其中项目支出预算…) takes no subject
WHOLE_MEASURE = re.compile(r"^(全年|本年度?|年度|部门|单位|整体|调整后)")
# a noun phrase that is a sub-item of the budget: the bare measures after it are its own
SUB_ITEM = re.compile(r"(资金|经费|专项|工程|补助|补贴|项目|费用?)(预算)?(合计|总计|小计)?$")


def _candidates(report: Report, labels: dict[str, str]) -> dict[str, list[tuple[int, Figure]]]:
    """Field id → (rank, figure) for every figure that may state it; rank is the index of the label
    pattern that matched (the earlier, more specific wording wins: 自评得分 over a bare 得分)."""
    kind = report.meta.kind or "部门整体支出"
    text = report.document.text
    found: dict[str, list[tuple[int, Figure]]] = {}
    renamed: dict[str, str] = {}   # 商品和服务支出…，为日常公用经费: the label is then called by the field's name
    one_project = _project_sections(report) if kind == "部门整体支出" else set()
    budget = is_budget(report)
    suffix = genre()["budget_suffix"]
    dept = "".join((report.meta.department or "").split())
    for fig in report.figures:
        label = without_unit(labels.get(fig.id, ""), dept)
        if fig.qualifier or fig.direction or fig.approx or fig.op or fig.section in one_project \
                or one_subject(report, fig):
            continue
        if fig.kind == "score" and about_one_project(report, -1 if fig.table else fig.start):
            continue
        after = text[fig.end:fig.end + 20]
        labelled = False
        for rule in field_rules():
            if rule.kinds and kind not in rule.kinds or rule.kind != fig.kind:
                continue
            pats, strip = _rule_labels(rule, kind, budget)
            forms = (label, suffix.sub("", label)) if strip else (label,)
            rank = next((i for i, p in enumerate(pats) if any(p.search(x) for x in forms if x)), None) \
                if label and not labelled else None
            hit = rank is not None
            if not hit and not labelled and rule.share and fig.base_label:
                subject = clean_label(fig.label)
                subject = renamed.get(subject, subject)
                hit = bool(re.search(rule.share["subject"], subject)) and bool(re.search(rule.share["base"], fig.base_label))
            if hit and not (budget and rule.shares_label):
                labelled = True
            elif not fig.table and any(p.search(after) for p in rule.after):
                hit = True     # named after the figure: 3126.84万元，即部门全年预算数 / …，全部为公务接待费
                if label:
                    renamed[label] = rule.name
            if hit:
                found.setdefault(rule.id, []).append((rank or 0, fig))
    return found


ONE_PROJECT = re.compile(r"(项目|工作经费|专项资金|专项经费|补助资金|补贴资金)$")


def _project_sections(report: Report) -> set[str]:
    """Sections about one project of a 部门整体 report (4．公厕建设改造项目): their 预算/支出/执行率 are
    the project's, not the unit's."""
    ids: set[str] = set()
    for s in report.sections:          # in document order: a parent comes before everything below it
        if s.parent in ids or (ONE_PROJECT.search(s.title or "") and s.canonical is None):
            ids.add(s.id)
    return ids


def _pick(report: Report, rule: FieldRule, figs: list[tuple[int, Figure]]) -> Figure:
    secs = {s.id: s for s in report.sections}

    def home(f: Figure) -> bool:
        s = secs.get(f.section) if f.section else None
        while s is not None:
            if s.canonical in rule.home:
                return True
            s = secs.get(s.parent) if s.parent else None
        return False

    return min(figs, key=lambda rf: (not home(rf[1]), fund_part(report, rf[1]), rf[1].table is not None, rf[0],
                                     rf[1].start))[1]


def _same_value(f: Figure, g: Figure) -> bool:
    """Two printings of one amount: 218.47 万元 and 2,184,700.00 元 agree at the coarser precision."""
    from .checks.intervals import Interval
    if f.base_value == g.base_value:
        return True
    if f.base_unit != g.base_unit:
        return False

    def iv(x: Figure) -> Interval:
        scale = x.base_value / x.value if x.value else 1
        return Interval.printed(x.value, scale)
    return iv(f).meets(iv(g))


def _value(fig: Figure, source: str, field: str) -> FieldValue:
    return FieldValue(field=field, value=fig.base_value, unit=fig.base_unit, figure=fig.id, section=fig.section,
                      page=fig.page, start=fig.start, end=fig.end, text=fig.text, origin=source)


def map_fields(report: Report) -> tuple[dict[str, FieldValue], dict[str, str]]:
    """(the report's fields, figure id → the field each figure states).  Figures are not changed."""
    labels, carried = effective_labels(report)
    cands = _candidates(report, labels)
    fields: dict[str, FieldValue] = {}
    field_of: dict[str, str] = {}
    statements = (report.meta.doc_type or "") in genre()["statement_doc_types"]
    for rule in field_rules():
        figs = cands.get(rule.id)
        if figs:
            fig = _pick(report, rule, figs)
            fv = _value(fig, "table" if fig.table else "text", rule.id)
            fv.alternatives = [f.id for _, f in figs if not _same_value(f, fig)]
            fv.carried = fig.id in carried
            fields[rule.id] = fv
            for _, f in figs:
                if statements and f is not fig and not _same_value(f, fig) \
                        and (f.table or fund_part(report, f) != fund_part(report, fig)):
                    continue    # another statement's or another fund's amount: an alternative, not a restatement
                field_of.setdefault(f.id, rule.id)
    index = SectionIndex(report.sections)
    budget = is_budget(report)
    kind = report.meta.kind or "部门整体支出"
    applies = {r.id for r in field_rules() if not (r.kinds and kind not in r.kinds)
               and not (budget and r.labels_budget == [])}
    figs = {f.id: f for f in report.figures}
    for fid, (fv, part) in table_fields(report, budget, genre()["numbering"], genre()["fund_part"]).items():
        if fid not in applies:
            continue
        have = fields.get(fid)
        if have is not None and not (have.figure in figs and not part and fund_part(report, figs[have.figure])):
            continue       # the text's value counts; a statement gives the rest, or the whole for a fund's part
        sec = index.at(fv.start)
        fv.section = sec.id if sec else None
        if have is not None and have.value != fv.value:
            fv.alternatives = [have.figure] + have.alternatives
        fields[fid] = fv
    _zeros(report, fields, index)
    for rule in field_rules():
        if rule.id in fields:
            continue
        parts = [fields[p] for p in rule.sum_of if p in fields]
        if parts:
            total = sum((p.value for p in parts), Decimal(0))
            first = parts[0]
            fields[rule.id] = FieldValue(rule.id, total, first.unit, None, first.section, first.page, first.start,
                                         first.end, " + ".join(p.text for p in parts), "sum")
        elif (fallback := rule.fallback_budget if budget and rule.fallback_budget else rule.fallback) in fields:
            fb = fields[fallback]
            fields[rule.id] = FieldValue(rule.id, fb.value, fb.unit, fb.figure, fb.section, fb.page, fb.start, fb.end,
                                         fb.text, fb.origin)
    grade = _grade(report, index)
    if grade:
        fields["self_grade"] = grade
    return fields, field_of


def _zeros(report: Report, fields: dict[str, FieldValue], index: SectionIndex) -> None:
    """Fields stated in words as nil: 无政府性基金预算支出, 因公出国（境）费为零."""
    text = report.document.text
    for rule in field_rules():
        if rule.id in fields or not rule.zero:
            continue
        for p in rule.zero:
            m = p.search(text)
            if m:
                sec = index.at(m.start())
                fields[rule.id] = FieldValue(rule.id, Decimal(0), "元", None, sec.id if sec else None,
                                             report.document.page_of(m.start()), m.start(), m.end(), m.group(0),
                                             "words")
                break


def _grade(report: Report, index: SectionIndex) -> Optional[FieldValue]:
    g = load("fields")["grade"]
    text = report.document.text
    pat = re.compile(g["pattern"])
    matches = [m for m in pat.finditer(text) if not about_one_project(report, m.start())]
    if not matches:
        return None
    home = [m for m in matches if (s := index.at(m.start())) and s.canonical in g["home"]]
    m = (home or matches)[0]
    sec = index.at(m.start())
    return FieldValue("self_grade", g["map"][m.group("grade")], "", None, sec.id if sec else None,
                      report.document.page_of(m.start()), m.start("grade"), m.end("grade"), m.group(0), "text")
