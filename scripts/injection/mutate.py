"""One-number mutations that make exactly one relation of a document fail.

For a relation and one of its printed operands (`model.MUTABLE` says which roles a kind may change),
candidate numbers are drawn with a seeded generator: a plausible change of ±3–15 % at the printed
precision, a digit slip (one digit ±1, two neighbours swapped), ±1/±2 for counts and scores, the year
before for a year.  A candidate is kept when

1. the target relation fails with it (no values inside the printed intervals satisfy it),
2. every other relation that may rest on that printed number still holds with it (for a relation whose
   operands could not be pinned, every candidate position counts), and
3. the number is not printed again elsewhere as the same amount, unless that other printing is an operand
   of the target relation itself (so the change cannot contradict a second, unrecorded statement).
   Table cells of 分 (`8 8` = 分值, 得分) and years are exempt: their anchors fix the printing.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .arith import explain, holds
from .model import MUTABLE, Relation
from .textnum import SCALE, Token, compatible, same_number, unit_class

PERCENT_TYPES = {"share", "rate", "change_pct"}


@dataclass
class Mutation:
    rel: Relation
    index: int               # operand index in rel.ops
    old: str
    new: str
    span: tuple[int, int]
    how: str

    @property
    def operand(self):
        return self.rel.ops[self.index]


def _fmt(d: Decimal, like: str) -> str:
    """`d` printed like `like`: same number of decimals, thousands commas when `like` had them."""
    exp = Decimal(like.replace(",", "")).as_tuple().exponent
    q = d.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP)
    s = format(q, "f")
    if "," in like:
        whole, _, frac = s.partition(".")
        s = f"{int(whole):,}" + (f".{frac}" if frac else "")
    return s


def _slips(old: str, rng: random.Random) -> list[tuple[str, str]]:
    """Digit slips: one digit off by one, or two neighbouring digits swapped (never a new leading zero)."""
    digits = [i for i, c in enumerate(old) if c.isdigit()]
    out = []
    for i in digits:
        for step in (1, -1):
            d = int(old[i]) + step
            if 0 <= d <= 9 and not (i == digits[0] and d == 0 and len(digits) > 1 and old[i + 1:i + 2] != "."):
                out.append((old[:i] + str(d) + old[i + 1:], f"digit slip: {old[i]}→{d}"))
    for a, b in zip(digits, digits[1:]):
        if b == a + 1 and old[a] != old[b] and not (a == digits[0] and old[b] == "0"):
            out.append((old[:a] + old[b] + old[a] + old[b + 1:], f"digits swapped: {old[a]}{old[b]}→{old[b]}{old[a]}"))
    rng.shuffle(out)
    return out


def new_values(rel: Relation, index: int, rng: random.Random) -> list[tuple[str, str]]:
    """Candidate replacements for one operand, most plausible first (seeded, so reproducible)."""
    o = rel.ops[index]
    old = o.value
    v = Decimal(old)
    if rel.type == "year":
        return [(str(int(v) - 1), "the year before (last year's wording left in)")]
    integral = v.as_tuple().exponent >= 0
    if integral and (rel.kind in ("count", "score") or unit_class(o.unit) == "count") and v < 100:
        steps = [1, -1, 2, -2] if rel.kind != "score" or o.role != "score" else [1, 2]
        rng.shuffle(steps)
        return [(str(v + s), f"{'+' if s > 0 else ''}{s}") for s in steps if v + s >= 0]
    scaled = []
    for _ in range(6):
        r = Decimal(rng.randint(300, 1500)) / 10000 * rng.choice((1, -1))
        s = _fmt(v * (1 + r), old)
        actual = (Decimal(s.replace(",", "")) - v) / v           # after rounding to the printed precision
        if Decimal("0.03") <= abs(actual) <= Decimal("0.15"):
            scaled.append((s, f"scaled {actual * 100:+.2f}%"))
    slips = _slips(old, rng)
    out, seen = [], {old}
    for pair in (p for pr in zip(scaled, slips) for p in pr):       # alternate: a scaling, a slip, …
        out.append(pair)
    out += scaled[len(slips):] + slips[len(scaled):]
    res = []
    for s, how in out:
        d = Decimal(s.replace(",", ""))
        if s in seen or d <= 0 or (rel.type in PERCENT_TYPES and o.role == "value" and v <= 100 < d):
            continue
        if abs(d - v) / v > Decimal("0.5"):
            continue
        seen.add(s)
        res.append((s, how))
    return res


def duplicates(toks: list[Token], rel: Relation, index: int) -> list[Token]:
    """Other printings of the same amount that are not operands of `rel` (a change would contradict them)."""
    o = rel.ops[index]
    own = {op.pos for op in rel.ops if op.pos}
    here = next((t.cls for t in toks if (t.start, t.end) == o.pos), "")
    return [t for t in toks if t.amount and (t.start, t.end) not in own and same_number(t.value, o.value)
            and compatible(t.cls, here or unit_class(o.unit))]


def verify(rels: list[Relation], target: Relation, index: int, new: str) -> str | None:
    """None when exactly `target` fails with `new` at its operand's position; else why not."""
    span = target.ops[index].pos
    if holds(target, {index: new}):
        return "the target relation still holds within printed precision"
    for r in rels:
        if r is target:
            continue
        for i, o in enumerate(r.ops):
            if not (o.printed and o.touches(span)):
                continue
            if r.fails and holds(r, {i: new}):
                return f"{r.rid} ({r.type}), an existing inconsistency, would hold"
            if not r.fails and not holds(r, {i: new}):
                return f"{r.rid} ({r.type}) would fail too"
    return None


