"""Spreadsheet numbers as printed: the cell's number format, in decimal arithmetic."""
from __future__ import annotations

import datetime as dt

import pytest

from extract.readers.numfmt import format_date, format_number


@pytest.mark.parametrize("value, fmt, printed", [
    (1240.5, "0.00", "1240.50"),
    (0.1 + 0.2, "General", "0.3"),                       # 0.30000000000000004 in binary
    (0.1 + 0.2, "0.00", "0.30"),
    (0.9646, "0.00%", "96.46%"),
    (0.05, "0%", "5%"),
    (1234567.891, "#,##0.00", "1,234,567.89"),
    (30556500.0, "#,##0.00_);[Red](#,##0.00)", "30,556,500.00"),
    (-1234.5, "#,##0.00_);[Red](#,##0.00)", "(1,234.50)"),
    (-1234.5, "#,##0.00", "-1,234.50"),
    (0, '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ ', "-"),   # accounting format: zero is a dash
    (1240.5, '0.00"万元"', "1240.50万元"),
    (1240.5, "[$¥-804]#,##0.00", "¥1,240.50"),
    (2.5, "0", "3"),                                     # half away from zero, as Excel
    (-2.5, "0", "-3"),
    (96.455, "0.00", "96.46"),                            # 96.454999… in binary, 96.455 at 15 digits
    (1234567, "#,##0,", "1,235"),                         # thousands scaling
    (12, "0.##", "12"),
    (12.345, "0.##", "12.35"),
    (15, "General", "15"),
    (1 / 3, "General", "0.333333333"),                    # 11 characters, as a standard column shows
    (4.403062313915e+20, "General", "4.40306E+20"),       # a 21-digit code stored as a number
    (5.551115123125783e-17, "0.00", "0.00"),
    (5, "[DBNum1]General", "5"),                          # Chinese numerals: not rendered, General instead
    (1.5e-3, "0.00E+00", "1.50E-03"),
])
def test_format_number(value, fmt, printed):
    assert format_number(value, fmt) == printed


def test_format_date():
    assert format_date(dt.datetime(2025, 3, 15), 'yyyy"年"m"月"d"日"') == "2025年3月15日"
    assert format_date(dt.datetime(2025, 3, 15), "yyyy-mm-dd") == "2025-03-15"
    assert format_date(dt.datetime(2025, 3, 15, 9, 30), "yyyy-mm-dd hh:mm") == "2025-03-15 09:30"
    assert format_date(dt.date(2025, 3, 1), 'yyyy"年"m"月"') == "2025年3月"
