"""The keys' relations in one form, tied to the printed numbers they rest on, evaluated at printed precision.

Key writers wrote relations in slightly different shapes (`share` with `base` or `base_implied`,
`change_pct` with `current` or `previous`, a signed `sum` explained in a `note` …).  `load()` turns each
into a `Relation` of operands; every operand is tied to the position of its printed number:

- an operand of a hand-written extra relation (`samples/injected/extra_relations.json`) by its anchor, a
  snippet that occurs exactly once in the text;
- a key operand by its candidates (the number printed with a compatible unit), narrowed to the literal
  fragments of the key's quote, and pinned when exactly one assignment of distinct positions remains.

An operand the text does not print (a base the writer computed) is a constant: it is never changed and
keeps its relation from being a target.  A relation fails only when no choice of values inside the
printed intervals satisfies it (`Interval`, the same arithmetic the checks use).
"""
from __future__ import annotations

import re

from .arith import explain, holds
from .model import Operand, Relation
from .textnum import Token, compatible, find_once, quote_spans, tokens, unit_class

__all__ = ["Operand", "Relation", "explain", "holds", "load", "normalise"]


# -- normalising a key ----------------------------------------------------------------------------------

def _op(role: str, spec, sign: int = 1) -> Operand:
    value, unit = str(spec[0]).replace(",", ""), spec[1] if len(spec) > 1 else ""
    return Operand(role, value, unit, sign)


def _net_signs(note: str, parts: list[Operand], whole: Operand) -> None:
    """`net: -54357.12+16803.36-6014.46+62.16 = -43506.06` gives each part (and the total) its sign."""
    lhs, _, rhs = note.partition(":")[2].partition("=")
    terms = re.findall(r"([+-]?)\s*(\d[\d,]*(?:\.\d+)?)", lhs)
    left = list(parts)
    for sgn, num in terms:
        o = next((p for p in left if p.value == num.replace(",", "")), None)
        if o:
            o.sign = -1 if sgn == "-" else 1
            left.remove(o)
    whole.sign = -1 if rhs.strip().startswith("-") else 1


def normalise(r: dict) -> tuple[str, list[Operand]]:
    """One key relation (any writer's shape) → (type, operands)."""
    t = r["type"]
    if t in ("sum", "count", "score_sum"):
        whole, parts = _op("total", r["total"]), [_op("part", p) for p in r["parts"]]
        if str(r.get("note", "")).startswith("net"):
            _net_signs(r["note"], parts, whole)
        return t, [whole] + parts
    if t == "share":
        base = _op("base", r["base"]) if "base" in r else _op("base", r["base_implied"])
        if "base" not in r:
            base.printed = False
        return t, [_op("value", r["value"]), _op("part", r["part"]), base]
    if t == "equal":
        return t, [_op("a", r["a"]), _op("b", r["b"])]
    if t == "change":
        return t, [_op("value", r["value"]), _op("current", r["current"]), _op("previous", r["previous"])]
    if t == "change_pct":
        ref = "current" if "current" in r else "previous"
        return t, [_op("value", r["value"]), _op("change", r["change"]), _op(ref, r[ref])]
    if t == "rate":
        return t, [_op("value", r["value"]), _op("spent", r["spent"]), _op("budget", r["budget"])]
    if t == "year":
        return t, [_op("year", [r["year"], "年"])]
    if t == "count_list":
        return t, [_op("count", c) for c in r["counts"]]
    if t == "score_le":
        return t, [_op("score", r["score"]), _op("weight", r["weight"])]
    raise ValueError(f"unknown relation type {t}")


def _direction(rel: Relation) -> None:
    """Which way a change goes (减少: previous = current + change), from the printed numbers themselves."""
    if rel.type == "change_pct" and rel.role("previous"):
        return                          # the base of the percentage is printed itself
    if rel.type not in ("change", "change_pct"):
        return
    words = rel.quote
    order = (1, -1) if re.search("减少|下降|降低", words) else (-1, 1)
    for d in order:
        rel.direction = d
        if holds(rel):
            return
    rel.direction = order[0]


# -- tying operands to printed numbers -----------------------------------------------------------------

def _candidates(toks: list[Token], o: Operand) -> list[tuple[int, int]]:
    same = [t for t in toks if t.value == o.value and not t.numbering]
    cls = unit_class(o.unit)
    with_unit = [t for t in same if cls and t.cls == cls]
    pool = with_unit or [t for t in same if compatible(t.cls, cls) and t.cls not in ("date", "docno")]
    return [(t.start, t.end) for t in pool]


def _assignments(ops: list[Operand], limit: int = 200) -> list[dict[int, tuple[int, int]]]:
    """Assignments of distinct positions to the operands (equal numbers in one role are interchangeable)."""
    order = sorted(range(len(ops)), key=lambda i: len(ops[i].cands))
    seen, out = set(), []

    def walk(k: int, used: dict[int, tuple[int, int]]):
        if len(out) > limit:
            return
        if k == len(order):
            key = frozenset((ops[i].role, ops[i].value, p) for i, p in used.items())
            if key not in seen:
                seen.add(key)
                out.append(dict(used))
            return
        i = order[k]
        for p in ops[i].cands:
            if p not in used.values():
                used[i] = p
                walk(k + 1, used)
                del used[i]
    walk(0, {})
    return out


