"""Interval arithmetic from printed precision (XBRL Calculations 1.1 style), all in Decimal."""
from decimal import Decimal as D

import pytest

from extract.checks.intervals import Interval, fmt, ratio_holds, sum_holds, total


def test_printed_interval_is_half_a_unit_of_the_last_digit():
    assert Interval.printed(D("90.11")) == Interval(D("90.105"), D("90.115"))
    assert Interval.printed(D("25")) == Interval(D("24.5"), D("25.5"))
    assert Interval.printed(D("9.9")) == Interval(D("9.85"), D("9.95"))
    assert Interval.printed(D("100.00")) == Interval(D("99.995"), D("100.005"))


def test_printed_interval_scales_to_the_base_unit():
    iv = Interval.printed(D("218.47"), 10000)
    assert iv == Interval(D("2184650.00"), D("2184750.00"))


def test_exact_interval_has_no_width():
    iv = Interval.exact(12)
    assert iv.lo == iv.hi == 12 and iv.radius == 0


def test_share_at_printed_precision_holds():
    # 9.9% for 21.61 / 218.47 = 9.8915% is consistent: the seed report's case
    assert ratio_holds(Interval.printed(D("21.61")), Interval.printed(D("218.47")), Interval.printed(D("9.9")))
    assert ratio_holds(Interval.printed(D("196.86")), Interval.printed(D("218.47")), Interval.printed(D("90.11")))
    assert ratio_holds(Interval.printed(D("685.39")), Interval.printed(D("938.3")), Interval.printed(D("73.05")))


def test_share_beyond_precision_fails():
    assert not ratio_holds(Interval.printed(D("196.86")), Interval.printed(D("218.47")), Interval.printed(D("91.11")))
    assert not ratio_holds(Interval.printed(D("108")), Interval.printed(D("120")), Interval.printed(D("100")))


def test_ratio_with_a_base_that_may_be_zero_is_undecidable():
    assert ratio_holds(Interval.printed(D("1")), Interval.printed(D("0")), Interval.printed(D("5"))) is None


def test_sum_holds_within_rounding_and_fails_beyond():
    parts = [Interval.printed(D("196.86")), Interval.printed(D("21.61"))]
    assert sum_holds(parts, Interval.printed(D("218.47")))
    assert sum_holds(parts, Interval.printed(D("218.48")))  # 0.01 is inside two half-cents + one
    assert not sum_holds(parts, Interval.printed(D("218.50")))
    assert not sum_holds([Interval.exact(21), Interval.exact(27)], Interval.exact(50))


def test_interval_operations():
    a, b = Interval(D(1), D(2)), Interval(D(3), D(5))
    assert a + b == Interval(D(4), D(7))
    assert b - a == Interval(D(1), D(4))
    assert a * b == Interval(D(3), D(10))
    assert b / a == Interval(D("1.5"), D(5))
    assert total([a, b, a]) == Interval(D(5), D(9))
    assert a.gap(b) == D(1) and b.gap(a) == D(1) and a.gap(a) == 0
    with pytest.raises(ZeroDivisionError):
        a / Interval(D(-1), D(1))


def test_no_float_anywhere():
    iv = Interval.printed(D("0.1")) + Interval.printed(D("0.2"))
    assert isinstance(iv.lo, D) and iv.meets(Interval.printed(D("0.3")))


def test_fmt_is_plain_decimal_text():
    assert fmt(D("2184700.00")) == "2184700"
    assert fmt(D("90.1200")) == "90.12"
    assert fmt(D("1E+3")) == "1000"
    assert fmt(D("86.7037"), 2) == "86.70"
