"""Word documents (.docx): paragraphs and tables in body order."""
from __future__ import annotations

from pathlib import Path

from ..model import Document
from .text import lay_out_lines


def read_docx(path: Path, doc: Document) -> None:
    try:
        import docx  # python-docx
        d = docx.Document(str(path))
    except Exception as e:  # python-docx raises several types for broken packages
        doc.status, doc.error = "failed", f"broken .docx: {e}"
        return
    lines: list[str] = []
    body = d.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in child.iter() if t.tag.endswith("}t")).strip())
        elif tag == "tbl":
            for tr in child:
                if tr.tag.endswith("}tr"):
                    cells = []
                    for tc in tr:
                        if tc.tag.endswith("}tc"):
                            cells.append("".join(t.text or "" for t in tc.iter() if t.tag.endswith("}t")).strip())
                            cells.extend([""] * (_grid_span(tc) - 1))   # a merged cell keeps the columns aligned
                    lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
    lay_out_lines(doc, [lines])


def _grid_span(tc) -> int:
    """How many grid columns a .docx table cell covers (<w:tcPr><w:gridSpan w:val="3"/>)."""
    for el in tc:
        if el.tag.endswith("}tcPr"):
            for prop in el:
                if prop.tag.endswith("}gridSpan"):
                    val = next((v for k, v in prop.attrib.items() if k.endswith("}val")), "1")
                    return max(1, min(int(val), 64)) if val.isdigit() else 1
    return 1