def pin(rel: Relation, text: str, toks: list[Token]) -> None:
    """Tie every printed operand of a key relation to one position when the text and quote allow it."""
    printed = [o for o in rel.ops if o.printed]
    for o in printed:
        o.cands = _candidates(toks, o)
        if not o.cands:
            o.printed = False           # the writer's own figure (an implied base, a row count)
    printed = [o for o in printed if o.printed]
    spans = quote_spans(text, rel.quote)
    how = "unique"
    if spans:
        inside = {id(o): [c for c in o.cands if any(s <= c[0] and c[1] <= e for s, e in spans)] for o in printed}
        if all(inside[id(o)] for o in printed):
            for o in printed:
                if len(inside[id(o)]) < len(o.cands):
                    how = "quote"
                o.cands = inside[id(o)]
    found = _assignments(printed)
    if len(found) == 1 and printed:
        for i, p in found[0].items():
            printed[i].pos = p
        rel.pinned = how
        return
    for o in printed:                   # not pinned as a whole: an operand printed once is still known
        if len(o.cands) == 1:
            o.pos = o.cands[0]


def anchored(text: str, spec: list) -> tuple[str, str, tuple[int, int]]:
    """`[value, unit, anchor, nth]` of an extra relation → (value, unit, position of the number)."""
    value, unit, anchor = str(spec[0]), spec[1], spec[2]
    nth = spec[3] if len(spec) > 3 else 0
    a = find_once(text, anchor)
    hits = [t for t in tokens(anchor) if t.value == value.replace(",", "")]
    if len(hits) <= nth:
        raise ValueError(f"{value} not in anchor {anchor!r}")
    return value.replace(",", ""), unit, (a + hits[nth].start, a + hits[nth].end)


def extra_relation(rid: str, r: dict, text: str, year: int | None) -> Relation:
    """A hand-written relation: the key's shape, every operand `[value, unit, anchor(, nth)]`."""
    t, ops = normalise(r)
    specs = _specs(r)
    for o, spec in zip(ops, specs):
        o.value, o.unit, o.pos = anchored(text, spec)
    rel = Relation(rid, t, ops, r.get("quote", ""), r.get("where", ""), "anchor",
                   items=list(r.get("items", [])), accept=list(r.get("accept", [])), year=year,
                   fails=bool(r.get("fails")), others_differ=r.get("others_differ", ""))
    _direction(rel)
    return rel


def _specs(r: dict) -> list:
    t = r["type"]
    if t in ("sum", "count", "score_sum"):
        return [r["total"]] + list(r["parts"])
    keys = {"share": ("value", "part", "base"), "equal": ("a", "b"), "change": ("value", "current", "previous"),
            "change_pct": ("value", "change", "current" if "current" in r else "previous"),
            "rate": ("value", "spent", "budget"), "score_le": ("score", "weight")}
    if t == "year":
        return [[r["year"], "年", r["anchor"], r.get("nth", 0)]]
    if t == "count_list":
        return list(r["counts"])
    return [r[k] for k in keys[t]]


def load(key: dict, text: str, extra: dict | None = None) -> tuple[list[Relation], list[str]]:
    """All relations of one document (key relations, extras replacing or adding to them) and notes on skips."""
    extra = extra or {}
    year = key.get("meta", {}).get("year")
    toks = tokens(text)
    rels, notes = [], []
    replaced = {r["key"]: i for i, r in enumerate(extra.get("relations", [])) if "key" in r}
    dropped = {d["key"]: d["why"] for d in extra.get("drop", [])}
    for i, r in enumerate(key.get("relations", [])):
        if i in dropped:
            notes.append(f"key#{i} {r['type']} not used: {dropped[i]}")
            continue
        if i in replaced:
            continue
        t, ops = normalise(r)
        rel = Relation(f"key#{i}", t, ops, r.get("quote", ""), r.get("where", ""), year=year)
        pin(rel, text, toks)
        _direction(rel)
        if not holds(rel):
            notes.append(f"key#{i} {t} does not hold at printed precision: not used")
            continue
        if not rel.pinned:
            notes.append(f"key#{i} {t} not pinned to single positions: checked on every candidate, never a target")
        rels.append(rel)
    for j, r in enumerate(extra.get("relations", [])):
        rid = f"key#{r['key']}" if "key" in r else f"extra#{j}"
        rel = extra_relation(rid, r, text, year)
        if holds(rel) == rel.fails:
            state = "holds" if rel.fails else "does not hold"
            raise ValueError(f"{rid} ({r['type']}) {state} in the original: {explain(rel)}")
        rels.append(rel)
    return rels, notes
