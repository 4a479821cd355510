"""What a header cell says about the bare numbers under it, for any table (not only a 自评表's blocks): the
money unit printed in it (`金额（万元）`) or in force for the table (`单位：万元`), the year it is of
(`2024年支出`), whether it holds amounts, changes (增减额) or target/actual values whose unit stands in
the row's own 度量单位 cell, and the words it adds to a cell's label.  The wordings are data
(`[header_words]` of schemas/table_templates.toml); the figures stage reads tables through this module.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Optional

from ..model import Cell, Table
from ..numbers import unit_table
from .cells import schema

NUMBER_CELL = re.compile(r"^-?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^-?\d+(?:\.\d+)?$")


@functools.lru_cache(maxsize=None)
def _words() -> dict[str, re.Pattern]:
    w = schema()["header_words"]
    money = "|".join(map(re.escape, schema()["units"]["money"]))
    out = {k: re.compile(v) for k, v in w.items()}
    # a money unit in brackets (金额（万元）) or after 单位： (单位：万元), in a header cell or a caption
    out["unit"] = re.compile(rf"[（(]\s*({money})\s*[)）]|单位[：:]\s*({money})")
    out["caption_unit_end"] = re.compile(rf"[（(](?:单位[：:])?(?:{money})[)）][：:。]?\s*$")
    return out


def is_number(text: str) -> bool:
    """A cell that is a bare number as printed (`1,240.50`, `-12.5`)."""
    return bool(NUMBER_CELL.match(text))


def unit_in(text: str) -> Optional[str]:
    """The money unit a header cell or caption prints (`（万元）`, `单位：元`), or None."""
    m = _words()["unit"].search(text)
    return (m.group(1) or m.group(2)) if m else None


def strip_unit(text: str) -> str:
    return _words()["unit"].sub("", text)


@dataclass(frozen=True)
class Column:
    """One header cell and what it means for the numbers below it."""
    cell: Cell
    unit: Optional[str]          # a money unit printed in the header itself
    label: str                   # the header's words for a label ('' when it says only 金额 / 合计 …)
    year: Optional[int]          # 2024年支出 → 2024
    money: bool                  # an amount column: its numbers take the table's unit
    counted: bool                # not an amount (分值, 执行率, 人数 …), whatever unit it prints
    change: bool                 # 增减额: its numbers are changes, their sign the direction
    value: bool                  # 指标值 / 完成值: its numbers take the row's 度量单位 cell


@dataclass
class Header:
    """The header row in force over a row of a table, and the table's money unit under it."""
    cells: list[Cell]
    unit: Optional[str]
    columns: dict[int, Column] = field(default_factory=dict)   # col → the first header cell at it
    unit_col: Optional[int] = None                              # 四川: 指标值 | 度量单位 | 完成值
    latest: int = 0                                             # the latest year a column is of

    def unit_of(self, column: Column, row: list[Cell]) -> Optional[str]:
        """The unit of a bare number under `column` in `row`, or None when it is no figure."""
        if column.unit:
            return None if column.counted else column.unit
        if self.unit and column.money:
            return self.unit
        if column.value and self.unit_col is not None:
            row_unit = next((x.text.strip() for x in row if x.col == self.unit_col), None)
            if row_unit in unit_table():
                return row_unit
        return None

    def prior(self, column: Column) -> bool:
        """A column of an earlier year than the latest one holds prior-year values (| 2025年 | 2024年 |)."""
        return (column.year if column.year is not None else self.latest) < self.latest


def _column(c: Cell) -> Column:
    w = _words()
    text = c.text
    unit = unit_in(text)
    y = w["year"].search(text)
    return Column(cell=c, unit=unit, label=w["amount_only"].sub("", strip_unit(text)),
                  year=int(y.group(1)) if y else None,
                  money=bool(w["money"].search(text)) and not w["counted"].search(text),
                  counted=bool(w["counted"].search(strip_unit(text))), change=bool(w["change"].search(text)),
                  value=bool(w["value"].search(text)))


def is_header_row(row: list[Cell]) -> bool:
    """Two or more words and no number: a header row of any table."""
    texts = [c.text for c in row if c.text]
    return len(texts) >= 2 and not any(is_number(t) or re.search(r"\d", t) and "%" in t for t in texts)


def headers_of(t: Table) -> dict[int, Optional[Header]]:
    """For each row index: the header row above it (None before the first), with the table's unit:
    the caption's (单位：万元 anywhere, or a caption ending in （万元）), or the first header cell's."""
    out: dict[int, Optional[Header]] = {}
    caption = t.caption or ""
    caption_unit = unit_in(caption) if "单位" in caption or _words()["caption_unit_end"].search(caption) else None
    head: Optional[Header] = None
    for r, row in enumerate(t.rows):
        if is_header_row(row):
            unit = unit_in(row[0].text) if row else None
            head = Header(cells=row, unit=unit or caption_unit)
            for c in row:
                head.columns.setdefault(c.col, _column(c))
            head.unit_col = next((x.col for x in row if _words()["unit_column"].fullmatch(x.text.strip())), None)
            head.latest = max((col.year for col in head.columns.values() if col.year is not None), default=0)
        out[r] = head
    return out


def cell_label(row: list[Cell], cell: Cell, column: Optional[Column]) -> str:
    """A table number's label: the row's most specific label (the last text cell left of it) and the words
    of its column header (年初预算数, 2024年支出), unless the header says only 金额."""
    before = [c.text for c in row if c.col < cell.col and c.text and not re.search(r"\d", c.text)]
    first = _words()["row_label_prefix"].sub("", strip_unit(before[-1] if before else ""))
    head = column.label if column is not None and column.cell is not cell else ""
    return (first + head) if head and first != cell.text else first
