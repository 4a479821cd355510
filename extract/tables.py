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
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Optional

from .model import Cell, Document, Finding, Report, Table
from .rules import load

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
    roles: dict[int, Optional[str]]   # left edge of each non-empty header cell → its role
    unit: Optional[str] = None
    amount_field: str = "amount"
    lines: list[dict] = field(default_factory=list)
    total: Optional[dict] = None
    subtotals: list[dict] = field(default_factory=list)   # 小计 rows, and scored rows with no 三级指标
    header_cols: list[int] = field(default_factory=list)  # col of every cell of the header row
    grid: Optional[Table] = None      # the table `roles` are numbered in, when not `table` (carried on)

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
        if kind and cur is not None and cur.kind == kind and cur.total is None \
                and set(roles.values()) == set(cur.roles.values()):
            # the block's header repeated after a page break: the block goes on, in this grid's columns
            cur.roles, cur.header_cols, cur.grid = roles, [c.col for c in row], table
            continue
        if kind:
            cur = Block(kind, table, i, roles, _block_unit(table, row, i), _amount_field(row),
                        header_cols=[c.col for c in row])
            blocks.append(cur)
            upper = None
            continue
        upper = roles if sum(1 for r in roles.values() if r) >= 2 else None
        if cur is None or not any(c.text.strip() for c in row):
            continue
        if (cur.grid or cur.table) is not table:
            if len(row) != len(cur.header_cols):
                cur = None
                continue
            row = [replace(c, col=col) for c, col in zip(row, cur.header_cols)]
        if cur.kind == "indicator":
            _add_indicator_row(cur, row)
            if cur.total is not None:
                cur = None  # nothing after 总分 belongs to the block (自评等级 …)
        elif not _add_budget_row(cur, row):
            cur = None      # a row with no amounts ends a budget block (年度总体目标 … follows it)
    return blocks, cur


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
    if _is_total(_first_text(row), schema()["rows"]["indicator_total"]):
        row = _right_aligned(block, row)
        cells = block.cells_by_role(row)
        block.total = {"weight": parse_number(_text(cells, "weight")),
                       "score": parse_number(_text(cells, "score")),
                       "page": row[0].page, "cells": [c.text for c in row]}
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
    line.update(_measures(cells))
    line.update({"weight": weight, "score": score, "reason": _reason(cells),
                 "page": (cells.get("level3") or row[0]).page, "table": block.table.id,
                 "cells": [c.text for c in row]})
    block.lines.append(line)


def _right_aligned(block: Block, row: list[Cell]) -> list[Cell]:
    """A .docx/.txt total row whose label spans several columns has fewer cells than the header, and
    its cells are numbered in order, not by position: its value cells are the header's last ones."""
    n = len(block.header_cols)
    if len(row) >= n or len(row) < 2 or any(c.bbox is not None for c in row):
        return row
    tail = block.header_cols[n - (len(row) - 1):]
    return [replace(row[0], col=block.header_cols[0])] + [replace(c, col=col) for c, col in zip(row[1:], tail)]


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
    if values["amount"] is not None and block.amount_field in ("spent", "budget") and line[block.amount_field] is None:
        line[block.amount_field] = values["amount"]
    line.update({"amount": values["amount"], "share": values["share"], "kind": block.kind})
    block.lines.append(line)
    return True


def document_blocks(doc: Document) -> list[Block]:
    """Every block of every table, an open block going on into the next table on the next page."""
    blocks: list[Block] = []
    prev: Optional[Table] = None
    open_block: Optional[Block] = None
    for t in doc.tables:
        follows = prev is not None and open_block is not None and open_block.total is None and \
            not doc.text[prev.end:t.start].strip() and t.page == max(c.page for r in prev.rows for c in r) + 1
        new, open_block = _parse_table(t, open_block if follows else None)
        blocks.extend(new)
        prev = t
    return blocks


def read_tables(doc: Document) -> tuple[list[dict], list[dict]]:
    """(budget_lines, indicators) of every table of the document, in reading order."""
    budget: list[dict] = []
    indicators: list[dict] = []
    for b in document_blocks(doc):
        (indicators if b.kind == "indicator" else budget).extend(b.lines)
    return budget, indicators


