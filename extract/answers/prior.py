"""Prior-year amounts a report states itself: 较上年 2468.73 万元, 与上年决算数14.84万元相比, 较上年减少 1.85 万元.

A money figure whose qualifier is 上年 belongs to the field of the amount it is compared with: the
nearest figure before it in the same sentence that states a field (2024 年“三公”经费支出 12.40 万元，较上年…),
else the field whose name the sentence mentions (与上年决算数14.84 万元相比，“三公”经费增加…).  A figure with
a direction (增加/减少 …) is the change, so the prior amount is this year's amount less the change; one
without is the prior amount itself.  All in 元, Decimal.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Optional

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_QUOTES = re.compile(r"[“”\"'‘’「」\s]")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    a = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0) if start else 0
    m = _SENTENCE_END.search(text, end)
    return a, m.start() if m else len(text)


def _field_named(sentence: str, names: dict[str, str]) -> Optional[str]:
    """The field whose name the sentence mentions (longest name first)."""
    plain = _QUOTES.sub("", sentence)
    for name in sorted(names, key=len, reverse=True):
        if name and name in plain:
            return names[name]
    return None


def prior_amounts(figures: list[dict], text: str, current: dict[str, Decimal], wanted: list[str],
                  names: dict[str, str], not_prior: str) -> dict[str, Decimal]:
    """The prior-year amounts (元) of one document, by field.

    figures: the document's figures (dicts with start, end, kind, qualifier, direction, label, field,
    base_value), in text order; current: this year's field values (元); names: display name → field."""
    out: dict[str, Decimal] = {}
    skip = re.compile(not_prior) if not_prior else None
    wanted_set = set(wanted)
    for k, f in enumerate(figures):
        if f.get("qualifier") != "上年" or f.get("kind") != "money" or f.get("base_value") is None:
            continue
        if skip and skip.search(f.get("label") or ""):
            continue
        s0, s1 = _sentence(text, f["start"], f["end"]) if text else (f["start"], f["end"])
        field, cur = None, None
        for g in reversed(figures[:k]):
            if g["end"] <= s0:
                break
            if g.get("field") in wanted_set and g.get("kind") == "money" and g.get("qualifier") != "上年":
                field, cur = g["field"], g.get("base_value")
                break
        if field is None and text:
            field = _field_named(text[s0:s1], names)
            cur = current.get(field) if field else None
        if field not in wanted_set or field in out:
            continue
        value = Decimal(f["base_value"])
        if f.get("direction"):
            if cur is None:
                continue
            value = Decimal(cur) - value if f["direction"] == "增长" else Decimal(cur) + value
        out[field] = value
    return out
