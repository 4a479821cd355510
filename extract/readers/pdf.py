"""PDF files: pages read with PDFium (`pdf_page`), laid out into one cleaned text (`layout`)."""
from __future__ import annotations

from pathlib import Path

from ..model import Document
from .layout import assemble
from .pdf_page import read_pages

MAX_PAGES = 1500


def read_pdf(path: Path, doc: Document) -> None:
    import pypdfium2 as pdfium
    try:
        pages, total = read_pages(str(path), MAX_PAGES)
    except pdfium.PdfiumError as e:
        msg = str(e)
        if "password" in msg.lower():
            doc.status, doc.error = "failed", "encrypted PDF (a password is required)"
        else:
            doc.status, doc.error = "failed", f"broken PDF: {msg}"
        return
    doc.pages = total
    if total > MAX_PAGES:
        doc.status, doc.error = "failed", f"too many pages ({total} > {MAX_PAGES}); not a single report"
        return
    if total == 0:
        doc.status, doc.error = "failed", "PDF has no pages"
        return
    doc.bad_pages = [p.number for p in pages if not p.usable and (p.nchars or p.bad_chars or p.images)]
    for p in pages:
        if not p.usable:
            p.lines, p.tables = [], []
    assemble(doc, pages)
    good = [p for p in pages if p.usable]
    if not good:
        doc.status, doc.error = "failed", "no usable text layer (scanned or garbled PDF; OCR it first)"
        doc.text, doc.paragraphs, doc.tables, doc.boxes = "", [], [], []
    elif doc.bad_pages:
        doc.status = "partial"
        doc.error = f"no usable text layer on page(s) {', '.join(map(str, doc.bad_pages))}"