def forms(blocks: list[Block]) -> list[tuple[Block, Optional[dict]]]:
    """Each indicator block with the scored row (年度资金总额 / 部门整体支出: the first with a 分值 or
    得分) of the budget block just before it, i.e. of the same 自评表; None when there is none."""
    out: list[tuple[Block, Optional[dict]]] = []
    pending: Optional[Block] = None
    for b in blocks:
        if b.kind == "budget":
            pending = b
        elif b.kind == "indicator":
            head = next((ln for ln in pending.lines if ln["weight"] is not None or ln["score"] is not None),
                        None) if pending is not None else None
            out.append((b, head))
            pending = None
    return out


# ---------------------------------------------------------------------------------------------
# checks
#
# Tolerance follows the printed precision: `90.11` stands for [90.105, 90.115] and a check fails only
# when no values inside the printed intervals satisfy it.  Money and rates are rounded when printed,
# so an integer amount `120` is [119.5, 120.5].  Weights and scores are different: a `10` in a 分值 or
# 得分 cell is an exact grade, not a rounded one, so integers are exact and only a decimal score
# (`8.58`, from 85.85% × 10) carries the half unit of its last digit.

Interval = tuple[Decimal, Decimal]


def _half_unit(s: str) -> Decimal:
    exp = Decimal(s).as_tuple().exponent
    return Decimal(1).scaleb(int(exp)) / 2 if isinstance(exp, int) else Decimal(0)


def rounded(s: str) -> Interval:
    """The interval a printed rounded value stands for."""
    d, h = Decimal(s), _half_unit(s)
    return d - h, d + h


def graded(s: str) -> Interval:
    """A printed score/weight: exact when integral, else rounded to its decimals."""
    d = Decimal(s)
    return (d, d) if d == d.to_integral_value() and "." not in s else rounded(s)


def _add(intervals: list[Interval]) -> Interval:
    return sum((i[0] for i in intervals), Decimal(0)), sum((i[1] for i in intervals), Decimal(0))


