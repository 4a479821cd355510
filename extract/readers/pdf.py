"""PDF files: pages read with PDFium (`pdf_page`), laid out into one cleaned text (`layout`)."""
from __future__ import annotations

from pathlib import Path

from ..model import Document
from .layout import assemble
from .pdf_page import read_pages

MAX_PAGES = 1500
OCR_PACKAGE = "rapidocr-onnxruntime"    # what to install when the OCR engine is missing (ocr_engine.py)


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
    missing, read = None, {}
    if doc.bad_pages:       # only now: a born-digital PDF never loads the OCR modules (numpy, onnxruntime)
        from . import ocr
        missing = ocr.unavailable()
        read = {} if missing else ocr.ocr_pages(str(path), doc.bad_pages)
    for n, got in read.items():
        if got.layout.nchars or got.blank:      # a blank page was read too: there is nothing on it
            pages[n - 1] = got.layout
            doc.ocr_pages.append(n)
    assemble(doc, pages)
    if doc.ocr_pages:
        doc.confidences = ocr.confidences(doc, read)
    unread = [n for n in doc.bad_pages if n not in doc.ocr_pages]
    if not [p for p in pages if p.usable]:
        doc.status, doc.error = "failed", _no_text(missing)
        doc.text, doc.paragraphs, doc.tables, doc.boxes, doc.confidences = "", [], [], [], None
    elif unread:
        doc.status = "partial"
        doc.error = f"no usable text layer on page(s) {', '.join(map(str, unread))}"
        doc.error += f"; install {OCR_PACKAGE} to OCR them ({missing})" if missing else "; OCR read no text there"


def _no_text(missing) -> str:
    if missing:
        return f"no usable text layer (scanned or garbled PDF); install {OCR_PACKAGE} to OCR it ({missing})"
    return "no usable text layer, and OCR read no text (scanned or garbled PDF)"
