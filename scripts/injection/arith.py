"""Relations evaluated at printed precision: a relation fails only when no choice of values inside the
printed intervals satisfies it (`Interval`, the arithmetic of extract/checks/intervals.py)."""
from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from extract.checks.intervals import HUNDRED, Interval, fmt, ratio_holds, total  # noqa: E402

from .model import GRADED, Relation  # noqa: E402
from .textnum import SCALE, unit_class  # noqa: E402


def _scale(rel: Relation) -> dict[int, Decimal]:
    """Each operand's factor to a common unit (a bare table cell takes the unit of its relation's amounts)."""
    base = next((SCALE.get(o.unit, Decimal(1)) for o in rel.ops if o.unit and o.unit != "%"), Decimal(1))
    return {i: SCALE.get(o.unit, base if not o.unit else Decimal(1)) for i, o in enumerate(rel.ops)}


def intervals(rel: Relation, vals: dict[int, str] | None = None) -> list[Interval]:
    """The interval each operand's printed number stands for (`vals` overrides numbers by operand index)."""
    vals = vals or {}
    sc = _scale(rel)
    out = []
    for i, o in enumerate(rel.ops):
        v = Decimal(vals.get(i, o.value))
        exact = rel.type in GRADED or unit_class(o.unit) in ("count", "score")
        iv = Interval.graded(v) if exact else Interval.printed(v)
        out.append(iv.scale(sc[i]) if o.unit != "%" else iv)
    return out


def holds(rel: Relation, vals: dict[int, str] | None = None) -> bool:
    """Can the relation hold for some values inside the printed intervals?  (Undecidable counts as holding.)"""
    t = rel.type
    if t == "year":
        return int((vals or {}).get(0, rel.ops[0].value)) == rel.year
    iv = intervals(rel, vals)
    at = {o.role: iv[i] for i, o in enumerate(rel.ops)}
    if t in ("sum", "count", "score_sum"):
        parts = [iv[i].scale(o.sign) for i, o in enumerate(rel.ops) if o.role == "part"]
        whole = next(iv[i].scale(o.sign) for i, o in enumerate(rel.ops) if o.role == "total")
        return total(parts).meets(whole)
    if t == "count_list":
        return total([iv[i] for i, o in enumerate(rel.ops) if o.role == "count"]).meets(Interval.exact(len(rel.items)))
    if t == "score_le":
        return at["score"].lo <= at["weight"].hi
    if t == "equal":
        return at["a"].meets(at["b"])
    if t in ("share", "rate"):
        part, base = (at["part"], at["base"]) if t == "share" else (at["spent"], at["budget"])
        r = ratio_holds(part, base, at["value"])
        return True if r is None else r
    if t == "change_pct":
        prev = at["previous"] if "previous" in at else at["current"] + at["change"].scale(rel.direction)
        r = ratio_holds(at["change"], prev, at["value"])
        return True if r is None else r
    if t == "change":
        return (at["previous"] - at["current"]).scale(rel.direction).meets(at["value"])
    raise ValueError(f"unknown relation type {t}")


def _pct(r: Interval) -> str:
    return f"[{fmt(r.lo * HUNDRED, 4)}, {fmt(r.hi * HUNDRED, 4)}] %"


def explain(rel: Relation, vals: dict[int, str] | None = None) -> str:
    """The arithmetic of a relation with its printed intervals, for the injected record."""
    vals = vals or {}
    if rel.type == "year":
        y = vals.get(0, rel.ops[0].value)
        return f"year: {y}年 in a sentence stating the report year's own amounts; report year {rel.year} → " + (
            "holds" if holds(rel, vals) else f"FAILS ({y} ≠ {rel.year})")
    iv = intervals(rel, vals)
    printed = []
    for i, o in enumerate(rel.ops):        # each number's interval in its own printed unit
        v = Decimal(vals.get(i, o.value))
        exact = rel.type in GRADED or unit_class(o.unit) in ("count", "score")
        printed.append(Interval.graded(v) if exact else Interval.printed(v))
    shown = [f"{o.role} {'-' if o.sign < 0 else ''}{vals.get(i, o.value)}{o.unit} {printed[i]}" for i, o in enumerate(rel.ops)]
    unit = next((o.unit for o in rel.ops if o.unit and o.unit != "%"), "")
    t = rel.type
    if t in ("sum", "count", "score_sum"):
        parts = total([iv[i].scale(o.sign) for i, o in enumerate(rel.ops) if o.role == "part"])
        k = SCALE.get(unit, Decimal(1))
        tail = f"Σ parts = [{fmt(parts.lo / k)}, {fmt(parts.hi / k)}]{unit}"
    elif t in ("share", "rate"):
        a, b = (rel.one("part"), rel.one("base")) if t == "share" else (rel.one("spent"), rel.one("budget"))
        ia, ib = iv[rel.ops.index(a)], iv[rel.ops.index(b)]
        tail = f"ratio = {_pct(ia / ib)}" if not ib.contains_zero() else "base may be 0"
    elif t == "change_pct":
        at = {o.role: iv[i] for i, o in enumerate(rel.ops)}
        prev = at["previous"] if "previous" in at else at["current"] + at["change"].scale(rel.direction)
        k = SCALE.get(unit, Decimal(1))
        tail = f"previous = [{fmt(prev.lo / k)}, {fmt(prev.hi / k)}]{unit}; change / previous = {_pct(at['change'] / prev)}"
    elif t == "count_list":
        tail = f"{len(rel.items)} items listed"
    else:
        tail = ""
    verdict = "holds" if holds(rel, vals) else "FAILS (no values inside the printed intervals satisfy it)"
    return f"{rel.type}: " + "; ".join(shown) + (f"; {tail}" if tail else "") + f" → {verdict}"
