"""The 绩效自评表 and budget tables of a report, read into budget lines and indicator rows.

Tables come from the reading layer as rows of `Cell`s (ruled PDF grids, `|` / tab lines of .txt,
.docx tables).  Column order varies by province and template, so nothing here relies on position:
each header cell is given a role (三级指标, 分值, 全年执行数 …) from the wordings kept as data in
`schemas/table_templates.toml`, and data cells take the role of the header cell above them (the header
cell whose left edge is the nearest one at or left of theirs, so merged cells and stacked blocks with
different column grids both work).  One grid may stack several blocks (budget block, then indicator
block), each with its own header row: a new header row starts a new block.

Values are decimal strings as printed (`360.00`, never floats) or None, each beside the raw cell text.
Nothing here judges the numbers: the check engine (extract/checks) does, on `read_tables`' rows and on
`document_blocks` where it needs a block's 总分 row.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Optional

from .model import Cell, Document, Table
from .numbers import unit_table
from .rules import load

@functools.lru_cache(maxsize=None)
def schema() -> dict:
    """The template data (cached: read once per process)."""
    return load("table_templates")


# ---------------------------------------------------------------------------------------------
# headers

_BRACKETS = str.maketrans({"(": "（", ")": "）", ":": "："})
_UNIT_IN_BRACKETS = re.compile(r"（(?:单位：)?(亿元|万元|千元|元|%|％|分)）")
_FORMULA = re.compile(r"[①-⑳].*$")     # 小计③=①+② / 年度拨付金额④: the column's number and formula


def header_key(text: str) -> tuple[str, Optional[str]]:
    """`年初预算数（万元）` → (`年初预算数`, `万元`): the wording to match, and a unit printed with it."""
    t = "".join(text.split()).translate(_BRACKETS)
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


def _kind_of(roles: dict[int, Optional[str]]) -> Optional[str]:
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

def _norm(text: str) -> str:
    return "".join((text or "").split())


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
    roles: dict[int, Optional[str]]   # left edge of each non-empty header cell → its role
    unit: Optional[str] = None
    amount_field: str = "amount"
    lines: list[dict] = field(default_factory=list)
    total: Optional[dict] = None
    subtotals: list[dict] = field(default_factory=list)   # 小计 rows, and scored rows with no 三级指标
    header_cols: list[int] = field(default_factory=list)  # col of every cell of the header row
    grid: Optional[Table] = None      # the table `roles` are numbered in, when not `table` (carried on)
    header_boxes: dict[int, tuple[float, float]] = field(default_factory=dict)  # col → x0, x1 of its header
    start: int = 0                    # span of the block in Document.text: header row to its last row
    end: int = 0

    def role_of(self, col: int) -> Optional[str]:
        """The role of the header cell whose left edge is the nearest at or left of `col` (an empty
        header cell, e.g. beside a merged 项目资金（万元）, belongs to the header on its left)."""
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
    return _parse_table(table, None)[0]


def _parse_table(table: Table, carry: Optional[Block]) -> tuple[list[Block], Optional[Block]]:
    """The new blocks of `table`, and the block still open at its end.

    `carry` is the open block of the previous table: rows before this table's first header continue
    it (a table the reading layer could not join across a page break), matched to its header cells by
    their order when they have as many cells.
    """
    blocks: list[Block] = []
    cur: Optional[Block] = carry
    upper: Optional[dict[int, Optional[str]]] = None     # first row of a two-row header
    for i, row in enumerate(table.rows):
        roles = header_roles(row)
        kind = _kind_of(roles)
        if not kind and upper and sum(1 for r in roles.values() if r) >= 1:
            combined = {**upper, **{c: r for c, r in roles.items() if r or c not in upper}}
            kind = _kind_of(combined)
            if kind:
                roles = combined
        elif kind and upper:
            # 分值 | 得分 printed only on the first row of a two-row header (预算安排 … | 分值 | 得分)
            have = {r for r in roles.values() if r}
            roles = {**{c: r for c, r in upper.items() if r and r not in have and c not in roles}, **roles}
        if kind and cur is not None and cur.kind == kind and cur.total is None \
                and set(roles.values()) == set(cur.roles.values()):
            # the block's header repeated after a page break: the block goes on, in this grid's columns
            cur.roles, cur.header_cols, cur.grid = roles, [c.col for c in row], table
            cur.header_boxes = _boxes(row)
            continue
        if kind:
            cur = Block(kind, table, i, roles, _block_unit(table, row, i), _amount_field(row),
                        header_cols=[c.col for c in row], header_boxes=_boxes(row),
                        start=min(c.start for c in row), end=max(c.end for c in row))
            blocks.append(cur)
            upper = None
            continue
        upper = roles if sum(1 for r in roles.values() if r) >= 2 else None
        if cur is None or not any(c.text.strip() for c in row):
            continue
        if cur.kind != "indicator" and not cur.lines and cur.table is table and i == cur.header_row + 1 \
                and _sub_header(row):
            continue            # 总额 | 财政拨款 | 其他资金 under 全年预算数: the header's second row
        if (cur.grid or cur.table) is not table:
            if len(row) != len(cur.header_cols):
                cur = None
                continue
            row = [replace(c, col=col) for c, col in zip(row, cur.header_cols)]
        if cur.kind == "indicator":
            _add_indicator_row(cur, row)
            cur.end = max([cur.end] + [c.end for c in row])
            if cur.total is not None:
                cur = None  # nothing after 总分 belongs to the block (自评等级 …)
        elif not _add_budget_row(cur, row):
            cur = None      # a row with no amounts ends a budget block (年度总体目标 … follows it)
        else:
            cur.end = max([cur.end] + [c.end for c in row])
    return blocks, cur


def _boxes(row: list[Cell]) -> dict[int, tuple[float, float]]:
    return {c.col: (c.bbox[0], c.bbox[2]) for c in row if c.bbox is not None and c.text.strip()}


def _sub_header(row: list[Cell]) -> bool:
    """A row of short words and no number (总额 | 财政拨款 | 其他资金): the second row of a budget header."""
    cells = [_norm(c.text) for c in row if c.text.strip()]
    return bool(cells) and all(len(t) <= 8 and not any(ch.isdigit() for ch in t) for t in cells)


def _is_total(text: str, words: list[str]) -> bool:
    """`总分` / `合计：` / `总分值、评价总分(S)`: a label of the list, a bracketed tail aside."""
    t = re.sub(r"（[^）]*）$", "", _norm(text).translate(_BRACKETS).rstrip("：:"))
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
    if _is_total(_first_text(row), schema()["rows"]["indicator_total"]) or _glued_total(block, row):
        row = _right_aligned(block, row)
        cells = _total_cells(block, row)
        weight, score = parse_number(_text(cells, "weight")), parse_number(_text(cells, "score"))
        label = _norm(_first_text(row))
        numbers = [c for c in row if parse_number(c.text) is not None and _norm(c.text) != label]
        if len(numbers) == 1 and score is None and any(w in label for w in schema()["rows"]["score_total"]):
            weight, score = None, parse_number(numbers[0].text)   # 评价总分 | 92.33: one number, the score
        block.total = {"weight": weight, "score": score, "page": row[0].page,
                       "start": min(c.start for c in row), "end": max(c.end for c in row),
                       "cells": [c.text for c in row]}
        return
    cells = block.cells_by_role(row)
    prev = block.lines[-1] if block.lines else None
    weight, score = parse_number(_text(cells, "weight")), parse_number(_text(cells, "score"))
    level3 = _text(cells, "level3")
    if not level3 or any(w in _norm(c.text) for c in row for w in schema()["rows"]["indicator_subtotal"]):
        if weight is None and score is None:
            if prev is not None:
                _glue(prev, cells)     # the rest of a row split by a page break
        else:
            block.subtotals.append({"weight": weight, "score": score, "cells": [c.text for c in row]})
        return
    line = {"level1": _text(cells, "level1") or None, "level2": _text(cells, "level2") or None,
            "level3": level3 or None}
    if prev is not None:       # merged cells: an empty 一级/二级指标 cell inherits from the row above
        if line["level1"] is None:
            line["level1"] = prev["level1"]
        if line["level2"] is None and line["level1"] == prev["level1"]:
            line["level2"] = prev["level2"]
    line.update(_measures(cells, row, [block.role_of(c.col) for c in row]))
    line.update({"weight": weight, "score": score, "reason": _reason(cells),
                 "page": (cells.get("level3") or row[0]).page, "table": block.table.id,
                 "cells": [c.text for c in row], "evaluation": None})
    block.lines.append(line)


def _glued_total(block: Block, row: list[Cell]) -> bool:
    """`总分西安市级X项目绩效自评表 | 100 | 98`: a total row whose label the reader glued to the next
    form's title (a total word first, no 三级指标, numbers in the 分值/得分 columns)."""
    label = _norm(_first_text(row))
    if not any(label.startswith(w) and len(label) > len(w) for w in schema()["rows"]["total_prefix"]):
        return False
    cells = block.cells_by_role(row)
    return not _text(cells, "level3") and any(parse_number(_text(cells, r)) is not None for r in ("weight", "score"))


