"""Read a report file into a `Document`: one reader per file type, chosen from the file's bytes.

The type is sniffed from the bytes, not the name (`sniff.py`), so a mislabelled file is still read as
what it is, or gets a clear error.  Nothing here raises for a bad file: the document comes back with
status `failed` and a reason.  Each reader ends in `builder.Builder`, so every format gives the same
cleaned text with per-character provenance.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Callable

from ..model import Document
from .docx import read_docx
from .ofd import read_ofd
from .office import read_ole
from .html import read_html
from .pdf import read_pdf
from .sheet import read_sheet
from .sniff import describe, sniff
from .text import read_txt

READERS: dict[str, Callable[[Path, Document], None]] = {
    "pdf": read_pdf,
    "docx": read_docx,
    "txt": read_txt,
    "ole": read_ole,
    "xlsx": read_sheet,
    "xls": read_sheet,
    "ofd": read_ofd,
    "html": read_html,
}


# what a file's name claims it is: a mismatch is read by content and noted
CLAIMS = {".pdf": {"pdf"}, ".docx": {"docx"}, ".txt": {"txt"}, ".htm": {"html"}, ".html": {"html"},
          ".shtml": {"html"}, ".xlsx": {"xlsx"}, ".xls": {"xls"}, ".doc": {"ole"}, ".wps": {"ole"},
          ".ofd": {"ofd"}}


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_document(path: str | Path) -> Document:
    path = Path(path)
    doc = Document(source=str(path), doc_id="")
    try:
        doc.doc_id = file_sha256(path)
        kind = sniff(path)
    except OSError as e:
        doc.status, doc.error = "failed", f"cannot read file: {e.strerror or e}"
        return doc
    doc.file_type = kind
    reader = READERS.get(kind)
    if kind == "empty":
        size = path.stat().st_size
        doc.status, doc.error = "failed", "empty file (0 bytes)" if not size else f"empty file ({size} bytes of whitespace only)"
        return doc
    if reader is None:
        doc.status, doc.error = "failed", f"not a format jixiao reads: {describe(kind)}"
        return doc
    claimed = CLAIMS.get(path.suffix.lower())
    if claimed and kind not in claimed:
        doc.warnings.append(f"named {path.suffix} but its content is {describe(kind)}; read as such")
    reader(path, doc)
    return doc
