"""Tables in web-copied text, in the forms copying leaves them:

- pipe rows, with or without a leading `|` (`项目 | 金额 | 占比`), markdown rule lines dropped;
- one row per line, cells separated by tabs, by runs of two or more spaces, or (for rows of short
  cells holding numbers, like `政府机关 财政拨款 22 21`) by single spaces;
- one cell per line (`项目名称` / `某某项目` / … or `年初预算数` / … / `500.00` / …), also marked by a
  trailing `|` (`238.93 |`), and the label-line/value-line form (`人员编制` / `21` / `实有人数` / `21`):
  the grid is recovered from the period with which the numeric cells repeat under a header of labels.

`find_tables(lines)` returns the lines in order as ("text", line) and ("table", rows) items.
"""
from __future__ import annotations

import re
from typing import Optional

from .chars import HEADING_START
from .textclean import unit_start

_NUM = re.compile(r"^(?:[≥≤><＝=]|大于|小于|不低于|不高于)?\s*[-+]?\d[\d,]*(?:\.\d+)?\s*[%％‰]?$")
_EMPTY = {"", "/", "-", "—", "--", "——", "－", "…", "……", "\\"}
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PROSE = re.compile(r"[，。；,;]")
MAX_K = 12


def find_tables(lines: list[str]) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    i, n = 0, len(lines)
    while i < n:
        for form in (_pipe_rows, _marked_cells, _tab_rows, _wide_space_rows, _space_rows, _cell_run):
            got = form(lines, i)
            if got is not None:
                new_items, i = got
                items.extend(new_items)
                break
        else:
            items.append(("text", lines[i]))
            i += 1
    return items


def is_num(cell: str) -> bool:
    return bool(_NUM.match(cell.replace(" ", "")))


def _kind(cell: str) -> str:
    c = cell.strip()
    return "e" if c in _EMPTY else ("n" if is_num(c) else "t")


# --- one row per line -------------------------------------------------------------------------

def _run(lines: list[str], i: int, split) -> list[list[str]]:
    rows = []
    while i < len(lines) and (cells := split(lines[i])) is not None:
        rows.append(cells)
        i += 1
    return rows


def _pipe_split(line: str) -> Optional[list[str]]:
    s = line.strip()
    if _RULE.match(s) and "|" in s:
        return []
    if s.count("|") < 1 or s == "|" or (s.count("|") == 1 and s.endswith("|")):
        return None
    cells = [c.strip() for c in s.strip("|").split("|")]
    return cells if len(cells) >= 2 else None


def _pipe_rows(lines, i):
    s = lines[i].strip()
    rows = _run(lines, i, _pipe_split)
    real = [r for r in rows if r]
    if not real or (not s.startswith("|") and len(real) < 2) or (s.startswith("|") and s.count("|") < 2):
        return None
    return [("table", real)], i + len(rows)


def _tab_split(line: str) -> Optional[list[str]]:
    if "\t" not in line.strip("\t "):
        return None
    cells = [c.strip() for c in line.strip().split("\t")]
    return cells if len(cells) >= 2 else None


def _tab_rows(lines, i):
    rows = _run(lines, i, _tab_split)
    if not rows or (len(rows) == 1 and len(rows[0]) < 3):
        return None
    return [("table", align_short_rows(rows))], i + len(rows)


def align_short_rows(rows: list[list[str]]) -> list[list[str]]:
    """A table copied from a browser leaves out the cells a span covers, so such a row comes out short:
    missing its leading cells (一级/二级指标 spanning the rows below) or its trailing ones (a cell spanning
    to the right edge).  A short row is placed where its cells' kinds (number, text, empty) best match the
    row above; on a tie it stays left."""
    out: list[list[str]] = []
    width = 0
    prev: list[str] = []
    for row in rows:
        header = len(row) >= 3 and not any(is_num(c) for c in row)
        if header and len(row) >= width or not width:
            width, prev = len(row), []
            out.append(row)
            continue
        if len(row) < width:
            shifts = range(width - len(row) + 1) if prev and len(row) >= 2 else [0]
            best = max(shifts, key=lambda k: (_agreement([""] * k + row, prev), -k))
            row = [""] * best + row + [""] * (width - len(row) - best)
        out.append(row)
        prev = row
    return out


def _agreement(row: list[str], above: list[str]) -> int:
    """How well two rows' cells agree column by column: quantities (`12天`, `≥98%`) under quantities,
    words under words; empty cells say nothing."""
    score = 0
    for a, b in zip(row, above):
        ka, kb = _kind(a), _kind(b)
        if "e" not in (ka, kb):
            score += 1 if _has_digit(a) == _has_digit(b) else -1
    return score


def _has_digit(cell: str) -> bool:
    return any(ch.isdigit() for ch in cell)


def _wide_split(line: str) -> Optional[list[str]]:
    cells = [c for c in re.split(r"\s{2,}|\u3000+", line.strip()) if c]
    if len(cells) < 2 or any(len(c) > 30 for c in cells) or _PROSE.search(line) or HEADING_START.match(line):
        return None
    if re.search(r"[：:]$", cells[0]):           # `单位名称：  某某局`: a labelled line, not a row
        return None
    return cells


