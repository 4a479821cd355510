"""The 绩效自评表 and budget tables of a report, read into budget lines and indicator rows.

Tables come from the reading layer as rows of `Cell`s (ruled PDF grids, `|` / tab lines of .txt,
.docx tables).  Column order varies by province and template, so nothing here relies on position:
each header cell is given a role (三级指标, 分值, 全年执行数 …) from the wordings kept as data in
`schemas/table_templates.toml`, and data cells take the role of the header cell above them (the header
cell whose left edge is the nearest one at or left of theirs, so merged cells and stacked blocks with
different column grids both work).  One grid may stack several blocks (budget block, then indicator
block), each with its own header row: a new header row starts a new block.

Values are decimal strings as printed (`360.00`, never floats) or None, each beside the raw cell text.
`table_findings` checks the tables against themselves (Σ scores, 执行率, score ≤ weight …).
"""
from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

from .model import Cell, Document, Finding, Report, Table
from .rules import load

ROLES_IND = ("level1", "level2", "level3", "operator", "measure_unit", "target", "actual", "weight", "score",
             "reason")
ROLES_BUDGET = ("row", "initial_budget", "budget", "spent", "amount", "share", "weight", "rate", "score", "reason")


@functools.lru_cache(maxsize=None)
def schema() -> dict:
    """The template data (cached: read once per process)."""
    return load("table_templates")


# ---------------------------------------------------------------------------------------------
# headers

_BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "："})
_UNIT_IN_BRACKETS = re.compile(r"（(?:单位：)?(亿元|万元|千元|元|%|％|分)）")


def header_key(text: str) -> tuple[str, Optional[str]]:
    """`年初预算数（万元）` → (`年初预算数`, `万元`): the wording to match, and a unit printed with it."""
    t = re.sub(r"\s+", "", text).translate(_BRACKETS)
    m = _UNIT_IN_BRACKETS.search(t)
    unit = None
    if m:
        unit = m.group(1).replace("％", "%")
        t = (t[:m.start()] + t[m.end():])
    return t, unit


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


def header_roles(row: list[Cell]) -> dict[int, str]:
    """col → role for the cells of a row that name a column role (first cell of a role wins)."""
    out: dict[int, str] = {}
    seen: set[str] = set()
    for c in row:
        role = column_role(c.text) if c.text and len(c.text) <= 20 else None
        if role and role not in seen:
            out[c.col] = role
            seen.add(role)
    return out


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

def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def is_dash(text: str) -> bool:
    """—, -, / (and 无 in a value cell) mean the cell is empty."""
    t = _norm(text)
    return not t or t in schema()["rows"]["dashes"]


def parse_number(text: str) -> Optional[str]:
    """`1,240.50` / `10分` / `97.46%` → the decimal string (`1240.50`, `10`, `97.46`); None otherwise."""
    t = _norm(text).replace(",", "").replace("，", "")
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
    t = _norm(text)
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


def _operator_cell(text: str) -> Optional[str]:
    """四川 指标性质 cell: a sign (≥ ≤ = …), or a word (定性, 正向) that is no operator."""
    t = _norm(text)
    for w, o in _operator_words():
        if t == w:
            return o
    return None


# ---------------------------------------------------------------------------------------------
# blocks

@dataclass
class Block:
    """One block of a table: its header row, its parsed rows and (indicator blocks) its total row."""
    kind: str
    table: Table
    header_row: int
    roles: dict[int, str]
    unit: Optional[str] = None
    amount_field: str = "amount"
    lines: list[dict] = field(default_factory=list)
    total: Optional[dict] = None

    def role_of(self, col: int) -> Optional[str]:
        """The role of the header cell whose left edge is the nearest at or left of `col`."""
        cols = [c for c in self.roles if c <= col]
        return self.roles[max(cols)] if cols else None

    def cells_by_role(self, row: list[Cell]) -> dict[str, Cell]:
        out: dict[str, Cell] = {}
        for c in row:
            role = self.role_of(c.col)
            if role and (role not in out or not out[role].text.strip() and c.text.strip()):
                out[role] = c
        return out


def _block_unit(table: Table, header: list[Cell], header_index: int) -> Optional[str]:
    """Money unit of a block: in a header cell's brackets, a 单位：… row above, or the caption."""
    money = schema()["units"]["money"]
    for c in header:
        _, unit = header_key(c.text)
        if unit in money:
            return unit
    cap = re.compile(schema()["units"]["caption"])
    for row in table.rows[:header_index]:
        for c in row:
            m = cap.search(_norm(c.text))
            if m:
                return m.group(1)
    m = cap.search(_norm(table.caption))
    return m.group(1) if m else None


def _amount_field(header: list[Cell]) -> str:
    text = "".join(c.text for c in header)
    for word, fieldname in schema()["composition_amount"].items():
        if word in text:
            return fieldname
    return "amount"


