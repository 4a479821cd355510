"""China's administrative divisions (GB/T 2260), from `schemas/divisions.tsv` (generated from the 行政区划
代码 table by scripts/make_divisions.py): which divisions a name starts with, and a division's level."""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional

from .rules import SCHEMAS, load


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str        # 省 | 市 | 县
    parent: str       # code of the enclosing division ('' for a province)


@functools.lru_cache(maxsize=1)
def _table() -> tuple[dict[str, list[Division]], dict[str, Division]]:
    by_name: dict[str, list[Division]] = {}
    by_code: dict[str, Division] = {}
    with open(SCHEMAS / "divisions.tsv", encoding="utf-8") as f:
        next(f)
        for line in f:
            code, name, level, parent = line.rstrip("\n").split("\t")
            d = Division(code, name, level, parent)
            by_name.setdefault(name, []).append(d)
            by_code[code] = d
    return by_name, by_code


def _inside(d: Division, outer: Division) -> bool:
    _, by_code = _table()
    p = by_code.get(d.parent)
    while p is not None:
        if p.code == outer.code:
            return True
        p = by_code.get(p.parent)
    return False


@functools.lru_cache(maxsize=4096)
def region_prefix(name: Optional[str]) -> Optional[str]:
    """The divisions a name starts with, each inside the one before, as printed:
    上海市普陀区财政局 → 上海市普陀区, 丰都县江池镇人民政府 → 丰都县, 国家信访局 → None.
    A party organ's name (中共…, 中国共产党…) is read after its prefix."""
    if not name:
        return None
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    for prefix in load("metadata")["name_prefixes"]:
        if s.startswith(prefix):
            s = s[len(prefix):]
            break
    by_name, _ = _table()
    pos, found, outer = 0, "", None
    while pos < len(s):
        hit = None
        for n in range(min(12, len(s) - pos), 1, -1):
            for d in by_name.get(s[pos:pos + n], ()):
                if outer is None or _inside(d, outer):
                    hit = d
                    break
            if hit:
                break
        if hit is None:
            break
        found, outer, pos = found + hit.name, hit, pos + len(hit.name)
    return found or None


LEVELS = {"省": 0, "市": 1, "县": 2}


@functools.lru_cache(maxsize=4096)
def level_of(region: Optional[str]) -> Optional[str]:
    """省 / 市 / 县 of a region, named by its last division (湖南省岳阳市 → 市, 北京市石景山区 → 县)."""
    if not region:
        return None
    by_name, _ = _table()
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", region))
    for i in range(len(s) - 1):
        found = by_name.get(s[i:])
        if found:
            return min((d.level for d in found), key=LEVELS.get)
    for suffix, level in load("metadata")["division_suffix_levels"]:
        if s.endswith(suffix):
            return level
    return None
