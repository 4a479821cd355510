"""Word documents (.docx): paragraphs and tables in body order, tables read from their cell structure.

Tables go to `emit_table` as rows of `GridCell`s numbered by grid column, never through `| a | b |`
text, so a `|` inside a cell cannot shift the columns.  A cell merged across columns (`w:gridSpan`)
keeps its grid column and leaves empty cells in the columns it covers; a vertically merged cell
(`w:vMerge`) keeps its text in its first row, its continuations are empty (as a PDF grid reads them).
Content controls (`w:sdt`) and custom-XML wrappers are looked through at every level.  A table nested
in a cell is flattened into the cell's text (cells by spaces, rows by `；`); a table used as a frame
(one column of cells holding tables) is unwrapped, its inner tables read as tables.  Explicit page
breaks start a new page; the rest of a .docx has no pages.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator, Optional

from ..model import Document
from .builder import Builder, emit_table
from .toc import mark_toc
from .rulings import GridCell

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag", _W + "ins", _W + "moveTo"}
_SKIP = {_W + "sdtPr", _W + "sdtEndPr", _W + "customXmlPr", _W + "smartTagPr", _W + "del", _W + "moveFrom"}
_NO_TEXT = {_W + "pPr", _W + "rPr", _W + "delText", _W + "instrText", _W + "fldData",
            "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
MAX_NESTING = 8


def read_docx(path: Path, doc: Document) -> None:
    try:
        import docx  # python-docx
        body = docx.Document(str(path)).element.body
    except Exception as e:  # python-docx raises several types for broken packages
        doc.status, doc.error = "failed", f"broken .docx: {e}"
        return
    reader = _BodyReader(doc)
    try:
        reader.blocks(body, 0)
    except (ValueError, TypeError, RecursionError) as e:     # malformed XML structure: what was read stays
        doc.status, doc.error = "partial", f"the .docx could not be read to the end: {type(e).__name__}: {e}"
    doc.pages = reader.page
    reader.b.finish(doc.pages)
    mark_toc(doc)


def _local(el) -> str:
    tag = el.tag
    return tag[len(_W):] if isinstance(tag, str) and tag.startswith(_W) else ""


def _children(el, want: str) -> Iterator:
    """Children named `want` (w:p, w:tbl, w:tr, w:tc …), looking through content controls and wrappers."""
    for child in el:
        if child.tag in _SKIP or not isinstance(child.tag, str):
            continue
        if child.tag in _WRAPPERS:
            yield from _children(child, want)
        elif child.tag == _W + want:
            yield child


def _blocks(el) -> Iterator:
    """Paragraphs and tables of a body or cell, in order, through content controls."""
    for child in el:
        if child.tag in _SKIP or not isinstance(child.tag, str):
            continue
        if child.tag in _WRAPPERS:
            yield from _blocks(child)
        elif child.tag in (_W + "p", _W + "tbl"):
            yield child


def _val(el, default: Optional[str] = None) -> Optional[str]:
    return el.get(_W + "val", default)


def _prop(el, group: str, name: str):
    """The <w:name> property inside <w:group> (w:tcPr, w:trPr, w:pPr) of an element, or None."""
    for pr in el:
        if pr.tag == _W + group:
            for p in pr:
                if p.tag == _W + name:
                    return p
    return None


def _int_prop(el, group: str, name: str, default: int) -> int:
    p = _prop(el, group, name)
    val = _val(p, "") if p is not None else ""
    return max(0, min(int(val), 64)) if val.isdigit() else default


def paragraph_lines(p) -> list[tuple[str, bool]]:
    """The lines of one paragraph as (text, page_break_before); a line break (w:br, w:cr) starts a new
    line, an explicit page break also a new page.  Deleted text (w:delText), field codes (w:instrText)
    and the fallback copy of a text box (mc:Fallback) are no text."""
    lines: list[tuple[str, bool]] = []
    cur: list[str] = []
    pb = _prop(p, "pPr", "pageBreakBefore")
    brk = pb is not None and _val(pb, "1") not in ("0", "false")
    for kind, value in _runs(p):
        if kind == "t":
            cur.append(value)
        else:
            lines.append(("".join(cur), brk))
            cur, brk = [], kind == "page"
    lines.append(("".join(cur), brk))
    return lines


def _runs(el) -> Iterator[tuple[str, str]]:
    """("t", text) pieces and ("br" | "page", "") breaks of a paragraph, in order."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP or tag in _NO_TEXT:
            continue
        if tag == _W + "t":
            yield "t", child.text or ""
        elif tag == _W + "tab":
            yield "t", "\t"
        elif tag in (_W + "br", _W + "cr"):
            yield ("page" if child.get(_W + "type") == "page" else "br"), ""
        elif tag == _W + "noBreakHyphen":
            yield "t", "-"
        else:
            yield from _runs(child)