def parse_table(table: Table) -> list[Block]:
    """Split a table into blocks at header rows and parse each block's rows."""
    blocks: list[Block] = []
    cur: Optional[Block] = None
    for i, row in enumerate(table.rows):
        roles = header_roles(row)
        kind = block_kind(set(roles.values()))
        if kind:
            cur = Block(kind, table, i, roles, _block_unit(table, row, i), _amount_field(row))
            blocks.append(cur)
            continue
        if cur is None or not any(c.text.strip() for c in row):
            continue
        if cur.kind == "indicator":
            _add_indicator_row(cur, row)
        elif not _add_budget_row(cur, row):
            cur = None      # a row with no amounts ends a budget block (年度总体目标 … follows it)
    return blocks


def _is_total(text: str, words: list[str]) -> bool:
    t = _norm(text).rstrip("：:")
    return t in words


def _first_text(row: list[Cell]) -> str:
    return next((c.text for c in row if c.text.strip()), "")


def _text(cells: dict[str, Cell], role: str) -> str:
    c = cells.get(role)
    return _norm(c.text) if c else ""


def _reason(cells: dict[str, Cell]) -> Optional[str]:
    """The reason cell as printed; a dash is no text, but 无 (“none”) is kept: it is what was written."""
    t = _text(cells, "reason")
    return t if t == "无" or not is_dash(t) else None


def _add_indicator_row(block: Block, row: list[Cell]) -> None:
    cells = block.cells_by_role(row)
    if _is_total(_first_text(row), schema()["rows"]["indicator_total"]):
        block.total = {"weight": parse_number(_text(cells, "weight")),
                       "score": parse_number(_text(cells, "score")),
                       "page": row[0].page, "cells": [c.text for c in row]}
        return
    prev = block.lines[-1] if block.lines else None
    weight, score = parse_number(_text(cells, "weight")), parse_number(_text(cells, "score"))
    level3 = _text(cells, "level3")
    if prev is not None and not level3 and weight is None and score is None:
        _glue(prev, cells)     # the rest of a row split by a page break
        return
    line = {"level1": _text(cells, "level1") or None, "level2": _text(cells, "level2") or None,
            "level3": level3 or None}
    if prev is not None:       # merged cells: an empty 一级/二级指标 cell inherits from the row above
        if line["level1"] is None:
            line["level1"] = prev["level1"]
        if line["level2"] is None and line["level1"] == prev["level1"]:
            line["level2"] = prev["level2"]
    line.update(_measures(cells))
    line.update({"weight": weight, "score": score, "reason": _reason(cells),
                 "page": (cells.get("level3") or row[0]).page, "table": block.table.id,
                 "cells": [c.text for c in row]})
    if line["level3"] or weight is not None or score is not None:
        block.lines.append(line)


def _measures(cells: dict[str, Cell]) -> dict:
    """Target and actual, with the 四川 指标性质 / 度量单位 cells when the template has them."""
    target, actual = parse_measure(_text(cells, "target")), parse_measure(_text(cells, "actual"))
    op = _operator_cell(_text(cells, "operator")) or target.operator
    unit = _text(cells, "measure_unit")
    unit = None if is_dash(unit) else unit
    return {"operator": op, "target": target.value, "target_unit": target.unit or (unit if target.value else None),
            "target_text": target.text or None, "actual": actual.value,
            "actual_unit": actual.unit or (unit if actual.value else None), "actual_text": actual.text or None}


def _glue(prev: dict, cells: dict[str, Cell]) -> None:
    for role, key in (("level3", "level3"), ("reason", "reason")):
        t = _text(cells, role)
        if t:
            prev[key] = (prev[key] or "") + t
    for role in ("target", "actual"):
        t = _text(cells, role)
        if t:
            joined = (prev[f"{role}_text"] or "") + t
            m = parse_measure(joined)
            prev.update({f"{role}_text": joined, role: m.value, f"{role}_unit": m.unit or prev[f"{role}_unit"]})


def _add_budget_row(block: Block, row: list[Cell]) -> bool:
    """Parse one budget / structure row; False when it holds no amount at all."""
    cells = block.cells_by_role(row)
    values = {k: parse_number(_text(cells, k)) for k in ("initial_budget", "budget", "spent", "amount", "share",
                                                          "weight", "rate", "score")}
    if all(values[k] is None for k in ("initial_budget", "budget", "spent", "amount")):
        return False
    label = _text(cells, "row") or _norm(_first_text(row))
    line = {"row": label or None, "initial_budget": values["initial_budget"], "budget": values["budget"],
            "spent": values["spent"], "unit": block.unit, "weight": values["weight"], "rate": values["rate"],
            "score": values["score"], "reason": _reason(cells),
            "page": row[0].page, "table": block.table.id, "cells": [c.text for c in row]}
    if values["amount"] is not None:
        if block.amount_field in ("spent", "budget") and line[block.amount_field] is None:
            line[block.amount_field] = values["amount"]
        line["amount"] = values["amount"]
    if values["share"] is not None:
        line["share"] = values["share"]
    line["kind"] = block.kind
    block.lines.append(line)
    return True


def document_blocks(doc: Document) -> list[Block]:
    return [b for t in doc.tables for b in parse_table(t)]


def read_tables(doc: Document) -> tuple[list[dict], list[dict]]:
    """(budget_lines, indicators) of every table of the document, in reading order."""
    budget: list[dict] = []
    indicators: list[dict] = []
    for b in document_blocks(doc):
        (indicators if b.kind == "indicator" else budget).extend(b.lines)
    return budget, indicators
