"""Building a `Document`: lines and table rows appended into one text, with a box per character and the
page where each page starts; paragraphs and tables recorded with their spans.  Every reader ends here."""
from __future__ import annotations

from typing import Optional

from ..model import BBox, Cell, Document, Paragraph, Table
from .chars import normalise_chars
from .rulings import Char

class Builder:
    """Accumulates (char, box) runs into the document text, paragraphs and page offsets.

    A box may carry its page as a fifth element (x0, top, x1, bottom, page): a paragraph that runs
    across a page break then maps each of its characters to the right page.
    """

    def __init__(self, doc: Document):
        self.doc = doc
        self.parts: list[str] = []
        self.boxes: list[Optional[BBox]] = []
        self.page_marks: list[tuple[int, int]] = []   # (offset, page) where the page changes
        self._page: Optional[int] = None
        self.pos = 0

    def _mark(self, pos: int, page: int) -> None:
        if page != self._page:
            self.page_marks.append((pos, page))
            self._page = page

    def append(self, chars: list[Char], page: int) -> tuple[int, int]:
        """Add one line of text (after a newline unless it is the first); return its span."""
        if self.pos:
            self.parts.append("\n")          # the newline stays on the page of the text before it
            self.boxes.append(None)
            self.pos += 1
        start = self.pos
        self.parts.append("".join(c for c, _ in chars))
        self._mark(start, page)
        boxes = [b for _, b in chars]
        for i in [i for i, b in enumerate(boxes) if b is not None and len(b) == 5]:
            self._mark(start + i, boxes[i][4])
            boxes[i] = boxes[i][:4]
        self.boxes.extend([b if b and b != _NO_BOX else None for b in boxes])
        self.pos += len(chars)
        return start, self.pos

    def paragraph(self, chars: list[Char], page: int, kind: str = "text", table: Optional[str] = None,
                  display: bool = False) -> Optional[Paragraph]:
        chars = normalise_chars(chars)
        if not chars:
            return None
        start, end = self.append(chars, page)
        para = Paragraph(start, end, page, kind, table, display)
        self.doc.paragraphs.append(para)
        return para

    def finish(self, pages: int) -> None:
        self.doc.text = "".join(self.parts)
        self.doc.boxes = self.boxes
        marks = self.page_marks
        last = max([pages] + [p for _, p in marks])
        starts, k = [], 0
        for p in range(1, last + 1):      # the first offset at or after the previous start on page ≥ p
            while k < len(marks) and marks[k][1] < p:
                k += 1
            starts.append(marks[k][0] if k < len(marks) else self.pos)
        self.doc.page_starts = starts


_NO_BOX = (0.0, 0.0, 0.0, 0.0)


def cell_chars(cell) -> list[Char]:
    if any(box is None for _, box in cell.chars):  # plain-text tables: already in reading order
        return list(cell.chars)
    out: list[Char] = []
    last = None
    for ch, box in cell.chars:  # pdfium's stream order is the reading order inside a cell
        # a wrap goes below *and* back to the left: a period's low box alone is no new line (`352.18`)
        if last is not None and box[1] > last[3] - 1 and box[0] < last[0] and out and ch != " ":
            # a wrapped line inside the cell: join, with a space only between two Latin words
            # (a number wrapped in a narrow cell, `2,537,` + `486.43`, joins without one)
            if out[-1][0].isascii() and out[-1][0].isalpha() and ch.isascii() and ch.isalpha():
                out.append((" ", None))
        out.append((ch, box))
        last = box
    return out


def emit_table(b: Builder, grid_rows: list[tuple[int, list]], doc: Document, caption: str) -> None:
    tid = f"t{len(doc.tables) + 1}"
    table = Table(tid, grid_rows[0][0], b.pos + (1 if b.pos else 0), 0, caption=caption)
    for page, row in grid_rows:
        chars: list[Char] = [("|", None), (" ", None)]
        spans = []
        for cell in row:
            cc = normalise_chars(cell_chars(cell))
            s = len(chars)
            chars.extend(cc)
            spans.append((cell, s, len(chars), cc))
            chars.extend([(" ", None), ("|", None), (" ", None)])
        chars.pop()
        # build the row text by hand: normalise_chars would merge the separators' spaces
        start, end = b.append(chars, page)
        doc.paragraphs.append(Paragraph(start, end, page, "table", tid))
        cells = []
        for cell, s, e, cc in spans:
            boxes = [bx for _, bx in cc if bx]
            bbox = (min(x[0] for x in boxes), min(x[1] for x in boxes), max(x[2] for x in boxes),
                    max(x[3] for x in boxes)) if boxes else cell.bbox
            cells.append(Cell(len(table.rows), cell.col, "".join(c for c, _ in cc), start + s, start + e,
                              page, tuple(round(v, 2) for v in bbox) if bbox else None))
        table.rows.append(cells)
    table.end = b.pos
    doc.tables.append(table)
