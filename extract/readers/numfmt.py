"""A spreadsheet number as printed: the cell's number format applied, in decimal arithmetic.

Workbooks store every number as a binary double; what the author saw is that double through the
cell's number format (`0.00` shows 1240.5 as `1240.50`, `0.00%` shows 0.9646 as `96.46%`, `#,##0.00`
groups thousands).  The double is first taken to Excel's own 15 significant digits (so
0.30000000000000004 is 0.3), then rounded half away from zero to the format's decimals, as Excel does.
Handled: sections (`pos;neg;zero;text`), `0 # ? , .`, thousands scaling (`#,##0,`), `%`, `E+`,
literals (`"万元"`, `\\x`, `[$¥-804]`), padding `_x` and fill `*x` (dropped), colours and conditions
(ignored).  Anything else falls back to General (at most 11 characters, as in a standard column).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from typing import Optional

_SIG15 = Context(prec=15, rounding=ROUND_HALF_UP)
_PLACEHOLDERS = set("0#?")


def to_decimal(value) -> Optional[Decimal]:
    """An int/float/Decimal as Excel holds it: at most 15 significant digits."""
    if isinstance(value, bool):
        return None
    try:
        d = Decimal(value) if isinstance(value, (int, Decimal)) else Decimal(repr(float(value)))
    except (InvalidOperation, ValueError, OverflowError, TypeError):
        return None
    if not d.is_finite():
        return None
    return _SIG15.plus(d) if isinstance(value, float) else d


def general(d: Decimal) -> str:
    """Excel's General format in a standard-width column: up to 11 characters, else 6 significant
    digits in scientific notation."""
    if d == 0:
        return "0"
    sign = "-" if d < 0 else ""
    a = abs(d)
    int_digits = len(str(int(a))) if a >= 1 else 1
    if int_digits > 11 or a < Decimal("1e-9"):
        exp = a.adjusted()
        mant = (a.scaleb(-exp)).quantize(Decimal("0.00001"), ROUND_HALF_UP).normalize()
        if mant >= 10:
            mant, exp = mant / 10, exp + 1
        return f"{sign}{_plain(mant)}E{'+' if exp >= 0 else '-'}{abs(exp):02d}"
    room = max(0, 11 - len(sign) - int_digits - 1)       # characters left for decimals after the point
    q = a.quantize(Decimal(1).scaleb(-room), ROUND_HALF_UP) if room else a.quantize(Decimal(1), ROUND_HALF_UP)
    return sign + _plain(q.normalize())


def _plain(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def _sections(fmt: str) -> list[str]:
    out, cur, quote, bracket, esc = [], [], False, False, False
    for ch in fmt:
        if esc:
            cur.append(ch)
            esc = False
            continue
        if ch == "\\" and not quote:
            esc = True
        elif ch == '"':
            quote = not quote
        elif ch == "[" and not quote:
            bracket = True
        elif ch == "]" and not quote:
            bracket = False
        elif ch == ";" and not quote and not bracket:
            out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    out.append("".join(cur))
    return out


_BRACKET = re.compile(r"\[([^\]]*)\]")


def _tokens(section: str) -> Optional[list[tuple[str, str]]]:
    """A section as ("lit", text) and ("num", pattern) tokens; None when it is beyond this subset."""
    toks: list[tuple[str, str]] = []
    i, n = 0, len(section)
    num: list[str] = []

    def lit(s: str) -> None:
        if num:
            toks.append(("num", "".join(num)))
            num.clear()
        toks.append(("lit", s))

    while i < n:
        ch = section[i]
        if ch == '"':
            j = section.find('"', i + 1)
            j = n if j < 0 else j
            lit(section[i + 1:j])
            i = j + 1
        elif ch == "\\" and i + 1 < n:
            lit(section[i + 1])
            i += 2
        elif ch in "_*" and i + 1 < n:
            i += 2                                   # padding / fill: no printed character
        elif ch == "[":
            j = section.find("]", i)
            j = n if j < 0 else j
            inner = section[i + 1:j]
            if inner.startswith("$"):
                lit(inner[1:].split("-", 1)[0])       # [$¥-804] → ¥
            elif re.match(r"(?i)dbnum|[<>=]", inner):
                return None                          # Chinese numerals, conditions: General instead
            i = j + 1
        elif ch in _PLACEHOLDERS or ch in ",." or (ch in "Ee" and i + 1 < n and section[i + 1] in "+-" and num):
            if ch in "Ee":
                num.append(section[i:i + 2])
                i += 2
                continue
            if ch == "," and not num:
                lit(ch)
            else:
                num.append(ch)
            i += 1
        elif ch in "yYmMdDhHsS":
            return None                              # a date format on a number: General instead
        elif ch == "@":
            i += 1
        else:
            lit(ch)
            i += 1
    if num:
        toks.append(("num", "".join(num)))
    return toks


def _render_number(a: Decimal, pattern: str, percent: bool) -> str:
    """abs value `a` through one `0 # ? , . E+` pattern."""
    if "E+" in pattern.upper() or "E-" in pattern.upper():
        mant_pat = re.split(r"[Ee][+-]", pattern)[0]
        decs = len(mant_pat.split(".", 1)[1]) if "." in mant_pat else 0
        s = f"{a:.{decs}E}"
        m, e = s.split("E")
        return f"{m}E{e[0]}{abs(int(e)):02d}"
    scale = 0
    while pattern.endswith(","):
        pattern, scale = pattern[:-1], scale + 1
    int_pat, _, dec_pat = pattern.partition(".")
    grouping = "," in int_pat
    int_pat = int_pat.replace(",", "")
    a = a.scaleb(-3 * scale) if scale else a
    if percent:
        a = a * 100
    dmax = sum(1 for c in dec_pat if c in _PLACEHOLDERS)
    dmin = sum(1 for c in dec_pat if c == "0")
    q = a.quantize(Decimal(1).scaleb(-dmax), ROUND_HALF_UP)
    s = format(q, "f")
    ip, _, fp = s.partition(".")
    while len(fp) > dmin and fp.endswith("0"):
        fp = fp[:-1]
    imin = int_pat.count("0")
    if ip == "0" and imin == 0:
        ip = ""
    ip = ip.rjust(imin, "0")
    if grouping and ip:
        ip = f"{int(ip):,}".rjust(imin, "0") if ip.isdigit() else ip
    return ip + ("." + fp if fp else "")       # `0.##` of 12 prints `12` (Excel: `12.`)


def format_number(value, fmt: Optional[str]) -> str:
    """`value` (int/float/Decimal) printed through the Excel number format `fmt`."""
    d = to_decimal(value)
    if d is None:
        return str(value)
    secs = _sections(fmt or "General")
    if len(secs) >= 2 and d < 0:
        sec, d, signed = secs[1], -d, False
    elif len(secs) >= 3 and d == 0:
        sec, signed = secs[2], False
    else:
        sec, signed = secs[0], True
    bare = _BRACKET.sub("", sec).strip()
    if not bare or bare.lower() == "general" or bare == "@":
        return general(d) if signed else general(abs(d))
    toks = _tokens(sec)
    if toks is None:
        return general(d)
    percent = any(t == "lit" and "%" in s for t, s in toks)
    out, value_zero = [], True
    for kind, s in toks:
        if kind == "num":
            try:
                text = _render_number(abs(d), s, percent)
            except (InvalidOperation, ValueError):       # beyond the decimal context (1e30 with 0.00)
                return general(d)
            value_zero = not any(c in "123456789" for c in text)
            out.append(text)
        else:
            out.append(s)
    text = "".join(out).strip()
    if signed and d < 0 and not value_zero:
        text = "-" + text
    return text


def format_date(value, fmt: Optional[str]) -> str:
    """A date/time cell: `2024年3月25日` when the format writes 年月日, else ISO (with the time if any)."""
    f = fmt or ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and not re.search(r"(?i)h|ss", f):
        value = value.date()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        if "年" in f:
            s = f"{value.year}年{value.month}月"
            return s + f"{value.day}日" if ("日" in f or "d" in f.lower()) else s
        return value.isoformat()
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S") if value.second else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S") if value.second else value.strftime("%H:%M")
    if isinstance(value, dt.timedelta):
        secs = int(value.total_seconds())
        return f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"
    return str(value)
