"""One row of a block: an indicator row (一/二/三级指标, target, actual, weight, score, reason), the block's
总分 row, or a budget row (年初 / 全年预算, 执行数, 执行率, 分值, 得分)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Optional

from ..model import Cell
from ..numbers import unit_table
from .cells import BRACKETS, is_dash, norm, operator_cell, parse_measure, parse_number, schema

if TYPE_CHECKING:
    from .blocks import Block


def boxes(row: list[Cell]) -> dict[int, tuple[float, float]]:
    return {c.col: (c.bbox[0], c.bbox[2]) for c in row if c.bbox is not None and c.text.strip()}


def sub_header(row: list[Cell]) -> bool:
    """A row of short words and no number (总额 | 财政拨款 | 其他资金): the second row of a budget header."""
    cells = [norm(c.text) for c in row if c.text.strip()]
    return bool(cells) and all(len(t) <= 8 and not any(ch.isdigit() for ch in t) for t in cells)


def _is_total(text: str, words: list[str]) -> bool:
    """`总分` / `合计：` / `总分值、评价总分(S)`: a label of the list, a bracketed tail aside."""
    t = re.sub(r"（[^）]*）$", "", norm(text).translate(BRACKETS).rstrip("：:"))
    return t in words


def _first_text(row: list[Cell]) -> str:
    return next((c.text for c in row if c.text.strip()), "")


def _text(cells: dict[str, Cell], role: str) -> str:
    c = cells.get(role)
    return norm(c.text) if c else ""


def _reason(cells: dict[str, Cell]) -> Optional[str]:
    """The reason cell as printed; a dash is no text, but 无 (“none”) is kept: it is what was written."""
    t = _text(cells, "reason")
    return t if t == "无" or not is_dash(t) else None


def add_indicator_row(block: Block, row: list[Cell]) -> None:
    if _is_total(_first_text(row), schema()["rows"]["indicator_total"]) or _glued_total(block, row):
        row = _right_aligned(block, row)
        cells = _total_cells(block, row)
        weight, score = parse_number(_text(cells, "weight")), parse_number(_text(cells, "score"))
        label = norm(_first_text(row))
        numbers = [c for c in row if parse_number(c.text) is not None and norm(c.text) != label]
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
    if not level3 or any(w in norm(c.text) for c in row for w in schema()["rows"]["indicator_subtotal"]):
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
    label = norm(_first_text(row))
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
    op = operator_cell(_text(cells, "operator")) or target.operator
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
    texts = [(i, norm(row[i].text)) for i in idx if norm(row[i].text)]
    if not texts:
        return ""
    sign = ""
    if idx[0] > 0 and id(row[idx[0] - 1]) not in chosen and operator_cell(row[idx[0] - 1].text):
        sign = norm(row[idx[0] - 1].text)
    if operator_cell(texts[0][1]) and len(texts) > 1:
        sign, texts = sign or texts[0][1], texts[1:]
    i, value = texts[0]
    m = parse_measure(value)
    if m.value is None:
        return value
    unit = next((t for k, t in texts[1:] if k == i + 1 and is_unit(t)), "") if m.unit is None else ""
    return (sign if m.operator is None else "") + value + unit


def is_unit(text: str) -> bool:
    """A unit as printed in a unit cell: `套`, `%`, `万元`, `期/年`, `元/人/年`."""
    t = norm(text).replace("％", "%")
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


def add_budget_row(block: Block, row: list[Cell]) -> bool:
    """Parse one budget / structure row; False when it holds no amount at all."""
    cells = block.cells_by_role(row)
    values = {k: parse_number(_text(cells, k)) for k in ("initial_budget", "budget", "spent", "amount", "share",
                                                          "weight", "rate", "score")}
    if all(values[k] is None for k in ("initial_budget", "budget", "spent", "amount")):
        return False
    label = _text(cells, "row") or norm(_first_text(row))
    line = {"row": label or None, "initial_budget": values["initial_budget"], "budget": values["budget"],
            "spent": values["spent"], "unit": block.unit, "weight": values["weight"], "rate": values["rate"],
            "score": values["score"], "reason": _reason(cells),
            "page": row[0].page, "table": block.table.id, "cells": [c.text for c in row], "evaluation": None}
    if values["amount"] is not None and block.amount_field in ("spent", "budget") and line[block.amount_field] is None:
        line[block.amount_field] = values["amount"]
    line.update({"amount": values["amount"], "share": values["share"], "kind": block.kind})
    block.lines.append(line)
    return True