def mutations(rels: list[Relation], toks: list[Token], seed: str) -> tuple[list[Mutation], list[str]]:
    """Every relation × mutable operand that yields a valid mutation (one per operand), and why others don't."""
    found, why = [], []
    for rel in rels:
        if rel.fails:
            continue
        for i, o in enumerate(rel.ops):
            if o.role not in MUTABLE[rel.type] or not o.printed:
                continue
            tag = f"{rel.rid} {rel.type} {o.role} {o.value}"
            if not o.pos:
                why.append(f"{tag}: printed at more than one candidate position")
                continue
            if any(not p.printed for p in rel.ops):
                why.append(f"{tag}: the relation rests on a number the text does not print")
                continue
            if Decimal(o.value) == 0:
                why.append(f"{tag}: zero")
                continue
            if rel.kind not in ("score", "year") and not rel.others_differ:
                dup = duplicates(toks, rel, i)
                if dup:
                    why.append(f"{tag}: the same amount is printed again at {dup[0].start}")
                    continue
            rng = random.Random(f"{seed}|{rel.rid}|{i}")
            reasons = []
            for new, how in new_values(rel, i, rng):
                bad = verify(rels, rel, i, new)
                if bad is None:
                    found.append(Mutation(rel, i, o.value, new, o.pos, how))
                    break
                reasons.append(bad)
            else:
                why.append(f"{tag}: no candidate kept ({'; '.join(sorted(set(reasons))) or 'none'})")
    return found, why


def apply(text: str, m: Mutation, toks: list[Token]) -> tuple[str, str]:
    """The mutant text and the new number as printed there (thousands commas kept)."""
    tok = next(t for t in toks if (t.start, t.end) == m.span)
    new = _fmt(Decimal(m.new), tok.printed) if m.rel.type != "year" else m.new
    return text[:m.span[0]] + new + text[m.span[1]:], new


def record(m: Mutation, text: str, new_text: str, printed: str) -> dict:
    """The `injected` record of a mutant's key: what changed, where, which relation fails, the arithmetic."""
    s, e = m.span
    vals = {m.index: m.new}
    return {
        "kind": m.rel.kind, "category": m.rel.category, "accept": m.rel.accept,
        "old": text[s:e], "new": printed, "unit": m.operand.unit, "role": m.operand.role,
        "start": s, "end": s + len(printed), "how": m.how,
        "before": text[max(0, s - 30):e + 20], "after": new_text[max(0, s - 30):s + len(printed) + 20],
        "relation": m.rel.as_json(),
        "arithmetic_before": explain(m.rel), "arithmetic_after": explain(m.rel, vals),
    }


def base_value(value: str, unit: str) -> Decimal:
    return Decimal(value) * SCALE.get(unit, Decimal(1))
