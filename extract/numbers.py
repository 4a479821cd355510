"""Numbers and units as printed in Chinese reports, parsed to exact decimals.

`1,240`, `218.47`, `２０２５` (already normalised by cleaning), Chinese numerals (`十二`, `两`, via cn2an),
and the unit table of `schemas/units.toml` (money in 元/千元/万元/亿元, percent, 分, measure words with
an optional 万/亿 multiplier).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Optional

import regex

from .rules import load


@dataclass(frozen=True)
class Unit:
    name: str          # as printed, e.g. 万元, 万人次, %
    kind: str          # money | percent | change | score | count | measure
    base: str          # 元, %, 分, 人次 …
    scale: Decimal     # printed value × scale = base value


@functools.lru_cache(maxsize=None)
def unit_table() -> dict[str, Unit]:
    """Every printable unit name (with 万/亿/千 prefixes for counts and measures) → Unit."""
    data = load("units")
    mult = {k: Decimal(v) for k, v in data["multipliers"].items()}
    table: dict[str, Unit] = {}
    for u in data["unit"]:
        scale = Decimal(u["scale"])
        for name in u["names"]:
            base = u.get("base", name)
            table.setdefault(name, Unit(name, u["kind"], base, scale))
            if u["kind"] in ("count", "measure"):
                for prefix, m in mult.items():
                    table.setdefault(prefix + name, Unit(prefix + name, u["kind"], base, scale * m))
    return table


@functools.lru_cache(maxsize=None)
def not_before() -> dict[str, str]:
    out: dict[str, str] = {}
    for u in load("units")["unit"]:
        for name in u["names"]:
            out[name] = u.get("not_before", "")
    return out


def unit_pattern() -> str:
    names = sorted(unit_table(), key=len, reverse=True)
    return "|".join(regex.escape(n) for n in names)


def parse_decimal(text: str) -> Optional[Decimal]:
    """`1,240.50` → Decimal('1240.50'); None when the text is not a plain number."""
    t = text.replace(",", "").replace("，", "").strip()
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


CN_NUMERAL = regex.compile(r"[零〇一二两三四五六七八九十百千万]+")


def parse_chinese(text: str) -> Optional[Decimal]:
    """十二 → 12, 两 → 2, 三百五十 → 350 (cn2an in smart mode)."""
    import cn2an
    try:
        return Decimal(str(int(cn2an.cn2an(text.replace("两", "二"), "smart"))))
    except (ValueError, KeyError, TypeError):
        return None


def to_base(value: Decimal, unit: Unit) -> Decimal:
    v = value * unit.scale
    return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()