def _total_cells(block: Block, row: list[Cell]) -> dict[str, Cell]:
    """The total row's cells by role.  Its label spans the first columns, so the grid may number its
    value cells differently from the header's: a cell with a box takes the role of the header cell
    standing above its centre (总分 | 100 | 98 under 分值 | 得分), by position on the page."""
    out = block.cells_by_role(row)
    placed: dict[str, Cell] = {}
    for c in row:
        if c.bbox is None or not c.text.strip() or c is row[0]:
            continue
        mid = (c.bbox[0] + c.bbox[2]) / 2
        over = [col for col, (x0, x1) in block.header_boxes.items() if x0 - 1 <= mid <= x1 + 1]
        role = block.roles.get(over[0]) if len(over) == 1 else None
        if role and role not in placed:
            placed[role] = c
    if placed:
        moved = set(map(id, placed.values()))
        out = {r: c for r, c in out.items() if id(c) not in moved and r not in placed}
        out.update(placed)
    return out


def _right_aligned(block: Block, row: list[Cell]) -> list[Cell]:
    """A .docx/.txt total row whose label spans several columns has fewer cells than the header, and
    its cells are numbered in order, not by position: its value cells are the header's last ones."""
    n = len(block.header_cols)
    if len(row) >= n or len(row) < 2 or any(c.bbox is not None for c in row):
        return row
    tail = block.header_cols[n - (len(row) - 1):]
    return [replace(row[0], col=block.header_cols[0])] + [replace(c, col=col) for c, col in zip(row[1:], tail)]