def _wide_space_rows(lines, i):
    return _uniform_rows(_run(lines, i, _wide_split), i)


def _space_split(line: str) -> Optional[list[str]]:
    toks = line.split()
    if not 2 <= len(toks) <= 15 or any(len(t) > 20 for t in toks) or _PROSE.search(line) or "|" in line:
        return None
    if HEADING_START.match(line) or re.search(r"[。：:]$", line):
        return None
    for a, b in zip(toks, toks[1:]):          # `500.00 万元`, `2025 年度…`: a quantity, not two cells
        if is_num(a) and unit_start().match(b):
            return None
    return toks


def _space_rows(lines, i):
    return _uniform_rows(_run(lines, i, _space_split), i)


def _uniform_rows(rows, i):
    """A run of rows is a table when its rows (after a possible header one cell short, whose top-left
    corner was left blank) have one cell count, and its data rows hold numbers."""
    if len(rows) < 2:
        return None
    width = len(rows[-1])
    k = len(rows) - 1
    while k > 0 and len(rows[k - 1]) == width:
        k -= 1
    if k > 0 and len(rows[k - 1]) == width - 1 and not any(is_num(c) for c in rows[k - 1]):
        rows[k - 1] = [""] + rows[k - 1]
        k -= 1
    table = rows[k:]
    data = [r for r in table if any(is_num(c) for c in r)]
    if len(table) < 2 or len(data) < max(1, len(table) // 2):
        return None
    return [("text", " ".join(r)) for r in rows[:k]] + [("table", table)], i + len(rows)


# --- one cell per line ------------------------------------------------------------------------

def _marked_cells(lines, i):
    """`238.93 |` lines: one cell each, the trailing bar marking it (an empty cell is a lone `|`)."""
    j = i
    cells = []
    while j < len(lines) and lines[j].rstrip().endswith("|") and lines[j].count("|") == 1:
        cells.append(lines[j].rstrip()[:-1].strip())
        j += 1
    if len(cells) < 4:
        return None
    return _grids(cells, marked=True), j


def _cell_line(line: str) -> bool:
    """A line that can be one cell of a table copied a cell a line: short, no sentence inside it."""
    s = line.strip()
    return bool(s) and len(s) <= 40 and "。" not in s[:-1] and not re.search(r"[，；;]|,(?!\d)", s) \
        and not HEADING_START.match(s)


def _cell_run(lines, i):
    j = i
    while j < len(lines) and _cell_line(lines[j]):
        j += 1
    cells = [ln.strip() for ln in lines[i:j]]
    if len(cells) < 6 or sum(is_num(c) for c in cells) < 2:
        return None
    items = _grids(cells, marked=False)
    if not any(kind == "table" for kind, _ in items):
        return None
    return items, j


def _grids(cells: list[str], marked: bool) -> list[tuple[str, object]]:
    items: list[tuple[str, object]] = []
    p = 0
    while p < len(cells):
        g = _best_grid(cells, p)
        if g is None:
            if cells[p]:
                items.append(("text", cells[p]))
            p += 1
            continue
        k, nrows = g
        items.append(("table", [cells[p + r * k:p + (r + 1) * k] for r in range(nrows)]))
        p += k * nrows
    return items


def _best_grid(cells: list[str], p: int) -> Optional[tuple[int, int]]:
    """(columns, rows incl. the header) of the grid starting at cells[p]: a header of labels, then
    rows whose numeric columns repeat; the one covering most cells (fewest columns on a tie)."""
    best: Optional[tuple[int, int]] = None
    for k in range(2, MAX_K + 1):
        if p + 2 * k > len(cells):
            break
        head = cells[p:p + k]
        kinds = [_kind(c) for c in head]
        if "n" in kinds or kinds.count("e") > 1 or kinds[0] == "e" or any(len(c) > 24 for c in head):
            continue
        sig: Optional[list[str]] = None
        rows = 1
        while p + (rows + 1) * k <= len(cells):
            row = [_kind(c) for c in cells[p + rows * k:p + (rows + 1) * k]]
            if k > 2 and len(cells[p + rows * k]) > 24:      # a row starts with its label, not a note
                break
            if sig is None:
                if "n" not in row or row[0] == "n" and k > 2:
                    break
                sig = row
            elif not _compatible(row, sig):
                break
            rows += 1
        data = rows - 1
        numeric_only = sig is not None and all(x in "ne" for x in sig[1:])
        if data >= 2 or (data == 1 and k >= 3 and numeric_only):
            if best is None or rows * k > best[0] * best[1]:
                best = (k, rows)
    return best


def _compatible(row: list[str], sig: list[str]) -> bool:
    for i, (a, b) in enumerate(zip(row, sig)):
        if a == "e":
            continue
        if b == "e":
            sig[i] = a
            continue
        if a != b:
            return False
    return True
