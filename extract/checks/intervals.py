"""Interval arithmetic on printed numbers (the XBRL Calculations 1.1 tolerance rule).

A printed `90.11` only says the true value lies in [90.105, 90.115]; a relation between printed numbers
is inconsistent only when *no* choice of true values inside their intervals satisfies it.  So each check
computes the interval of one side from the others and asks whether it meets the interval of the printed
value.  Everything is `decimal.Decimal`: binary floats would make 0.005 boundaries flaky.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Context, Decimal

# Every operation names its context: a thread's default context (28 digits) must not decide a result.
CTX = Context(prec=40)
ZERO = Decimal(0)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Interval:
    """A closed interval [lo, hi] of Decimals."""
    lo: Decimal
    hi: Decimal

    @staticmethod
    def exact(v: Decimal | int | str) -> "Interval":
        d = Decimal(v)
        return Interval(d, d)

    @staticmethod
    def printed(v: Decimal | int | str, scale: Decimal | int = 1) -> "Interval":
        """The interval a printed number stands for: ± half a unit of its last printed digit, then scaled.

        `Decimal("90.11")` → [90.105, 90.115]; `Decimal("25")` → [24.5, 25.5]; with `scale=10000`
        (万元 → 元) `218.47` → [2184650, 2184750].  The exponent of the Decimal is the printed precision,
        so callers must pass the value as printed, not a normalised base value.
        """
        d = Decimal(v) if not isinstance(v, Decimal) else v
        exp = d.as_tuple().exponent
        half = Decimal(5).scaleb(int(exp) - 1) if isinstance(exp, int) else ZERO
        s = Decimal(scale)
        return Interval(CTX.multiply(CTX.subtract(d, half), s), CTX.multiply(CTX.add(d, half), s))

    @staticmethod
    def graded(v: Decimal | int | str) -> "Interval":
        """A printed 分值 / 得分 cell: a `10` is an exact grade, a decimal score (`8.58`, from 85.85% × 10)
        was rounded to its printed digits."""
        d = Decimal(v) if not isinstance(v, Decimal) else v
        exp = d.as_tuple().exponent
        return Interval.exact(d) if isinstance(exp, int) and exp >= 0 else Interval.printed(d)

    @property
    def mid(self) -> Decimal:
        return CTX.divide(CTX.add(self.lo, self.hi), 2)

    @property
    def radius(self) -> Decimal:
        return CTX.divide(CTX.subtract(self.hi, self.lo), 2)

    def __add__(self, o: "Interval") -> "Interval":
        return Interval(CTX.add(self.lo, o.lo), CTX.add(self.hi, o.hi))

    def __sub__(self, o: "Interval") -> "Interval":
        return Interval(CTX.subtract(self.lo, o.hi), CTX.subtract(self.hi, o.lo))

    def __mul__(self, o: "Interval") -> "Interval":
        m = CTX.multiply
        ps = [m(self.lo, o.lo), m(self.lo, o.hi), m(self.hi, o.lo), m(self.hi, o.hi)]
        return Interval(min(ps), max(ps))

    def __truediv__(self, o: "Interval") -> "Interval":
        """Division by an interval that does not contain 0 (callers check `o.contains_zero()` first)."""
        if o.contains_zero():
            raise ZeroDivisionError("interval divisor contains 0")
        d = CTX.divide
        qs = [d(self.lo, o.lo), d(self.lo, o.hi), d(self.hi, o.lo), d(self.hi, o.hi)]
        return Interval(min(qs), max(qs))

    def scale(self, k: Decimal | int) -> "Interval":
        k = Decimal(k)
        a, b = CTX.multiply(self.lo, k), CTX.multiply(self.hi, k)
        return Interval(min(a, b), max(a, b))

    def contains_zero(self) -> bool:
        return self.lo <= 0 <= self.hi

    def meets(self, o: "Interval") -> bool:
        """True when the two intervals share at least one point (the relation can hold)."""
        return self.lo <= o.hi and o.lo <= self.hi

    def gap(self, o: "Interval") -> Decimal:
        """Distance between the intervals (0 when they meet): how far the relation is from holding."""
        if self.meets(o):
            return ZERO
        return CTX.subtract(o.lo, self.hi) if self.hi < o.lo else CTX.subtract(self.lo, o.hi)

    def __str__(self) -> str:
        return f"[{fmt(self.lo)}, {fmt(self.hi)}]"


def total(parts: list[Interval]) -> Interval:
    """Σ of intervals (the exact 0 interval for no parts)."""
    out = Interval.exact(0)
    for p in parts:
        out = out + p
    return out


def sum_holds(parts: list[Interval], whole: Interval) -> bool:
    """Can Σ parts equal whole for some values inside the printed intervals?"""
    return total(parts).meets(whole)


def ratio_holds(part: Interval, base: Interval, percent: Interval) -> bool | None:
    """Can part / base × 100 equal the printed percent?  None when base may be 0 (undecidable)."""
    if base.contains_zero():
        return None
    return (part / base).scale(HUNDRED).meets(percent)


def fmt(d: Decimal, places: int | None = None) -> str:
    """A Decimal for a message: fixed-point, no exponent, trailing zeros trimmed (or `places` decimals)."""
    if places is not None:
        d = d.quantize(Decimal(1).scaleb(-places))
        return format(d, "f")
    s = format(d.normalize(), "f") if d == d.to_integral_value() else format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s or "0"