def _measures(cells: dict[str, Cell], row: Optional[list[Cell]] = None,
              roles: Optional[list[Optional[str]]] = None) -> dict:
    """Target and actual, with the 四川 指标性质 / 度量单位 cells when the template has them, or with the
    sign and unit printed in columns of their own beside the value under one header (`≥ | 30 | 套`)."""
    if row is not None and roles is not None:
        chosen = {id(c) for c in cells.values()}
        t_text, a_text = (_measure_text(row, roles, chosen, r) for r in ("target", "actual"))
    else:
        t_text, a_text = _text(cells, "target"), _text(cells, "actual")
    target, actual = parse_measure(t_text), parse_measure(a_text)
    op = _operator_cell(_text(cells, "operator")) or target.operator
    unit = _text(cells, "measure_unit")
    unit = None if is_dash(unit) else unit
    return {"operator": op, "target": target.value, "target_unit": target.unit or (unit if target.value else None),
            "target_text": target.text or None, "actual": actual.value,
            "actual_unit": actual.unit or (unit if actual.value else None), "actual_text": actual.text or None}


def _measure_text(row: list[Cell], roles: list[Optional[str]], chosen: set[int], role: str) -> str:
    """The value of `role` as one text: its first cell, with the sign of an operator cell just before
    it (under the same header, or a headerless column left of it) and the unit of a unit cell just
    after it when the value has none of its own: `≥` `30` `套` → `≥30套`."""
    idx = [i for i, r in enumerate(roles) if r == role]
    texts = [(i, _norm(row[i].text)) for i in idx if _norm(row[i].text)]
    if not texts:
        return ""
    sign = ""
    if idx[0] > 0 and id(row[idx[0] - 1]) not in chosen and _operator_cell(row[idx[0] - 1].text):
        sign = _norm(row[idx[0] - 1].text)
    if _operator_cell(texts[0][1]) and len(texts) > 1:
        sign, texts = sign or texts[0][1], texts[1:]
    i, value = texts[0]
    m = parse_measure(value)
    if m.value is None:
        return value
    unit = next((t for k, t in texts[1:] if k == i + 1 and is_unit(t)), "") if m.unit is None else ""
    return (sign if m.operator is None else "") + value + unit


def is_unit(text: str) -> bool:
    """A unit as printed in a unit cell: `套`, `%`, `万元`, `期/年`, `元/人/年`."""
    t = _norm(text).replace("％", "%")
    parts = t.split("/")
    return bool(t) and parts[0] in unit_table() and all(p and len(p) <= 2 and not any(ch.isdigit() for ch in p)
                                                        for p in parts[1:])


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
            "page": row[0].page, "table": block.table.id, "cells": [c.text for c in row], "evaluation": None}
    if values["amount"] is not None and block.amount_field in ("spent", "budget") and line[block.amount_field] is None:
        line[block.amount_field] = values["amount"]
    line.update({"amount": values["amount"], "share": values["share"], "kind": block.kind})
    block.lines.append(line)
    return True


def document_blocks(doc: Document) -> list[Block]:
    """Every block of every table, an open block going on into the next table on the next page.  The rows
    of each 绩效自评表 carry its id as `evaluation` (extract.evaluations.forms)."""
    from .evaluations import forms
    blocks: list[Block] = []
    prev: Optional[Table] = None
    open_block: Optional[Block] = None
    for t in doc.tables:
        follows = prev is not None and open_block is not None and open_block.total is None and \
            not doc.text[prev.end:t.start].strip() and t.page == max(c.page for r in prev.rows for c in r) + 1
        new, open_block = _parse_table(t, open_block if follows else None)
        blocks.extend(new)
        prev = t
    forms(doc, blocks)
    return blocks


def read_tables(doc: Document) -> tuple[list[dict], list[dict]]:
    """(budget_lines, indicators) of every table of the document, in reading order."""
    return lines_of(document_blocks(doc))


def lines_of(blocks: list[Block]) -> tuple[list[dict], list[dict]]:
    """(budget_lines, indicators) of the blocks, in reading order."""
    budget: list[dict] = []
    indicators: list[dict] = []
    for b in blocks:
        (indicators if b.kind == "indicator" else budget).extend(b.lines)
    return budget, indicators