def _overlap(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _fmt(d: Decimal) -> str:
    """A Decimal for a message: no exponent, no trailing zeros."""
    q = d.quantize(Decimal("0.0001")) if d.as_tuple().exponent < -4 else d
    s = format(q.normalize(), "f")
    return s


def _ratio(spent: str, budget: str) -> Optional[Interval]:
    """spent / budget in percent over the printed intervals of both (None when the budget may be 0)."""
    s, b = rounded(spent), rounded(budget)
    if b[0] <= 0:
        return None
    return s[0] / b[1] * 100, s[1] / b[0] * 100


@dataclass
class _Ctx:
    report: Report
    findings: list[Finding] = field(default_factory=list)

    def section_of(self, table: Table) -> Optional[str]:
        """The innermost section whose span holds the table's start."""
        best = None
        for s in self.report.sections:
            if s.start <= table.start < max(s.end, s.start + 1):
                if best is None or (s.end - s.start) <= (best.end - best.start):
                    best = s
        return best.id if best else None

    def add(self, rule: str, category: str, severity: str, message: str, table: Table, key: str,
            expression: str = "", expected: Optional[Decimal] = None, actual: Optional[Decimal] = None,
            tolerance: Optional[Decimal] = None, pages: Optional[list[int]] = None) -> None:
        delta = actual - expected if expected is not None and actual is not None else None
        doc = self.report.document
        fp = hashlib.sha1(f"{doc.doc_id}|{rule}|{table.id}|{key}".encode("utf-8")).hexdigest()[:16]
        self.findings.append(Finding(
            rule=rule, category=category, severity=severity, message=message, section=self.section_of(table),
            figures=[], expected=_fmt(expected) if expected is not None else None,
            actual=_fmt(actual) if actual is not None else None, expression=expression,
            delta=_fmt(delta) if delta is not None else None,
            tolerance=_fmt(tolerance) if tolerance is not None else None,
            pages=sorted(set(pages or [table.page])), fingerprint=fp))


def _forms(blocks: list[Block]) -> list[tuple[Block, Optional[Block]]]:
    """Each indicator block with the budget block of the same 自评表 (the one just before it)."""
    out = []
    pending: Optional[Block] = None
    for b in blocks:
        if b.kind == "budget":
            pending = b
        elif b.kind == "indicator":
            out.append((b, pending))
            pending = None
    return out


def _budget_head(block: Optional[Block]) -> Optional[dict]:
    """The budget block's scored row (年度资金总额 / 部门整体支出): the first with a 分值 or 得分."""
    if block is None:
        return None
    return next((ln for ln in block.lines if ln["weight"] is not None or ln["score"] is not None), None)


def table_findings(report: Report) -> list[Finding]:
    """Consistency findings of the report's tables (rule ids `table.*`, categories of findings.md)."""
    ctx = _Ctx(report)
    blocks = document_blocks(report.document)
    forms = _forms(blocks)
    for ind, bud in forms:
        _check_totals(ctx, ind, _budget_head(bud), "weight", "table.weight_total", "分值")
        _check_totals(ctx, ind, _budget_head(bud), "score", "table.score_total", "得分")
        _check_over_weight(ctx, ind)
    _check_self_score(ctx, forms)
    for b in blocks:
        if b.kind == "indicator":
            continue
        _check_over_weight(ctx, b)
        for ln in b.lines:
            _check_rate(ctx, b, ln)
            _check_budget_score(ctx, b, ln)
            _check_reason(ctx, b, ln)
        _check_zero_total(ctx, b)
        _check_shares(ctx, b)
    return ctx.findings


def _check_totals(ctx: _Ctx, block: Block, head: Optional[dict], key: str, rule: str, word: str) -> None:
    """Σ indicator 分值/得分 (with or without the budget block's) against the stated total row."""
    stated = (block.total or {}).get(key)
    parts = [ln[key] for ln in block.lines if ln[key] is not None]
    if stated is None or not parts:
        return
    extra = head.get(key) if head else None
    options = [parts] + ([parts + [extra]] if extra is not None else [])
    target = graded(stated)
    if any(_overlap(_add([graded(p) for p in opt]), target) for opt in options):
        return
    best = options[-1]
    total = sum(Decimal(p) for p in best)
    lo, hi = _add([graded(p) for p in best])
    tol = max(hi - total, total - lo) + (target[1] - Decimal(stated))
    what = f"指标{word}{_fmt(sum(Decimal(p) for p in parts))}" + (f" + 预算执行{word}{extra}" if extra is not None else "")
    ctx.add(rule, "score_mismatch", "error",
            f"自评表各项{word}之和为{_fmt(total)}（{what}），但合计行写的是{stated}",
            block.table, f"{key}:{stated}", expression=f"Σ{word} = 合计{word}", expected=total,
            actual=Decimal(stated), tolerance=tol, pages=[block.total["page"]])


def _check_self_score(ctx: _Ctx, forms: list[tuple[Block, Optional[Block]]]) -> None:
    """The table's total score against the 自评得分 stated in the text (one scored form only)."""
    fv = ctx.report.fields.get("self_score") if ctx.report.fields else None
    value = getattr(fv, "value", fv.get("value") if isinstance(fv, dict) else None) if fv is not None else None
    scored = [(b, bud) for b, bud in forms if (b.total or {}).get("score") or b.lines]
    if value is None or len(scored) != 1:
        return
    if getattr(fv, "source", "text") == "table":
        return                      # read from this very table: nothing to compare
    block, bud = scored[0]
    stated = (block.total or {}).get("score")
    if stated is not None:
        table_val, source = Decimal(stated), "自评表合计得分"
        table_iv = graded(stated)
    else:
        parts = [ln["score"] for ln in block.lines if ln["score"] is not None]
        head = _budget_head(bud)
        if head and head.get("score") is not None:
            parts.append(head["score"])
        if not parts:
            return
        table_val, source = sum(Decimal(p) for p in parts), "自评表各项得分之和"
        table_iv = _add([graded(p) for p in parts])
    try:
        text_val = Decimal(str(value))
    except InvalidOperation:
        return
    text_iv = graded(str(value))
    if _overlap(table_iv, text_iv):
        return
    ctx.add("table.self_score", "score_mismatch", "error",
            f"报告所写自评得分为{_fmt(text_val)}分，{source}为{_fmt(table_val)}分",
            block.table, f"self:{value}", expression=f"{source} = 自评得分", expected=table_val,
            actual=text_val, tolerance=table_iv[1] - table_val)


def _check_over_weight(ctx: _Ctx, block: Block) -> None:
    """A score above its own weight (分值/权重)."""
    for ln in block.lines:
        if ln["weight"] is None or ln["score"] is None:
            continue
        if Decimal(ln["score"]) > Decimal(ln["weight"]):
            name = ln.get("level3") or ln.get("row") or ""
            ctx.add("table.score_over_weight", "score_mismatch", "error",
                    f"“{name}”得分{ln['score']}超过其分值{ln['weight']}", block.table, f"over:{name}",
                    expression="得分 ≤ 分值", expected=Decimal(ln["weight"]), actual=Decimal(ln["score"]),
                    tolerance=Decimal(0), pages=[ln["page"]])


def _computed_rate(ln: dict) -> Optional[Interval]:
    if ln.get("spent") is None or ln.get("budget") is None:
        return None
    return _ratio(ln["spent"], ln["budget"])


def _check_rate(ctx: _Ctx, block: Block, ln: dict) -> None:
    """执行率 = 执行数 / 预算数 at printed precision (a stated 100% is accepted when spending exceeds the
    budget: rates are commonly capped)."""
    if ln["rate"] is None:
        return
    calc = _computed_rate(ln)
    if calc is None:
        return
    stated = rounded(ln["rate"])
    if _overlap(calc, stated) or (Decimal(ln["rate"]) == 100 and calc[0] >= 100):
        return
    exact = Decimal(ln["spent"]) / Decimal(ln["budget"]) * 100
    ctx.add("table.rate", "ratio_mismatch", "error",
            f"“{ln['row']}”执行率写为{ln['rate']}%，但全年执行数{ln['spent']}÷全年预算数{ln['budget']}"
            f"={exact:.2f}%",
            block.table, f"rate:{ln['row']}", expression=f"{ln['spent']} / {ln['budget']} × 100",
            expected=exact.quantize(Decimal("0.0001")), actual=Decimal(ln["rate"]),
            tolerance=stated[1] - Decimal(ln["rate"]), pages=[ln["page"]])


def _check_budget_score(ctx: _Ctx, block: Block, ln: dict) -> None:
    """The budget block's 得分 = min(执行率, 100%) × 分值.  A warning: some templates score by bands."""
    if ln["weight"] is None or ln["score"] is None:
        return
    rate = _computed_rate(ln) or (rounded(ln["rate"]) if ln["rate"] is not None else None)
    if rate is None:
        return
    w = Decimal(ln["weight"])
    cap = lambda r: min(r, Decimal(100)) / 100 * w  # noqa: E731
    expected = cap(rate[0]), cap(rate[1])
    s = Decimal(ln["score"])
    unit = _half_unit(ln["score"]) * 2
    printed = (s - unit / 2, s + unit)          # rounded or truncated to the printed digits
    if _overlap(expected, printed):
        return
    mid = cap((rate[0] + rate[1]) / 2).quantize(Decimal("0.01"))
    ctx.add("table.budget_score", "score_mismatch", "warning",
            f"“{ln['row']}”预算执行得分写为{ln['score']}分，按执行率×分值{ln['weight']}应为{_fmt(mid)}分",
            block.table, f"bscore:{ln['row']}", expression=f"min(执行率, 100%) × {ln['weight']}",
            expected=mid, actual=s, tolerance=unit, pages=[ln["page"]])


_SENTENCE = re.compile(r"[^。；;！!？?\n]+")


def _reason_in_text(doc: Document, rate: str) -> bool:
    """Whether a sentence of the narrative that names 执行率 (or this rate) also gives a reason."""
    words = re.compile(schema()["checks"]["reason_words"])
    table_spans = [(p.start, p.end) for p in doc.paragraphs if p.kind == "table"]
    for m in _SENTENCE.finditer(doc.text):
        s = m.group(0)
        if "执行率" not in s and f"{rate}%" not in s:
            continue
        if any(a <= m.start() < b for a, b in table_spans):
            continue
        if words.search(s) and not s.strip().endswith("原因分析"):
            return True
    return False


def _check_reason(ctx: _Ctx, block: Block, ln: dict) -> None:
    """执行率 below 90% needs a reason.  The reason cell is looked at first; when it is empty the
    narrative may still explain it (the check engine judges the text), so this is a warning only when
    no sentence about 执行率 gives a reason (原因/由于/主要是/受…影响), else info."""
    if ln["rate"] is not None:
        rate = rounded(ln["rate"])
        shown = ln["rate"]
    else:
        rate = _computed_rate(ln)
        shown = _fmt(((rate[0] + rate[1]) / 2).quantize(Decimal("0.01"))) if rate else None
    limit = Decimal(schema()["checks"]["reason_rate"])
    if rate is None or rate[1] >= limit:
        return
    reason = ln.get("reason")
    if reason and reason not in schema()["rows"]["no_reason"]:
        return
    in_text = _reason_in_text(ctx.report.document, shown)
    ctx.add("table.missing_reason", "missing_reason", "info" if in_text else "warning",
            f"“{ln['row']}”执行率{shown}%低于{_fmt(limit)}%，自评表未填写偏差原因"
            + ("（正文中有原因说明，请核对）" if in_text else "，正文也未说明原因"),
            block.table, f"reason:{ln['row']}", expression=f"执行率 < {_fmt(limit)}% ⇒ 原因",
            expected=limit, actual=Decimal(shown), pages=[ln["page"]])


def _check_zero_total(ctx: _Ctx, block: Block) -> None:
    """An all-zero total row (年度资金总额 / 合计) above detail rows that are not zero."""
    if len(block.lines) < 2:
        return
    head = block.lines[0]
    totals = schema()["rows"]["budget_total"]
    if not head["row"] or not _is_total(head["row"], totals):
        return
    keys = ("initial_budget", "budget", "spent")
    vals = [head[k] for k in keys if head.get(k) is not None]
    if not vals or any(Decimal(v) != 0 for v in vals):
        return
    for ln in block.lines[1:]:
        nz = [(k, ln[k]) for k in keys if ln.get(k) is not None and Decimal(ln[k]) != 0]
        if nz:
            k, v = nz[0]
            ctx.add("table.zero_total", "sum_mismatch", "error",
                    f"“{head['row']}”一行全部为0，但其下“{ln['row']}”为{v}{block.unit or ''}",
                    block.table, f"zero:{head['row']}", expression=f"{head['row']} ≥ {ln['row']}",
                    expected=Decimal(v), actual=Decimal(0), pages=[head["page"], ln["page"]])
            return


def _check_shares(ctx: _Ctx, block: Block) -> None:
    """支出构成 tables: each 占总支出比例 = its amount / the 合计 row's amount, at printed precision."""
    totals = schema()["rows"]["budget_total"]
    total = next((ln for ln in reversed(block.lines) if ln["row"] and _is_total(ln["row"], totals)
                  and ln.get("amount") is not None), None)
    if total is None:
        return
    for ln in block.lines:
        if ln.get("share") is None or ln.get("amount") is None:
            continue
        calc = _ratio(ln["amount"], total["amount"])
        if calc is None or _overlap(calc, rounded(ln["share"])):
            continue
        exact = Decimal(ln["amount"]) / Decimal(total["amount"]) * 100
        ctx.add("table.share", "ratio_mismatch", "error",
                f"“{ln['row']}”占比写为{ln['share']}%，但{ln['amount']}÷{total['amount']}={exact:.2f}%",
                block.table, f"share:{ln['row']}", expression=f"{ln['amount']} / {total['amount']} × 100",
                expected=exact.quantize(Decimal("0.0001")), actual=Decimal(ln["share"]),
                tolerance=_half_unit(ln["share"]), pages=[ln["page"]])
