"""Every quantity in a report: number + unit, with its label, base, section, page, span and box.

Years, dates, document numbers, phone numbers, codes and heading numbers are not figures: a figure
needs a unit from `schemas/units.toml` right after its number (or, in a table, from the column
header or caption, e.g. 金额（元） / 单位：万元, as extract/tables/headers.py reads them).  Labels come
from the clause before the number, segmented with jieba and a finance user dictionary
(`schemas/finance_terms.txt`); the wording of bounds, shares, changes and labels is `schemas/figures.toml`.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Optional

import regex

from .model import Document, Figure, Section, Table
from .numbers import Unit, not_before, parse_chinese, parse_decimal, to_base, unit_pattern, unit_table
from .outline import SectionIndex
from .rules import SCHEMAS, load
from .tables import Header, cell_label, headers_of, is_number

CLAUSE_BREAK = "，,。；;：:、|\n"
_QUOTES = re.compile(r"[“”\"'‘’]")


class _Words:
    """The wording rules of schemas/figures.toml, compiled once: `_rules().share["base"]`."""
    def __init__(self, data: dict):
        for family, rules in data.items():
            setattr(self, family, {k: _compile(v) for k, v in rules.items()})


def _compile(pattern: str):
    try:
        return re.compile(pattern)
    except re.error:            # \p{Han}, set operations: the `regex` module's syntax
        return regex.compile(pattern)


@functools.lru_cache(maxsize=1)
def _rules() -> _Words:
    return _Words(load("figures"))


@functools.lru_cache(maxsize=1)
def _figure_regex() -> regex.Pattern:
    n = load("figures")["number"]
    return regex.compile(
        rf"(?P<op>{n['op']})?\s*"
        r"(?<![\d.,A-Za-z])(?P<num>-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)(?![\d])"
        rf"\s*(?P<approx>{n['approx']})?\s*"
        rf"(?P<unit>{unit_pattern()})")


@functools.lru_cache(maxsize=1)
def _range_regex() -> regex.Pattern:
    return regex.compile(rf"(?<![\d.,])(?P<num>\d+(?:\.\d+)?)\s*(?:{load('figures')['number']['range']})\s*"
                         rf"(?=\d+(?:\.\d+)?\s*(?P<unit>{unit_pattern()}))")


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba
    jieba.setLogLevel(60)
    tk = jieba.Tokenizer()
    tk.load_userdict(str(SCHEMAS / "finance_terms.txt"))
    return tk


def clause_before(text: str, start: int, floor: int) -> str:
    i = start
    while i > floor and text[i - 1] not in CLAUSE_BREAK:
        i -= 1
    return text[i:start].strip()


def clean_label(clause: str) -> str:
    w = _rules().label
    t = "".join(clause.split())
    t = w["modifier_in_brackets"].sub(r"\1", t)       # 全年（调整）预算数 → 全年调整预算数
    t = w["time_words"].sub("", t)
    t = w["stop_head"].sub("", t)
    for _ in range(2):
        t = w["stop_tail"].sub("", t)
    return _QUOTES.sub("", t)


def label_of(clause: str) -> str:
    """The thing a figure measures, for people: the clause before it without connectives and verbs
    (全年预算数 keeps its 全年); long clauses are cut to their last words with jieba (finance terms
    stay whole).  Field mapping uses the stricter `clean_label`."""
    t = _QUOTES.sub("", "".join(clause.split()))
    t = _rules().label["light_head"].sub("", t)
    for _ in range(2):
        t = _rules().label["stop_tail"].sub("", t)
    if len(t) <= 14:
        return t
    words = _jieba().lcut(t)
    out = ""
    for w in reversed(words):
        if len(out) + len(w) > 14:
            break
        out = w + out
    return out or t[-14:]


def _unit(name: str) -> Unit:
    return unit_table()[name.replace("％", "%")]


class _Finder:
    def __init__(self, doc: Document, sections: list[Section]):
        self.doc, self.sections = doc, SectionIndex(sections)
        self.figures: list[Figure] = []
        self.taken = bytearray(len(doc.text) + 1)   # characters already inside a figure
        self._headers: dict[str, dict] = {}         # table id → the header over each row (tables.headers_of)

    def add(self, start: int, end: int, num_text: str, value: Decimal, unit: Unit, unit_text: str,
            op: Optional[str], approx: bool, label: str, table: Optional[str], clause: str) -> Figure:
        doc = self.doc
        sec = self.sections.at(start)
        fig = Figure(id=f"f{len(self.figures) + 1}", start=start, end=end, text=doc.text[start:end], value=value,
                     unit=unit_text, kind=unit.kind, base_value=to_base(value, unit), base_unit=unit.base,
                     page=doc.page_of(start), section=sec.id if sec else None, label=label,
                     bbox=doc.bbox_of(start, end), approx=approx, table=table, op=op,
                     confidence=doc.confidence_of(start, start + len(num_text)))   # the digits: what a misread changes
        c = "".join(clause.split())
        w = _rules()
        if w.change["prior_year"].search(c):
            fig.qualifier = "上年"
        if w.change["up"].search(c):
            fig.direction = "增长"
        elif w.change["down"].search(c):
            fig.direction = "下降"
        if unit.kind in ("percent", "change"):
            m = w.share["base"].search(c)
            if m:
                fig.base_label = w.share["base_prefix"].sub("", m.group("base")).strip("“”\"")
        self.figures.append(fig)
        self.taken[start:end] = b"\x01" * (end - start)
        return fig

    def overlaps(self, s: int, e: int) -> bool:
        return any(self.taken[s:e])

    def headers(self, t: Table) -> dict[int, Optional[Header]]:
        if t.id not in self._headers:
            self._headers[t.id] = headers_of(t)
        return self._headers[t.id]


def find_figures(doc: Document, sections: list[Section]) -> list[Figure]:
    f = _Finder(doc, sections)
    for t in doc.tables:
        _table_figures(f, t)
    nb = not_before()
    for para in doc.paragraphs:
        if para.kind == "toc":
            continue
        text = doc.text
        floor = para.start
        in_table = para.kind == "table"
        for m in _figure_regex().finditer(text, para.start, para.end):
            s, e = m.start("num"), m.end("unit")
            if f.overlaps(s, e):
                continue
            unit_text = m.group("unit")
            unit = _unit(unit_text)
            base_name = unit_text.lstrip("万亿千") if unit.kind in ("count", "measure") else unit_text
            nxt = text[e:e + 1]
            if nxt and nxt in nb.get(base_name, nb.get(unit_text, "")):
                continue
            if text[max(para.start, s - 1):s] == "第":
                continue
            value = parse_decimal(m.group("num"))
            if value is None:
                continue
            start_at = floor            # the clause starts after the figure before it in the paragraph
            if not in_table and f.figures and floor <= f.figures[-1].end <= s:
                start_at = f.figures[-1].end     # 862.34万元（其中人员经费738.52万元: not 万元（其中人员经费
            clause = clause_before(text, s, start_at if not in_table else _cell_floor(text, s, floor))
            label = _table_label(f, doc, s) if in_table else label_of(clause)
            if unit.kind == "count" and not in_table:
                label = _listed_noun(text, e, para.end, text[floor:s]) or label
                if not label:       # `19个按期完工`: nothing before, the words after name it
                    m2 = _rules().label["after_noun"].match(text, e, min(para.end, e + 12))
                    label = m2.group(0) if m2 else ""
            if not label and f.figures and not in_table:
                prev = f.figures[-1]
                if prev.end >= floor and prev.kind != "percent":
                    label = prev.label
            if clause.startswith("占") and f.figures:
                # the share of what the sentence is about: the amount before it, or the sentence's subject
                # when the amount is in an earlier sentence (人员经费主要用于…，占基本支出的比重为…)
                sentence = max(text.rfind(c, 0, s) for c in "。；;\n") + 1
                subject = _sentence_subject().match(text, sentence)
                label = subject.group(0) if subject and f.figures[-1].start < sentence else f.figures[-1].label
            fig = f.add(s, e, m.group("num"), value, unit, unit_text, m.group("op"), bool(m.group("approx")),
                        label, para.table if in_table else None, clause)
            if unit.kind == "percent" and fig.base_label is None and _rules().share["bare"].fullmatch("".join(clause.split())):
                # 人员经费…，占基本支出的89.06%；公用经费…，占10.94%: the base named by the share before
                prev = next((g for g in reversed(f.figures[:-1]) if g.kind == "percent" and g.base_label
                             and g.start >= para.start), None)
                if prev is not None:
                    fig.base_label = prev.base_label
            after = text[e:e + 8]
            bound = _rules().bound
            if fig.op is None and (bound["before_ge"].search(clause) or bound["after_ge"].match(after)):
                fig.op = "≥"
            elif fig.op is None and (bound["before_le"].search(clause) or bound["after_le"].match(after)):
                fig.op = "≤"
        if not in_table:
            # the low end of a range (3至5个): a figure with the unit printed after the high end
            for m in _range_regex().finditer(text, para.start, para.end):
                s, e = m.span("num")
                value = parse_decimal(m.group("num"))
                if f.overlaps(s, e) or value is None:
                    continue
                clause = clause_before(text, s, floor)
                f.add(s, e, m.group("num"), value, _unit(m.group("unit")), m.group("unit"), None, False,
                      label_of(clause), None, clause)
            for m in _rules().number["chinese_count"].finditer(text, para.start, para.end):
                s, e = m.start(), m.end()
                if f.overlaps(s, e) or text[e:e + 1] in "月年":
                    continue
                value = parse_chinese(m.group("num"))
                if value is None or value <= 1:
                    continue
                unit = _unit(m.group("unit"))
                f.add(s, e, m.group("num"), value, unit, m.group("unit"), None, False,
                      label_of(clause_before(text, s, floor)), None, clause_before(text, s, floor))
    f.figures.sort(key=lambda x: x.start)
    for i, fig in enumerate(f.figures, start=1):
        fig.id = f"f{i}"
    _distribute_shares(doc.text, f.figures)
    return f.figures


@functools.lru_cache(maxsize=1)
def _sentence_subject() -> regex.Pattern:
    """A sentence that opens with a budget term (schemas/fields.toml `subjects`) is about it."""
    return regex.compile(r"\s*(?:" + load("fields")["subjects"].rstrip("$") + ")")


def _distribute_shares(text: str, figures: list[Figure]) -> None:
    """`人员经费A万元、公用经费B万元，分别占基本支出的X%和Y%`: X belongs to 人员经费, Y to 公用经费."""
    rx = _rules().share
    for i, fig in enumerate(figures):
        if fig.kind != "percent" or fig.table:
            continue
        start = max(text.rfind(c, 0, fig.start) for c in "，,；;。\n") + 1
        if not rx["respectively"].search(text[start:fig.start]):
            continue
        group = [fig]
        for nxt in figures[i + 1:]:
            if nxt.kind != "percent" or not rx["joiner"].fullmatch(text[group[-1].end:nxt.start]):
                break
            group.append(nxt)
        sentence = max(text.rfind(c, 0, fig.start) for c in "。；;\n") + 1
        subjects = [f.label for f in figures[:i] if f.start >= sentence and f.kind != "percent" and not f.table]
        if len(subjects) < len(group):
            # `人员经费和公用经费占基本支出的比例依次为X%、Y%`: the nouns joined before 占 are the subjects
            m = rx["joined_subjects"].search(text[max(start, sentence):fig.start])
            subjects = rx["subject_separator"].split(m.group(1)) if m else []
            if len(subjects) != len(group):
                continue
        for share, subject in zip(group, subjects[-len(group):]):
            share.label = subject
            share.base_label = fig.base_label


def _listed_noun(text: str, end: int, limit: int, before: str) -> Optional[str]:
    """`内设办公室、人事科…4个科室`: when a count closes a list, the noun after it (科室) names it."""
    if "、" not in before[-60:]:
        return None
    m = _rules().label["after_noun"].match(text, end, min(limit, end + 12))
    return m.group(0) if m else None


def _cell_floor(text: str, pos: int, floor: int) -> int:
    i = text.rfind("|", floor, pos)
    return i + 1 if i >= 0 else floor


def _table_label(f: "_Finder", doc: Document, pos: int) -> str:
    for t in doc.tables:
        if t.start <= pos < t.end:
            for row in t.rows:
                for c in row:
                    if c.start <= pos <= c.end:
                        head = f.headers(t).get(c.row)
                        return cell_label(row, c, head.columns.get(c.col) if head else None)
    return ""


# ---- tables: what their headers say (extract/tables/headers.py) ---------------------------------

def _table_figures(f: _Finder, t: Table) -> None:
    """Bare numbers in money columns get the unit of their column header or of the table."""
    heads = f.headers(t)
    for r, row in enumerate(t.rows):
        head = heads[r]
        if head is None or row is head.cells:
            continue
        for c in row:
            col = head.columns.get(c.col)
            if col is None or c is row[0] or not is_number(c.text):
                continue
            unit_name = head.unit_of(col, row)
            value = parse_decimal(c.text) if unit_name else None
            if value is None:
                continue
            fig = f.add(c.start, c.end, c.text, value, _unit(unit_name), unit_name, None, False,
                        cell_label(row, c, col), t.id, "")
            if head.prior(col):
                fig.qualifier = "上年"
            if col.change:       # 增减额 -12.5: a change, not an amount spent
                fig.direction = "下降" if value < 0 else "增长"
