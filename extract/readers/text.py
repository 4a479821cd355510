"""Plain text files (.txt): text copied from a web page or a PDF.

The bytes are decoded by `encoding.decode` (UTF-8 with or without BOM, UTF-16 with BOM, GB18030, Big5,
mixed files reported `partial`).  A page flattened onto one line is split back into lines
(`textclean.split_flattened`); the site's furniture above and below the report goes (its 发布时间 kept
as `Document.published`); tables in any of the forms copying leaves them are found (`textable`); and
lines are joined only where the text shows it was wrapped:

- text whose lines show a wrap width (copied from a PDF or a fixed-width page) joins a line that
  reaches that width with the next;
- paragraph-per-line text (web text, blank-line separated or not) keeps its lines as paragraphs; only a
  sentence a page break visibly cut (a line stopping at a comma, the next starting with closing
  punctuation, a number cut from its unit) is joined, never before a heading or a table row, and two
  numbers never glue.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..model import Document
from .builder import Builder, emit_table
from .chars import HEADING_START, PAGE_NUMBER
from .encoding import apply_decoding, decode
from .toc import mark_toc
from .rulings import GridCell
from .textable import find_tables
from .textclean import clean_furniture, is_flattened, join_split_titles, split_flattened, unit_start

MAX_TEXT_BYTES = 50 * 1024 * 1024
_WORD_TOC = re.compile(r"\s*PAGEREF\s+_Toc\d+\s*\\?h?\s*(\d{1,3})\s*$")    # Word's contents field codes


def read_txt(path: Path, doc: Document) -> None:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        doc.status, doc.error = "failed", f"text file too large ({size} bytes)"
        return
    decoded = decode(path.read_bytes())
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        doc.status, doc.error = "failed", f"empty file ({size} bytes of whitespace only)"
        return
    apply_decoding(doc, decoded)
    pages = without_markup(text).split("\f")
    raw = [[ln.rstrip() for ln in pg.split("\n")] for pg in pages]
    if is_flattened([ln for pg in raw for ln in pg]):
        raw = [[piece for ln in pg for piece in (split_flattened(ln) if len(ln) > 200 else [ln])] for pg in raw]
    lines_by_page = [join_split_titles([_WORD_TOC.sub(r"…………\1", ln.strip()) for ln in pg if ln.strip()])
                     for pg in raw]
    lines_by_page[0], head_date = clean_furniture(lines_by_page[0], tail=len(lines_by_page) == 1)
    tail_date = None
    if len(lines_by_page) > 1:
        lines_by_page[-1], tail_date = clean_furniture(lines_by_page[-1], head=False)
    width = wrap_width([ln for pg in raw for ln in pg])
    items_by_page = []
    for pg in lines_by_page:
        if width is not None:          # text copied from a PDF: its page numbers are furniture too
            pg = [ln for ln in pg if not PAGE_NUMBER.match(ln)]
        items = find_tables([ln for ln in pg if ln])
        items_by_page.append(_join_lines(items, width))
    lay_out_items(doc, items_by_page)
    doc.published = head_date or tail_date
    if not doc.text and doc.status != "failed":
        doc.status, doc.error = "failed", "no report text: only site furniture (navigation, footer)"


_MARKUP_START = re.compile(r"^(?:%%|#{1,6}\s)")
_MARKUP_LINE = re.compile(r"^(?:#{1,6}|>)\s+")


def without_markup(text: str) -> str:
    """A report written in light markup (a report source for tools/render.py, or Markdown): `%% key: value`
    settings go, `# ` / `## ` / `> ` line marks go, `===page===` is a page break.  Recognised only when the
    text opens with such a line, so plain text keeps every character."""
    first = [ln for ln in text.split("\n")[:12] if ln.strip()][:5]
    if not any(_MARKUP_START.match(ln) for ln in first):
        return text
    out = []
    for ln in text.split("\n"):
        if ln.startswith("%%"):
            continue
        out.append("\f" if ln.strip() == "===page===" else _MARKUP_LINE.sub("", ln))
    return "\n".join(out)


# --- joining wrapped lines ----------------------------------------------------------------------

def display_width(s: str) -> int:
    return sum(2 if ord(c) > 0x2E7F else 1 for c in s)


def wrap_width(lines: list[str]) -> Optional[int]:
    """The width at which the text was wrapped, if its lines show one: most long lines end within a few
    columns of the same width (a paragraph-per-line text has no such width)."""
    widths = [display_width(ln.strip()) for ln in lines if len(ln.strip()) >= 8 and not HEADING_START.match(ln)]
    if len(widths) < 6:
        return None
    widths.sort()
    top = widths[int(len(widths) * 0.9)]
    if top < 30:
        return None
    near = sum(1 for w in widths if top - 8 <= w <= top + 2)
    over = sum(1 for w in widths if w > top + 6)
    return top if near >= max(4, 0.4 * len(widths)) and over <= 0.05 * len(widths) else None


_CLOSED_END = re.compile(r"[。！？!?；;：:]$")
_TITLE_END = re.compile(r"(报告|情况|说明|目录|封面|问题|措施|建议|结论|表)$")


def _join_lines(items: list[tuple[str, object]], width: Optional[int]) -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for kind, val in items:
        if kind == "text" and out and out[-1][0] == "text":
            prev = out[-1][1]
            if _continues(prev, val, width):
                glue = " " if prev[-1:].isdigit() and val[:1].isdigit() else ""   # two numbers never glue
                out[-1] = ("text", prev + glue + val)
                continue
        out.append((kind, val))
    return out


def _continues(prev: str, line: str, width: Optional[int]) -> bool:
    if HEADING_START.match(line) or _CLOSED_END.search(prev) or _TITLE_END.search(prev):
        return False
    if width is not None:      # wrapped text: the line reached the wrap width (less the next line's first word)
        lead = re.match(r"[A-Za-z0-9.,%]*", line)
        return display_width(prev) + display_width(lead.group(0) if lead else "") >= width - 8
    # paragraph per line (web text, blank-line separated or not): a line is a paragraph; only a sentence a
    # page break visibly cut is joined: the line stops at a comma or an open bracket, the next starts with
    # closing punctuation, or a number is cut from its unit (`资金 18` / `万元`)
    if prev[-1:].isdigit() and line[:1].isdigit():
        return False
    if len(prev) < 30 or not re.search(r"[，。；,;]", prev):
        return False
    return bool(re.search(r"[，、（(“《,]$", prev) or re.match(r"[，。、；）)”》%,;]", line)
                or prev[-1:].isdigit() and unit_start().match(line))


# --- layout -------------------------------------------------------------------------------------

def _table_row(line: str) -> Optional[list[str]]:
    if line.startswith("|") and line.count("|") >= 2:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    return None


def lay_out_lines(doc: Document, lines_by_page: list[list[str]]) -> None:
    """Plain lines (from .docx): one paragraph per line; `|`- or tab-separated runs of lines are tables."""
    items_by_page = []
    for lines in lines_by_page:
        items: list[tuple[str, object]] = []
        for ln in lines:
            cells = _table_row(ln.replace("\u3000", " ").strip()) if ln else None
            if cells is not None:
                if items and items[-1][0] == "table":
                    items[-1][1].append(cells)
                else:
                    items.append(("table", [cells]))
            elif ln:
                items.append(("text", ln))
            else:
                items.append(("break", None))
        items_by_page.append(items)
    lay_out_items(doc, items_by_page)


def lay_out_items(doc: Document, items_by_page: list[list[tuple[str, object]]]) -> None:
    """Text items become paragraphs, table items tables (through `emit_table`, as PDF grids do)."""
    b = Builder(doc)
    last_text = ""
    for pno, items in enumerate(items_by_page, start=1):
        for kind, val in items:
            if kind == "table":
                rows = [(pno, [GridCell(r, c, None, [(ch, None) for ch in cell]) for c, cell in enumerate(row)])
                        for r, row in enumerate(val)]
                if rows:
                    emit_table(b, rows, doc, last_text)
            elif kind == "text" and val:
                if b.paragraph([(ch, None) for ch in val], pno):
                    last_text = b.parts[-1]
    doc.pages = len(items_by_page)
    b.finish(doc.pages)
    mark_toc(doc)
