"""Certainty before severity: how surely each number of a finding is tied to its role.

A finding is an accusation, so it is raised as an error or warning only when every operand is tied to its
role by a stated basis: a table cell (row × column header), an explicit 其中/包括 list right after its
total, `占X的Y%` with X named, the same clause, a field the report states once.  A subject carried over
from an earlier clause is likely, not certain (the finding is at most a warning).  Anything inferred —
the nearest amount with a similar label, a field the report states with different values, a number read
by OCR with low confidence — makes the finding undecided: it is recorded as `info` (待核实) with the
competing readings, for an analyst to judge.  The vocabulary lives in schemas/checks.toml ([bases]).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .rules import load_rules

CERTAIN, LIKELY, UNDECIDED = "certain", "likely", "undecided"
LEVELS = (CERTAIN, LIKELY, UNDECIDED)


@dataclass(frozen=True)
class Tie:
    """How one operand of a finding is tied to its role (总数, 分项, 基数 …)."""
    role: str
    basis: str          # a key of [bases] in schemas/checks.toml

    @property
    def level(self) -> str:
        return bases()[self.basis][1]

    def describe(self) -> str:
        return f"{self.role}：{bases()[self.basis][0]}"


@lru_cache(maxsize=1)
def bases() -> dict[str, tuple[str, str]]:
    """basis id → (Chinese description, level)."""
    out = {}
    for key, spec in load_rules().params["bases"].items():
        if spec["level"] not in LEVELS:
            raise ValueError(f"basis {key}: unknown level {spec['level']}")
        out[key] = (spec["name"], spec["level"])
    return out


def certainty(ties: list[Tie]) -> str:
    """The weakest tie decides."""
    return max((t.level for t in ties), key=LEVELS.index, default=CERTAIN)


def severity_for(rule_severity: str, level: str) -> str:
    """Certain keeps the rule's severity; likely is at most a warning; undecided is info."""
    if level == UNDECIDED or rule_severity == "info":
        return "info"
    if level == LIKELY:
        return "warning"
    return rule_severity