def _section_break_after(p) -> bool:
    """A paragraph that ends a section (pPr/sectPr) starts a new page unless the break is continuous."""
    sect = _prop(p, "pPr", "sectPr")
    if sect is None:
        return False
    kind = next((_val(c) for c in sect if c.tag == _W + "type"), "nextPage")
    return kind not in ("continuous",)


def _join(parts: list[str]) -> str:
    """Lines of a cell as one line: a space between them (dropped between Chinese characters later)."""
    return " ".join(" ".join(t.split()) for t in parts if t.strip())


class _BodyReader:
    def __init__(self, doc: Document):
        self.doc = doc
        self.b = Builder(doc)
        self.page = 1
        self.new_page = False      # a page break is pending: the next text starts the next page
        self.last_text = ""

    def blocks(self, el, depth: int) -> None:
        for child in _blocks(el):
            if child.tag == _W + "p":
                for text, brk in paragraph_lines(child):
                    self.new_page |= brk
                    self.line(text)
                self.new_page |= _section_break_after(child)
            elif depth < MAX_NESTING:
                self.table(child, depth)

    def line(self, text: str) -> None:
        text = text.strip()
        if text:
            self.turn_page()
            if self.b.paragraph([(ch, None) for ch in text], self.page):
                self.last_text = self.b.parts[-1]

    def turn_page(self) -> None:
        if self.new_page and self.b.pos:
            self.page += 1
        self.new_page = False

    def table(self, tbl, depth: int) -> None:
        rows = list(_children(tbl, "tr"))
        cells_of = [list(_children(tr, "tc")) for tr in rows]
        if _is_frame(cells_of):                     # a layout frame: read what it holds as body content
            for cells in cells_of:
                for tc in cells:
                    self.blocks(tc, depth + 1)
            return
        grid_rows: list[tuple[int, list]] = []
        for tr, cells in zip(rows, cells_of):
            col = _int_prop(tr, "trPr", "gridBefore", 0)
            row: list[GridCell] = []
            for tc in cells:
                span = max(1, _int_prop(tc, "tcPr", "gridSpan", 1))
                vm = _prop(tc, "tcPr", "vMerge")
                hm = _prop(tc, "tcPr", "hMerge")
                continued = (vm is not None and _val(vm, "continue") != "restart") or \
                            (hm is not None and _val(hm, "continue") != "restart")
                text = "" if continued else cell_text(tc, depth)
                row.append(GridCell(len(grid_rows), col, None, [(ch, None) for ch in text]))
                row.extend(GridCell(len(grid_rows), col + k, None, []) for k in range(1, span))
                col += span
            if any(c.chars for c in row):
                grid_rows.append((self.page, row))
        if grid_rows:
            self.turn_page()
            grid_rows = [(self.page, r) for _, r in grid_rows]
            emit_table(self.b, grid_rows, self.doc, self.last_text)


def _is_frame(cells_of: list[list]) -> bool:
    """A table used as a frame: one cell per row, and some cell holds a table."""
    return bool(cells_of) and all(len(c) <= 1 for c in cells_of) and \
        any(next(_children(tc, "tbl"), None) is not None for c in cells_of for tc in c)


def cell_text(tc, depth: int) -> str:
    """A cell's paragraphs as one line; a nested table flattened (cells by spaces, rows by `；`)."""
    parts: list[str] = []
    for child in _blocks(tc):
        if child.tag == _W + "p":
            parts.extend(t for t, _ in paragraph_lines(child))
        elif depth < MAX_NESTING:
            rows = []
            for tr in _children(child, "tr"):
                texts = [cell_text(c, depth + 1) for c in _children(tr, "tc")]
                row = " ".join(t for t in texts if t)
                if row:
                    rows.append(row)
            if rows:
                parts.append("；".join(rows))
    return _join(parts)
