"""What every rule needs from a `Report`: intervals of figures and fields, sentences, sections, evidence.

Rules stay small because the lookups live here, computed once per report.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property
from decimal import Decimal, InvalidOperation
from typing import Iterable, Optional

from ..model import Figure, FieldValue, Finding, Report, Section
from ..outline import SectionIndex
from .certainty import UNDECIDED, Tie, certainty, severity_for
from .intervals import Interval, fmt
from .rules import RuleSet

MONEY_SCALE = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(10) ** 8}
SENTENCE_END = "。！？!?\n"
CLAUSE_END = SENTENCE_END + "；;"


def to_dec(v) -> Optional[Decimal]:
    """A table value (decimal string) as Decimal, keeping its printed precision; None when absent."""
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    s = str(v).replace(",", "").replace("，", "").strip().rstrip("%")
    if not s:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


@dataclass
class Evidence:
    """The spans, figures and sections a finding rests on, and how each figure is tied to its role
    (`ties`; when a rule gives none, each figure's tie is read off where it stands: see `Context.ties_of`)."""
    figures: list[Figure] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    section: Optional[str] = None
    pages: list[int] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)
    readings: list[str] = field(default_factory=list)     # the competing readings of an undecided finding


class Context:
    """Per-report lookups shared by the rules."""

    def __init__(self, report: Report, rules: RuleSet):
        self.report = report
        self.rules = rules
        self.text = report.document.text or ""
        self.year = report.meta.year
        self.kind = report.meta.kind or ""
        self.figs = {f.id: f for f in report.figures}
        self.field_of = report.field_of
        self.secs = {s.id: s for s in report.sections}
        self.figures_by_start = sorted(report.figures, key=lambda f: (f.start, f.end))
        self._fig_starts = [f.start for f in self.figures_by_start]
        self.section_index = SectionIndex(report.sections)
        self.findings: list[Finding] = []

    # ---- tables --------------------------------------------------------------------------------------
    @cached_property
    def blocks(self):
        """The blocks of the report's tables (extract.tables), for rules that need a block as a whole: its
        总分 row, its first (total) row, its 合计 row.  Row-by-row rules use report.budget_lines/indicators."""
        from ..tables import document_blocks
        return document_blocks(self.report.document)

    @cached_property
    def forms(self):
        """The 绩效自评表s of the report (extract.evaluations.Form: indicator block, budget totals row, name)."""
        from ..evaluations import forms
        return forms(self.report.document, self.blocks)

    # ---- numbers -------------------------------------------------------------------------------------
    def fig_interval(self, f: Figure) -> Interval:
        """The interval of a figure in its base unit, from its printed precision.

        Counts are exact (people and units are whole); percents, money and measures carry ± half a unit
        of the last printed digit; scores are treated as exact (score sheets add the printed points).
        """
        if f.kind in ("count", "score"):
            return Interval.exact(f.base_value)
        scale = self.scale_of(f)
        return Interval.printed(f.value, scale)

    @staticmethod
    def scale_of(f: Figure) -> Decimal:
        if f.value not in (None, 0) and f.base_value is not None and Decimal(f.value) != 0:
            return Decimal(f.base_value) / Decimal(f.value)
        return MONEY_SCALE.get(f.unit, Decimal(1))

    def field(self, name: str) -> Optional[FieldValue]:
        return self.report.fields.get(name)

    def field_interval(self, name: str) -> Optional[Interval]:
        """Interval of a field: its figure's printed interval, exact 0 for 无…, the sum of parts for sums."""
        fv = self.field(name)
        if fv is None or not isinstance(fv.value, Decimal):
            return None
        if fv.figure and fv.figure in self.figs:
            return self.fig_interval(self.figs[fv.figure])
        if fv.origin == "sum":
            parts = self.rules.field_parts.get(name, [])
            ivs = [self.field_interval(p) for p in parts if self.field(p) is not None]
            ivs = [i for i in ivs if i is not None]
            if ivs:
                out = Interval.exact(0)
                for i in ivs:
                    out = out + i
                if out.meets(Interval.exact(fv.value)):
                    return out
        return Interval.exact(fv.value)

    def field_figure(self, name: str) -> Optional[Figure]:
        fv = self.field(name)
        return self.figs.get(fv.figure) if fv and fv.figure else None

    def field_text(self, name: str) -> str:
        """How a field was printed, for a message (`218.47 万元`, or the words `无…` for a zero)."""
        fv = self.field(name)
        if fv is None:
            return "?"
        f = self.field_figure(name)
        if f is not None:
            return f.text.strip()
        if fv.origin == "words":
            return "0（" + (fv.text or "无") + "）"
        v = fv.value
        if fv.origin == "sum" and isinstance(v, Decimal) and fv.unit == "元" and re.search(r"(?<![万千亿])元", fv.text or ""):
            return f"{v:,.2f} 元"          # a sum of parts printed in 元 is shown in 元 too
        if isinstance(v, Decimal) and fv.unit == "元" and v != 0 and v % 100 == 0:
            return f"{fmt(v / 10000, 2)} 万元"
        return f"{fmt(v) if isinstance(v, Decimal) else v} {fv.unit}".strip()

    def field_evidence(self, names: Iterable[str]) -> Evidence:
        ev = Evidence()
        for n in names:
            fv = self.field(n)
            if fv is None:
                continue
            f = self.field_figure(n)
            if f is not None:
                ev.figures.append(f)
                ev.spans.append((f.start, f.end))
            elif fv.start is not None and fv.end is not None:
                ev.spans.append((fv.start, fv.end))
            if ev.section is None:
                ev.section = (f.section if f is not None else None) or fv.section
        return ev

    # ---- text ----------------------------------------------------------------------------------------
    def sentence_bounds(self, pos: int, ends: str = SENTENCE_END) -> tuple[int, int]:
        """[start, end) of the sentence around `pos` (ends at 。！？ or a line break)."""
        t = self.text
        s = max(t.rfind(c, 0, pos) for c in ends) + 1 if pos > 0 else 0
        e = min((i for c in ends if (i := t.find(c, pos)) != -1), default=len(t))
        return s, e

    def paragraph_bounds(self, pos: int) -> tuple[int, int]:
        return self.sentence_bounds(pos, "\n")

    def in_table(self, pos: int) -> bool:
        """Is `pos` inside a table (a ruled table, or a `| cell |` row of a text file)?"""
        if any(t.start <= pos < t.end for t in self.report.document.tables):
            return True
        s, _ = self.paragraph_bounds(pos)
        return self.text[s:s + 1] == "|"

    def figures_between(self, start: int, end: int) -> list[Figure]:
        """Figures wholly inside [start, end), in text order (bisect: big reports stay fast)."""
        i = bisect_left(self._fig_starts, start)
        j = bisect_left(self._fig_starts, end)
        return [f for f in self.figures_by_start[i:j] if f.end <= end]

    # ---- sections ------------------------------------------------------------------------------------
    def section_at(self, pos: int) -> Optional[Section]:
        """The most specific section whose span holds `pos`."""
        return self.section_index.at(pos)

    def section_id_at(self, pos: int) -> Optional[str]:
        s = self.section_at(pos)
        return s.id if s else None

    def label(self, s: Optional[Section]) -> str:
        return f"“{s.number}{s.title}”" if s else "全文"

    # ---- certainty and evidence ----------------------------------------------------------------------
    def tie_of(self, f: Figure, role: str = "数字") -> Tie:
        """How a figure is tied to its role when the rule says nothing more: a table cell is certain; a
        figure stating a field the report gives with different values is undecided; else its clause."""
        name = self.field_of.get(f.id)
        fv = self.field(name) if name else None
        if fv is not None and fv.alternatives:
            return Tie(role, "field_competing")
        return self.place_tie(f, role)

    @staticmethod
    def place_tie(f: Figure, role: str = "数字") -> Tie:
        """How a figure is tied to what its own label says: a table cell (row × column), or its clause."""
        return Tie(role, "cell" if f.table else "same_clause")

    def field_tie(self, name: str, role: str) -> Tie:
        """How a field's value is tied to the field: certain when the report states one value for it."""
        fv = self.field(name)
        if fv is None:
            return Tie(role, "inferred")
        if fv.alternatives:
            return Tie(role, "field_competing")
        if fv.origin == "words":
            return Tie(role, "words")
        if fv.origin == "table":
            return Tie(role, "cell")
        return Tie(role, "carried" if fv.carried else "field")

    def _ocr_ties(self, figures: list[Figure]) -> list[Tie]:
        low = Decimal(str(self.rules.params.get("ocr_min_confidence", 0.9)))
        return [Tie(f.text.strip(), "low_confidence") for f in figures
                if f.confidence is not None and Decimal(str(f.confidence)) < low]

    def quotes(self, spans: list[tuple[int, int]]) -> list[dict]:
        """The sentences or table rows the spans stand in: what the analyst reads to see the contradiction."""
        doc = self.report.document
        out: list[dict] = []
        seen: set[tuple[int, int]] = set()
        for a, b in spans:
            s, e = self.paragraph_bounds(a) if self.in_table(a) else self.sentence_bounds(a)
            if e - s > 240:                      # a long paragraph: the clause around the number
                s, e = self.sentence_bounds(a, CLAUSE_END + "，,")
                s, e = max(s, a - 80), min(max(e, b), b + 80)
            if (s, e) in seen or e <= s:
                continue
            seen.add((s, e))
            out.append({"text": self.text[s:e].strip(), "start": s, "end": e,
                        "page": doc.page_of(s) if doc.page_starts else None})
        return sorted(out, key=lambda q: q["start"])

    # ---- findings ------------------------------------------------------------------------------------
    def add(self, rule_id: str, ev: Evidence, *, expected=None, actual=None, expression: str = "",
            delta=None, tolerance=None, severity: Optional[str] = None, **msg) -> Finding:
        """Record a finding of rule `rule_id` with a Chinese message from the rule's template, its
        certainty (from the ties of its operands) and the quoted evidence."""
        rule = self.rules[rule_id]
        section = ev.section
        if section is None and ev.figures:
            section = ev.figures[0].section or self.section_id_at(ev.figures[0].start)
        if section is None and ev.spans:
            section = self.section_id_at(ev.spans[0][0])
        pages = sorted({f.page for f in ev.figures if f.page} | set(ev.pages)
                       | {self.report.document.page_of(a) for a, _ in ev.spans if self.report.document.page_starts})
        spans = sorted(set(ev.spans) | {(f.start, f.end) for f in ev.figures})
        # what the finding is about: its spans; a finding with no span (a missing section) by what it expected
        about = [f"{a}:{b}" for a, b in spans] or [str(expected), str(actual)]
        key = "|".join([self.report.document.doc_id or "", rule.id] + about)
        ties = list(ev.ties) or [self.tie_of(f) for f in ev.figures]
        ties += self._ocr_ties(ev.figures)
        level = certainty(ties)
        message = rule.render(**msg)
        if level == UNDECIDED:
            readings = ev.readings or [t.describe() for t in ties if t.level == UNDECIDED]
            message += "（待核实：" + "；".join(readings) + "）"
        finding = Finding(
            rule=rule.id, category=rule.category, severity=severity_for(severity or rule.severity, level),
            message=message, section=section, figures=[f.id for f in ev.figures],
            expected=_s(expected), actual=_s(actual), expression=expression, delta=_s(delta),
            tolerance=_s(tolerance), pages=pages, fingerprint=hashlib.sha256(key.encode()).hexdigest()[:20],
            certainty=level, bases=[t.describe() for t in ties], evidence=self.quotes(spans))
        self.findings.append(finding)
        return finding


def _s(v) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, Decimal):
        return fmt(v)
    if isinstance(v, Interval):
        return str(v)
    return str(v)


_LABEL_NOISE = re.compile(r"[\s“”\"'‘’（）()：:，,]")


def clean_label(s: str) -> str:
    return _LABEL_NOISE.sub("", s or "")
