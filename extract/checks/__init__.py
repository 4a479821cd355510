"""Consistency checks over one extracted `Report` (rules: schemas/checks.toml, catalogue: docs/rules.md).

`run_checks(report)` is what `process()` calls after extraction.
"""
from __future__ import annotations

from ..model import Finding, Report
from .engine import ChecksFailed, run_all


def run_checks(report: Report) -> list[Finding]:
    """Every finding of every rule for `report` (duplicates of one inconsistency merged).  Raises
    `ChecksFailed` (with the other modules' findings) when a rule module raised."""
    return run_all(report)


__all__ = ["ChecksFailed", "run_checks"]
