"""Runs every rule module over one report and tidies the findings (one finding per inconsistency)."""
from __future__ import annotations

import logging

from ..model import Finding, Report
from . import carryover, crosscheck, ratios, scores, structure, sums, units, values, years
from .context import Context
from .rules import RuleSet, load_rules

log = logging.getLogger(__name__)
MODULES = (sums, carryover, ratios, scores, values, crosscheck, units, structure, years)
SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


class ChecksFailed(Exception):
    """Some rule modules raised: the findings of the others are kept, and the document says which failed."""

    def __init__(self, findings: list[Finding], failures: list[str]):
        super().__init__("; ".join(failures))
        self.findings, self.failures = findings, failures


def run_all(report: Report, rules: RuleSet | None = None) -> list[Finding]:
    """All findings of `report`.  A rule module that raises does not lose the others' findings, and is not
    hidden either: `ChecksFailed` carries the findings and names the failing modules (process() marks the
    document partial with them)."""
    ctx = Context(report, rules or load_rules())
    failures: list[str] = []
    for mod in MODULES:
        try:
            mod.run(ctx)
        except Exception as e:  # noqa: BLE001 — reported below, with the module named
            log.exception("check module %s failed on %s", mod.__name__, report.document.source)
            failures.append(f"checks {mod.__name__.rsplit('.', 1)[-1]}: {type(e).__name__}: {e}")
    findings = dedupe(ctx.findings)
    if failures:
        raise ChecksFailed(findings, failures)
    return findings


def dedupe(findings: list[Finding]) -> list[Finding]:
    """Drop a finding that restates another of its category on the same figures or spot.

    Two rules can see one inconsistency (the 其中 list and the 编制 identity; the field rate and the
    sentence rate): they share figures and compare the same stated or computed value.  The analyst
    wants it once, and the most severe, first-found version is kept.
    """
    kept: list[Finding] = []
    order = sorted(range(len(findings)), key=lambda i: (SEVERITY_RANK.get(findings[i].severity, 3), i))
    for i in order:
        f = findings[i]
        figs = set(f.figures)
        dup = False
        for k in kept:
            if k.category != f.category:
                continue
            if k.fingerprint == f.fingerprint:
                dup = True
            elif figs and set(k.figures) and (figs & set(k.figures)) and k.section == f.section \
                    and (k.expected == f.expected or k.actual == f.actual):
                dup = True      # the same numbers found wrong; Σ scores ≠ total and grade ≠ band are two
            if dup:
                break
        if not dup:
            kept.append(f)
    kept.sort(key=lambda f: findings.index(f))
    return kept
