"""A table split into blocks at its header rows (a budget block over an indicator block), each block's
rows parsed by role; an open block continues into the next page's table."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Optional

from ..model import Cell, Document, Table
from .cells import header_key, header_roles, kind_of, norm, schema
from .forms import forms
from .rows import add_budget_row, add_indicator_row, boxes, sub_header


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
            m = cap.search(norm(c.text))
            if m:
                return m.group(1)
    m = cap.search(norm(table.caption))
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
        kind = kind_of(roles)
        if not kind and upper and sum(1 for r in roles.values() if r) >= 1:
            combined = {**upper, **{c: r for c, r in roles.items() if r or c not in upper}}
            kind = kind_of(combined)
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
            cur.header_boxes = boxes(row)
            continue
        if kind:
            cur = Block(kind, table, i, roles, _block_unit(table, row, i), _amount_field(row),
                        header_cols=[c.col for c in row], header_boxes=boxes(row),
                        start=min(c.start for c in row), end=max(c.end for c in row))
            blocks.append(cur)
            upper = None
            continue
        upper = roles if sum(1 for r in roles.values() if r) >= 2 else None
        if cur is None or not any(c.text.strip() for c in row):
            continue
        if cur.kind != "indicator" and not cur.lines and cur.table is table and i == cur.header_row + 1 \
                and sub_header(row):
            continue            # 总额 | 财政拨款 | 其他资金 under 全年预算数: the header's second row
        if (cur.grid or cur.table) is not table:
            if len(row) != len(cur.header_cols):
                cur = None
                continue
            row = [replace(c, col=col) for c, col in zip(row, cur.header_cols)]
        if cur.kind == "indicator":
            add_indicator_row(cur, row)
            cur.end = max([cur.end] + [c.end for c in row])
            if cur.total is not None:
                cur = None  # nothing after 总分 belongs to the block (自评等级 …)
        elif not add_budget_row(cur, row):
            cur = None      # a row with no amounts ends a budget block (年度总体目标 … follows it)
        else:
            cur.end = max([cur.end] + [c.end for c in row])
    return blocks, cur


def document_blocks(doc: Document) -> list[Block]:
    """Every block of every table, an open block going on into the next table on the next page.  The rows
    of each 绩效自评表 carry its id as `evaluation` (.forms)."""
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
