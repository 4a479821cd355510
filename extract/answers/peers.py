"""Peers of a report: its administrative level, normalised names, robust outlier marks, year over year.

Outliers use the modified z-score of Iglewicz & Hoaglin, 0.6745 (x − median) / MAD, within a peer group
(same kind, same level); when the MAD is 0 (more than half the group share one value) the mean absolute
deviation × 1.2533 stands in, and a group with neither has no outliers.  All arithmetic is Decimal.
"""
from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from statistics import median
from typing import Iterable, Optional

from .. import divisions
from ..rules import load as schema

_Z_SCALE = Decimal("0.6745")
_MEAN_AD_SCALE = Decimal("1.2533")


level_of = divisions.level_of


_QUOTES = re.compile(r"[\s\"'“”‘’「」『』·•]")


@lru_cache(maxsize=4096)
def normalise_name(name: Optional[str]) -> str:
    """A department or project name as compared across reports: NFKC (full-width brackets and digits),
    no spaces or quotes, no markup or punctuation at its ends (#巫山县图书馆 from a Markdown heading), without
    本级/机关 suffixes."""
    if not name:
        return ""
    s = _QUOTES.sub("", unicodedata.normalize("NFKC", name)).strip("#*>_-=|:：、,，.。")
    for suffix in schema("comparison")["names"]["drop_suffixes"]:
        suffix = unicodedata.normalize("NFKC", suffix)
        if s.endswith(suffix) and len(s) > len(suffix) + 1:
            s = s[: -len(suffix)]
    return s


def robust_z(values: list[Decimal]) -> Optional[tuple[Decimal, Decimal]]:
    """(median, scale) such that z = (x − median) / scale; None when the group has no spread."""
    if not values:
        return None
    med = median(values)
    mad = median(abs(v - med) for v in values)
    if mad:
        return med, mad / _Z_SCALE
    mean_ad = sum((abs(v - med) for v in values), Decimal(0)) / len(values)
    if mean_ad:
        return med, mean_ad * _MEAN_AD_SCALE / _Z_SCALE
    return None


def outlier_marks(rows: list[dict], metrics: list[str], group_of, *, min_peers: int, limit: Decimal
                  ) -> None:
    """Mark each row's outlying metrics in place: row["_outliers"] = {metric: z}, row["peer_group"],
    row["peer_count"].  `group_of(row)` gives the peer-group key (None: no group)."""
    groups: dict = {}
    for r in rows:
        key = group_of(r)
        r["_outliers"] = {}
        if key is not None:
            groups.setdefault(key, []).append(r)
    for key, members in groups.items():
        for r in members:
            r["peer_group"] = "·".join(str(k) for k in key)
            r["peer_count"] = len(members)
        if len(members) < min_peers:
            continue
        for metric in metrics:
            present = [(r, r.get(metric)) for r in members if isinstance(r.get(metric), Decimal)]
            if len(present) < min_peers:
                continue
            spread = robust_z([v for _r, v in present])
            if spread is None:
                continue
            med, scale = spread
            for r, v in present:
                z = (v - med) / scale
                if abs(z) > limit:
                    r["_outliers"][metric] = z.quantize(Decimal("0.1"))


def previous_reports(rows: list[dict], key_of) -> dict[int, dict]:
    """For each row (by index), the same unit's latest report of an earlier year, when there is one."""
    by_key: dict = {}
    for i, r in enumerate(rows):
        if r.get("year") is not None:
            by_key.setdefault(key_of(r), []).append((int(r["year"]), i))
    prev: dict[int, dict] = {}
    for items in by_key.values():
        items.sort()
        for (year, i) in items:
            earlier = [j for y, j in items if y < year]
            if earlier:
                prev[i] = rows[max(earlier, key=lambda j: int(rows[j]["year"]))]
    return prev


def change(cur: Optional[Decimal], old: Optional[Decimal], mode: str) -> Optional[Decimal]:
    if cur is None or old is None:
        return None
    if mode == "diff":
        return cur - old
    if not old:
        return None
    return (cur - old) / old * 100


def first(values: Iterable) -> Optional[object]:
    return next((v for v in values if v is not None), None)
