"""Canonical fields read from the statements of a budget or final account (schemas/field_tables.toml).

The statements (收支总表, 支出总表, 基本支出表, “三公”经费表) print bare amounts under a unit stated
once for the table (单位：万元).  A field comes from the total row of a table under a column header that
names it (合计 | 基本支出 | 项目支出), or from the amount right after a label cell (本年收入合计 | 1,935.36).
A table with no stated unit takes the unit of a text figure that prints one of its totals the same way
(1,935.36 in the table, 1935.36万元 in the text); a table whose unit cannot be told gives no field.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from .model import Cell, FieldValue, Report, Table
from .rules import load

AMOUNT = re.compile(r"^-?[\d,]+(\.\d+)?$")
SCALE = {"元": Decimal(1), "万元": Decimal(10000)}
QUOTES = re.compile(r"[“”\"'‘’「」\s]")
YEAR = re.compile(r"((?:19|20)\d{2})年")
NOT_HEADER = re.compile(r"^([\d*]+|栏次)$")     # the column numbers under a statement's headers (** | 1 | 2)


@functools.lru_cache(maxsize=1)
def _spec() -> dict:
    d = load("field_tables")
    return {"unit": re.compile(d["unit"]), "total": re.compile(d["total_row"]), "skip": re.compile(d["skip_header"]),
            "statement": re.compile(d["statement"]), "default_unit": d["default_unit"],
            "prior": re.compile(d["prior_header"]),
            "columns": [(c["field"], re.compile(c["header"]), c.get("genre"),
                         re.compile(c["title"]) if "title" in c else None) for c in d["column"]],
            "final_row": re.compile(d["final_row"]),
            "rows": [(r["field"], [re.compile(x) for x in r["labels"]], r.get("genre"),
                      re.compile(r["title"]) if "title" in r else None) for r in d["row"]]}


def _amount(text: str) -> Optional[Decimal]:
    t = "".join(text.split())
    if not AMOUNT.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:
        return None


def _data(text: str) -> bool:
    """An amount as a statement prints it (1,517.95), not a column number (1)."""
    return _amount(text) is not None and bool(re.search(r"[.,]", text))


def _clean(text: str) -> str:
    return QUOTES.sub("", text)


def table_fields(report: Report, budget: bool, numbering: re.Pattern,
                 fund_part: re.Pattern) -> dict[str, tuple[FieldValue, bool]]:
    """Field id → (value, whether its table is one fund's part) for the fields the report's statement tables
    give: the first table of the whole unit wins, else the first of a fund's part (一般公共预算支出表)."""
    spec = _spec()
    out: dict[str, tuple[FieldValue, bool]] = {}
    tables = sorted(report.document.tables, key=lambda t: bool(fund_part.search(_title(report, t)[-60:])))
    for table in tables:
        title = _title(report, table)
        found = _columns(table, spec, budget, title, report.meta.year) + \
            _rows(table, spec, budget, numbering, title, report.meta.year)
        if not found:
            continue
        scale = _scale(report, table, spec, [v for _, v, _ in found])
        if scale is None:
            continue
        for field, value, cell in found:
            if field not in out:
                out[field] = (FieldValue(field, _plain(value * scale), "元", None, None, cell.page, cell.start,
                                         cell.end, cell.text.strip(), "table"),
                              bool(fund_part.search(title[-60:])))
    return out


def _plain(v: Decimal) -> Decimal:
    """1,935.36 万元 → 19353600 元 (no trailing zeros: the amount as the text would state it)."""
    return v.quantize(Decimal(1)) if v == v.to_integral_value() else v.normalize()


def _genre_ok(genre: Optional[str], budget: bool) -> bool:
    return genre is None or (genre == "budget") == budget


def _value_row(table: Table, spec: dict, budget: bool = True) -> Optional[int]:
    """The total row: a row labelled 合计/总计 with amounts (outside a budget also the 决算数 row under the
    items); else a lone row of amounts under the headers."""
    labels = [spec["total"]] if budget else [spec["total"], spec["final_row"]]
    for pat in labels:
        for i, row in enumerate(table.rows):
            if any(pat.match(_clean(c.text)) for c in row) and any(_amount(c.text) is not None for c in row):
                return i
    for i, row in enumerate(table.rows):
        filled = [c for c in row if c.text.strip()]
        if filled and all(_amount(c.text) is not None for c in filled) and any("." in c.text for c in filled):
            rest = [r for r in table.rows[i + 1:] if any(c.text.strip() for c in r)]
            return i if len(rest) <= 2 else None    # one data row (a header repeated on the next page at most)
    return None


def _headers(table: Table, top: int) -> dict[int, list[str]]:
    """Column → its header texts from top to bottom.  A header cell spans the columns up to the next cell
    of its row (a merged cell: 上年 | 当年 over 合计 | 小计 | …; 预算数 | 决算数 over the items)."""
    heads: dict[int, list[str]] = {}
    last = max((c.col for r in table.rows for c in r), default=-1)
    for row in table.rows[:top]:
        cells = sorted(row, key=lambda c: c.col)
        for j, c in enumerate(cells):
            h = _clean(c.text)
            if not h or NOT_HEADER.match(h):
                continue
            end = cells[j + 1].col if j + 1 < len(cells) else last + 1
            for col in range(c.col, max(end, c.col + 1)):
                heads.setdefault(col, []).append(h)
    return heads


def _other_year(head: str, year: Optional[int]) -> bool:
    """2025年预算数 beside 2026年预算数 in a 2026 budget: the year before's column."""
    return bool(year) and any(int(y) != year for y in YEAR.findall(head))


def _columns(table: Table, spec: dict, budget: bool, title: str, year: Optional[int]) -> list[tuple[str, Decimal, Cell]]:
    v = _value_row(table, spec, budget)
    if v is None or v == 0:
        return []
    top = next((i for i, r in enumerate(table.rows[:v]) if any(_data(c.text) for c in r)), v)  # header rows end
    heads = _headers(table, top)
    out = []
    for cell in table.rows[v]:
        value = _amount(cell.text)
        hs = heads.get(cell.col, [])
        if value is None or not hs or any(spec["prior"].search(h) or _other_year(h, year) for h in hs):
            continue
        if not budget and any(spec["skip"].search(h) for h in hs):
            continue
        field = next((f for k in range(1, len(hs) + 1) for f, header, genre, within in spec["columns"]
                      if _genre_ok(genre, budget) and (within is None or within.search(title))
                      and header.search("".join(hs[-k:]))), None)
        if field:
            out.append((field, value, cell))
    return out


def _rows(table: Table, spec: dict, budget: bool, numbering: re.Pattern, title: str,
          year: Optional[int]) -> list[tuple[str, Decimal, Cell]]:
    top = next((i for i, r in enumerate(table.rows) if any(_data(c.text) for c in r)), len(table.rows))
    heads = _headers(table, top)

    def wanted(c: Cell) -> bool:         # not a 预算数 beside the 决算数, not last year's column
        hs = heads.get(c.col, [])
        return not any(spec["prior"].search(h) or _other_year(h, year) or (not budget and spec["skip"].search(h))
                       for h in hs)

    out = []
    for row in table.rows[top:]:
        cells = sorted(row, key=lambda c: c.col)
        for i, cell in enumerate(cells):
            label = numbering.sub("", _clean(cell.text))
            if not label or _amount(label) is not None:
                continue
            nxt = next((c for c in cells[i + 1:] if c.text.strip() and (wanted(c) or _amount(c.text) is None)), None)
            value = _amount(nxt.text) if nxt is not None else None
            if value is None:
                continue
            for field, pats, genre, within in spec["rows"]:
                if _genre_ok(genre, budget) and (within is None or within.search(title)) \
                        and any(p.search(label) for p in pats):
                    out.append((field, value, nxt))
                    break
    return out


def _before(report: Report, table: Table) -> str:
    """The lines right before a table (its title and unit), not the rows of a table before it."""
    before = report.document.text[max(0, table.start - 160):table.start]
    return before[before.rfind("|\n") + 1:]


def _title(report: Report, table: Table) -> str:
    return _clean(_before(report, table) + (table.caption or ""))


def _scale(report: Report, table: Table, spec: dict, values: list[Decimal]) -> Optional[Decimal]:
    """The table's unit as a multiplier to 元: as stated, else as a text figure printing one of its amounts."""
    head = " ".join(c.text for r in table.rows[:4] for c in r)
    for where in (table.caption, _before(report, table), head):
        m = spec["unit"].search(where or "")
        if m:
            return SCALE[m.group("unit")]
    for f in report.figures:
        if not f.table and f.kind == "money" and f.unit in SCALE and f.value in values and f.value != 0:
            return SCALE[f.unit]
    if spec["statement"].search("".join((table.caption or "").split())):
        return SCALE[spec["default_unit"]]       # a statement by its title (…收支总体情况表): the template's unit
    return None
