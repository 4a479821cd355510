"""绩效自评表s whose grid was flattened onto text lines (a web copy of a PDF or Word form): the indicator
header words, then the cells row after row, several on one line or one per line.

Nothing here is a table any more, so only what the flattening leaves certain is read:
- the header: a 分值/权重 word directly followed by a 得分/自评分 word (`分值 得分`, `分值 自评分`), with
  the header words around it (一级指标 二级指标 三级指标 年度指标值 实际完成值 … 偏差原因);
- a row: a run of bare numbers after the header that ends in the row's 分值 and 得分 (the header's order):
  two numbers, or one more for each numeric column the header has before 分值 (实际完成值 50 | 8 | 8).
  A longer run is not read (which two are 分值 and 得分 is no longer certain);
- a group: a 一级指标 cell that states its weight (产出指标（50分）) — printed before its rows, it groups the
  rows up to the next one (`leading`); or a weight-column cell `项目管理 13 分` (`column`), which a PDF
  prints beside the middle of its rows: only the region's groups together are known to hold its rows;
- the region ends at the next header word of the indicator columns (a new table) or a 总分/合计 cell
  (`closed`), else at the text's end (cut short: its last group is not known to be complete).

Wordings live in schemas/evaluations.toml [flat] and schemas/table_templates.toml (the header roles).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

from ..rules import load
from .cells import column_role, header_key, schema as templates

NUMBER = re.compile(r"\d+(?:\.\d+)?")
TOKEN = re.compile(r"[^\s|]+")
LEVELS = ("level1", "level2", "level3")
NUMERIC_BEFORE = ("target", "actual")


@functools.lru_cache(maxsize=None)
def _sch() -> dict:
    data = dict(load("evaluations")["flat"])
    for key in ("unit_after", "group", "column_group", "pair"):
        data[key] = re.compile(data[key])
    data["closing"] = set(data["closing"])
    return data


@functools.lru_cache(maxsize=None)
def _exact() -> dict[str, str]:
    """header wording → role, exact wordings only (a flattened cell is compared whole: 不得分 is no 得分)."""
    out: dict[str, str] = {}
    for role, spec in templates()["column"].items():
        for h in list(spec.get("headers", ())) + list(spec.get("exact", ())):
            out.setdefault(h, role)
    return out


@dataclass
class FlatRow:
    name: str
    weight: str
    score: str
    start: int                  # the row's name (or its first number)
    end: int
    spans: tuple[tuple[int, int], tuple[int, int]] = ((0, 0), (0, 0))   # 分值, 得分


@dataclass
class FlatGroup:
    name: str
    weight: str
    start: int
    end: int
    kind: str                   # "leading" (产出指标（50分）) | "column" (项目管理 13 分)
    rows: list[FlatRow] = field(default_factory=list)
    closed: bool = False        # followed by another group or the region's close


@dataclass
class FlatForm:
    start: int
    end: int
    header: list[str]
    rows: list[FlatRow]
    groups: list[FlatGroup]
    closed: bool
    leading: bool               # groups are printed before their rows (each at a row's start)


def flat_forms(text: str, skip: Callable[[int], bool] = lambda pos: False) -> list[FlatForm]:
    """The flattened 自评表s of `text` (positions where `skip` is true — real tables — are left alone)."""
    if "分" not in text or not _sch()["pair"].search(text):
        return []
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    roles = [None] * len(toks)
    out: list[FlatForm] = []
    i = 0
    while i < len(toks) - 1:
        if not _header_pair(toks, i, roles) or skip(toks[i][0]):
            i += 1
            continue
        form, i = _read(toks, i, roles)
        if form is not None:
            out.append(form)
    return out


def _role(toks, k: int, roles: list) -> Optional[str]:
    if roles[k] is None:
        t = toks[k][2]
        roles[k] = _exact().get(header_key(t)[0], "") if len(t) <= 12 else ""
    return roles[k] or None


def _short_role(t: str) -> Optional[str]:
    """项目权重, 自评分: a short word naming the 分值 or 得分 column (contained wordings allowed)."""
    role = _exact().get(header_key(t)[0]) or (column_role(t) if len(t) <= 4 else None)
    return role if role in ("weight", "score") else None


def _header_pair(toks, i: int, roles) -> bool:
    a, b = toks[i][2], toks[i + 1][2]
    if "分" not in b or ("分" not in a and "权重" not in a) or len(a) > 8 or len(b) > 8:
        return False            # most tokens: no header word at all (a quick test before the wordings)
    return _short_role(a) == "weight" and _short_role(b) == "score"


def _bare(toks, k: int) -> bool:
    """A number standing alone in a cell: not followed by a unit (15 分, 300 公里, 100 %)."""
    if not NUMBER.fullmatch(toks[k][2]):
        return False
    return k + 1 >= len(toks) or not _sch()["unit_after"].match(toks[k + 1][2])


def _read(toks, i: int, roles) -> tuple[Optional[FlatForm], int]:
    """The form whose header's 分值 word is token i; the index to go on from."""
    h0 = i
    while h0 > 0 and _role(toks, h0 - 1, roles) and i - h0 < 8:
        h0 -= 1
    h1 = i + 2
    while h1 < len(toks) and _role(toks, h1, roles) and _role(toks, h1, roles) not in ("weight", "score") \
            and h1 - i < 6:
        h1 += 1
    header = [_role(toks, k, roles) or "" for k in range(h0, i)] + ["weight", "score"] \
        + [_role(toks, k, roles) or "" for k in range(i + 2, h1)]
    longest = 2 + sum(r in NUMERIC_BEFORE for r in header[:i - h0])
    sch = _sch()
    rows: list[FlatRow] = []
    groups: list[FlatGroup] = []
    closed, leading = False, True
    k = h1
    last_end, last_row = toks[h1 - 1][1], h1
    while k < len(toks) and k - last_row <= sch["max_gap"]:
        t = toks[k][2]
        key = header_key(t)[0]
        if key in sch["closing"] or (_role(toks, k, roles) in LEVELS + ("weight", "score")):
            closed = True
            break
        g = _group(toks, k)
        if g is not None:
            grp, k2 = g
            if grp.kind == "leading" and rows and (not groups or not _row_boundary(toks, k, rows[-1])):
                leading = False     # rows before the first group, or a group inside a row: printed mid-group
            groups.append(grp)
            k = k2
            continue
        if _bare(toks, k):
            j = k
            while j < len(toks) and _bare(toks, j):
                j += 1
            run = toks[k:j]
            if 2 <= len(run) <= longest:
                w, s = run[-2], run[-1]
                name, nstart = _name(toks, k, groups, rows[-1].end if rows else toks[h1 - 1][1],
                                     any(r in LEVELS for r in header))
                rows.append(FlatRow(name, w[2], s[2], nstart if nstart is not None else w[0], s[1],
                                    ((w[0], w[1]), (s[0], s[1]))))
                if groups:
                    groups[-1].rows.append(rows[-1])
                last_end, last_row = s[1], j
            k = j
            continue
        k += 1
    end = toks[k - 1][1] if k > h1 else last_end
    for a, b in zip(groups, groups[1:]):
        a.closed = True
    if groups and closed:
        groups[-1].closed = True
    if not rows:
        return None, max(k, i + 2)
    return FlatForm(toks[h0][0], end, header, rows, groups, closed, leading), max(k, i + 2)


