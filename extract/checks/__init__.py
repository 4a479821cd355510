"""Consistency checks over one extracted `Report` (rules: schemas/checks.toml, catalogue: docs/rules.md).

`run_checks(report)` is what `process()` calls after extraction; it never raises for a bad rule.
"""
from __future__ import annotations

from ..model import Finding, Report


def run_checks(report: Report) -> list[Finding]:
    """Every finding of every rule for `report` (duplicates of one inconsistency merged)."""
    from .engine import run_all
    return run_all(report)
