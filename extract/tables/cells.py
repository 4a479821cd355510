"""Header cells and value cells of a table: the role a header names (wordings in
schemas/table_templates.toml), and a cell's number, sign and unit as printed."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

from ..model import Cell
from ..rules import load


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    """The template data (cached: read once per process)."""
    return load("table_templates")


# ---------------------------------------------------------------------------------------------
# headers

BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "："})
_UNIT_IN_BRACKETS = re.compile(r"（(?:单位：)?(亿元|万元|千元|元|%|％|分)）")
_FORMULA = re.compile(r"[①-⑳].*$")     # 小计③=①+② / 年度拨付金额④: the column's number and formula


def header_key(text: str) -> tuple[str, Optional[str]]:
    """`年初预算数（万元）` → (`年初预算数`, `万元`): the wording to match, and a unit printed with it."""
    t = "".join(text.split()).translate(BRACKETS)
    m = _UNIT_IN_BRACKETS.search(t)
    unit = None
    if m:
        unit = m.group(1).replace("％", "%")
        t = (t[:m.start()] + t[m.end():])
    return _FORMULA.sub("", t), unit


@functools.lru_cache(maxsize=4096)
def column_role(text: str) -> Optional[str]:
    """The role a header cell names: an exact wording first, else the longest wording it contains."""
    key, _ = header_key(text)
    if not key:
        return None
    columns = schema()["column"]
    for role, spec in columns.items():
        if key in spec.get("headers", ()) or key in spec.get("exact", ()):
            return role
    best: Optional[tuple[int, str]] = None
    for role, spec in columns.items():
        for h in spec.get("headers", ()):
            if h in key and (best is None or len(h) > best[0]):
                best = (len(h), role)
    return best[1] if best else None


def header_roles(row: list[Cell]) -> dict[int, Optional[str]]:
    """col → role for the non-empty cells of a row (None: a header this schema does not use, such as
    指标解释).  Only the first cell of a role keeps it."""
    out: dict[int, Optional[str]] = {}
    seen: set[str] = set()
    for c in row:
        if not c.text.strip():
            continue
        role = column_role(c.text) if len(c.text) <= 20 else None
        if role in seen:
            role = None
        out[c.col] = role
        if role:
            seen.add(role)
    return out


def kind_of(roles: dict[int, Optional[str]]) -> Optional[str]:
    return block_kind({r for r in roles.values() if r})


def block_kind(roles: set[str]) -> Optional[str]:
    """Which block a header row opens (the first `[[block]]` of the schema its roles satisfy)."""
    if len(roles) < 2:
        return None
    for b in schema()["block"]:
        if all(r in roles for r in b["all_of"]) and sum(r in roles for r in b["some_of"]) >= b["some_count"]:
            return b["kind"]
    return None


# ---------------------------------------------------------------------------------------------
# cells and values

def norm(text: str) -> str:
    return "".join((text or "").split())


def is_dash(text: str) -> bool:
    """—, -, / (and 无 in a value cell) mean the cell is empty."""
    t = norm(text)
    return not t or t in schema()["rows"]["dashes"]


def parse_number(text: str) -> Optional[str]:
    """`1,240.50` / `10分` / `97.46%` → the decimal string (`1240.50`, `10`, `97.46`); None otherwise."""
    t = norm(text).replace(",", "").replace("，", "")
    if is_dash(t):
        return None
    t = re.sub(r"(?:%|％|分|万元|元)$", "", t)
    if not re.fullmatch(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)", t):
        return None
    try:
        return str(Decimal(t))
    except InvalidOperation:
        return None


@functools.lru_cache(maxsize=None)
def _operator_words() -> list[tuple[str, str]]:
    pairs = [(w, op) for op, words in schema()["operators"].items() for w in words]
    return sorted(pairs, key=lambda p: -len(p[0]))


@functools.lru_cache(maxsize=None)
def _suffix_words() -> list[tuple[str, str]]:
    pairs = [(w, op) for op, words in schema()["operator_suffixes"].items() for w in words]
    return sorted(pairs, key=lambda p: -len(p[0]))


_MEASURE = re.compile(r"([+-]?\d[\d,]*(?:\.\d+)?|\.\d+)(.*)")


@dataclass
class Measure:
    """An 指标值 / 完成值 cell: `≥50个` → operator ≥, value 50, unit 个; `显著提升` → value None."""
    text: str
    operator: Optional[str] = None
    value: Optional[str] = None
    unit: Optional[str] = None


def parse_measure(text: str) -> Measure:
    """Split a target / actual cell into comparison sign, number and unit; words stay text only."""
    t = norm(text)
    m = Measure(text=t)
    if is_dash(t):
        return m
    op = None
    for w, o in _operator_words():
        if t.startswith(w):
            op, t = o, t[len(w):]
            break
    for w, o in _suffix_words():
        if t.endswith(w) and op is None:
            op, t = o, t[:-len(w)]
            break
    mm = _MEASURE.fullmatch(t)
    if not mm:
        return m
    num, unit = mm.group(1).replace(",", ""), mm.group(2)
    if any(ch.isdigit() for ch in unit) or len(unit) > 8:   # 2025年12月底前 is a date, not a number
        return m
    try:
        m.value = str(Decimal(num))
    except InvalidOperation:
        return m
    m.operator, m.unit = op, (unit.replace("％", "%") or None)
    return m


def operator_cell(text: str) -> Optional[str]:
    """四川 指标性质 cell: a sign (≥ ≤ = …), or a word (定性, 正向) that is no operator."""
    t = norm(text)
    for w, o in _operator_words():
        if t == w:
            return o
    return None


# ---------------------------------------------------------------------------------------------
# blocks

