"""Rule definitions as data: `schemas/checks.toml` (ids, categories, severities, message templates, bands).

Code holds the logic of each check; what a rule is called, how severe it is, how its message reads and
the thresholds it uses live in the TOML so they can be reviewed and changed without touching the logic.
"""
from __future__ import annotations

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).resolve().parents[2] / "schemas" / "checks.toml"
CATEGORIES = {"sum_mismatch", "ratio_mismatch", "score_mismatch", "value_conflict", "section_content_mismatch",
              "empty_section", "missing_section", "year_mismatch", "out_of_range", "missing_reason",
              "count_mismatch"}
SEVERITIES = {"error", "warning", "info"}


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "?"


@dataclass
class RuleDef:
    id: str
    category: str
    severity: str
    title: str
    checks: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self, **values: Any) -> str:
        return self.message.format_map(_Blank({k: v for k, v in values.items() if v is not None}))


@dataclass
class RuleSet:
    rules: dict[str, RuleDef]
    params: dict[str, Any]

    def __getitem__(self, rule_id: str) -> RuleDef:
        return self.rules[rule_id]

    def __iter__(self):
        return iter(self.rules.values())

    @property
    def field_parts(self) -> dict[str, list[str]]:
        return self.params.get("field_parts", {})

    def dec(self, name: str) -> Decimal:
        return Decimal(str(self.params[name]))

    def grade_for(self, score: Decimal) -> str | None:
        """The grade band (优/良/中/差) a score falls in; bands are `[grade, min_inclusive]`, best first."""
        for grade, lo in self.params["grade_bands"]:
            if score >= Decimal(str(lo)):
                return grade
        return None


@lru_cache(maxsize=4)
def load_rules(path: str | None = None) -> RuleSet:
    """Read and validate the rule file (every rule has a known category and severity)."""
    from ..rulespec import validate
    data = validate("checks", tomllib.loads(Path(path or SCHEMA).read_text(encoding="utf-8")))
    rules: dict[str, RuleDef] = {}
    for r in data.get("rule", []):
        rd = RuleDef(id=r["id"], category=r["category"], severity=r["severity"], title=r["title"],
                     checks=r.get("checks", ""), message=r["message"], params=r.get("params", {}))
        if rd.category not in CATEGORIES:
            raise ValueError(f"rule {rd.id}: unknown category {rd.category}")
        if rd.severity not in SEVERITIES:
            raise ValueError(f"rule {rd.id}: unknown severity {rd.severity}")
        if rd.id in rules:
            raise ValueError(f"rule {rd.id} defined twice")
        rules[rd.id] = rd
    return RuleSet(rules=rules, params=data.get("params", {}))