def _only_words(toks, a: int, b: int) -> bool:
    """No number between the header and the first group (nothing of a row printed before it)."""
    return not any(NUMBER.fullmatch(toks[k][2]) for k in range(a, b))


def _row_boundary(toks, k: int, prev: FlatRow) -> bool:
    """A group label printed at a row's start: the previous row's 得分 (and text cells after it) before it,
    no number of a row between."""
    j = k - 1
    while j >= 0 and toks[j][1] > prev.end:
        if NUMBER.fullmatch(toks[j][2]):
            return False
        j -= 1
    return True


def _group(toks, k: int) -> Optional[tuple[FlatGroup, int]]:
    """A group label at token k: 产出指标（50分） (in one to three tokens) or 项目管理 13 分."""
    if "指标" not in toks[k][2] and not (k + 2 < len(toks) and toks[k + 2][2] == "分"):
        return None             # neither 产出指标（50分） nor 项目管理 13 分
    sch = _sch()
    joined = ""
    for n in range(3):
        if k + n >= len(toks):
            break
        joined += toks[k + n][2]
        m = sch["group"].match(header_key(joined)[0])
        if m:
            return FlatGroup(m["name"], m["weight"], toks[k][0], toks[k + n][1], "leading"), k + n + 1
        if any(ch.isdigit() for ch in toks[k + n][2]):
            break
    if k + 2 < len(toks) and NUMBER.fullmatch(toks[k + 1][2]) and toks[k + 2][2] == "分" \
            and sch["column_group"].fullmatch(toks[k][2]):
        return FlatGroup(toks[k][2], toks[k + 1][2], toks[k][0], toks[k + 2][1], "column"), k + 3
    return None


def _name(toks, k: int, groups: list[FlatGroup], after: int, levels: bool) -> tuple[str, Optional[int]]:
    """The row's name (for the message): with 一级/二级/三级 columns, the first word after the previous row
    that is no group label nor a 二级 “X指标”; else the nearest word before its numbers that is no group's."""
    def plain(j: int) -> bool:
        a, _, t = toks[j]
        return not any(g.start <= a < g.end for g in groups[-2:]) and not any(ch.isdigit() for ch in t) \
            and t != "分" and bool(re.search(r"[\u4e00-\u9fff]", t))
    if levels:
        for j in range(max(0, k - 12), k):
            if toks[j][0] >= after and plain(j) and not (toks[j][2].endswith("指标") and len(toks[j][2]) <= 7):
                return toks[j][2], toks[j][0]
    for j in range(k - 1, max(-1, k - 8), -1):
        if plain(j):
            return toks[j][2], toks[j][0]
    return "", None


FLAT = "flat_text"      # an indicator's `origin` when read from a flattened form (no table, no cells)


def flat_indicators(text: str, page_of: Callable[[int], int]) -> list[dict]:
    """The indicator rows of the flattened forms of `text`, shaped like a table's (extract/tables), with
    `origin` flat_text, their text span and the 一级指标 printed before them (leading groups only)."""
    out: list[dict] = []
    for form in flat_forms(text):
        group_of = {id(r): g for g in form.groups if g.kind == "leading" and form.leading for r in g.rows}
        for r in form.rows:
            g = group_of.get(id(r))
            out.append({"level1": f"{g.name}（{g.weight}分）" if g else None, "level2": None, "level3": r.name or None,
                        "operator": None, "target": None, "target_unit": None, "actual": None, "actual_unit": None,
                        "weight": r.weight, "score": r.score, "reason": None, "page": page_of(r.start), "table": None,
                        "cells": [], "origin": FLAT, "start": r.start, "end": r.end})
    return out
