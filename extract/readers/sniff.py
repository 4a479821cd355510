"""What a file is, from its bytes (never its name): a crawler that saved a web page as `.pdf` or a
workbook renamed `.txt` still gets the right reader, or a clear reason."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Optional

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"          # Word 97 / Excel 97 / WPS compound files
_HTML = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s[^>]*charset|<table[\s>]|<div[\s>]|<p[\s>]",
                   re.I)
_IMAGES = {b"\x89PNG": "png", b"\xff\xd8\xff": "jpeg", b"II*\x00": "tiff", b"MM\x00*": "tiff", b"GIF8": "gif",
           b"BM": "bmp"}
_NAMES = {"pdf": "a PDF", "docx": "a Word document (.docx)", "xlsx": "an Excel workbook (.xlsx)",
          "ofd": "an OFD document", "ole": "a Word 97-2003 or WPS file",
          "xls": "an Excel 97-2003 workbook (.xls)", "html": "a web page (HTML)",
          "txt": "plain text", "zip": "a zip archive", "image": "an image", "unknown": "not a document format",
          "empty": "an empty file"}


def sniff(path: str | Path) -> str:
    """pdf | docx | xlsx | xls | ofd | ole | html | txt | image | zip | empty | unknown, from the bytes.

    An OLE compound file is `xls` when it holds an Excel 97 workbook, else `ole` (Word 97, WPS, …)."""
    with open(path, "rb") as f:
        head = f.read(4096)
    if not head.strip():
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_OLE):
        return "xls" if ole_kind(ole_streams(path)) == "excel" else "ole"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(path)
    if any(head.startswith(m) for m in _IMAGES):
        return "image"
    if _looks_binary(head):
        return "unknown"
    if _HTML.search(_ascii_view(head)):
        return "html"
    return "txt"


def describe(kind: str) -> str:
    """Words for a sniffed file type (`a web page (HTML)`)."""
    return _NAMES.get(kind, kind)


def ole_streams(path: str | Path) -> Optional[set[str]]:
    """Lower-case names of the streams of an OLE compound file (`worddocument`, `workbook` …); None
    when the file is no readable compound file."""
    try:
        import olefile
        with olefile.OleFileIO(str(path)) as ole:
            return {"/".join(e).lower() for e in ole.listdir(streams=True, storages=False)}
    except Exception:   # olefile raises OSError, struct.error, NotOleFileError … for broken files
        return None


def ole_kind(streams: Optional[set[str]]) -> str:
    """word | works | excel | encrypted | powerpoint | broken | other"""
    if streams is None:
        return "broken"
    top = {s.rsplit("/", 1)[-1] for s in streams}
    if "encryptedpackage" in top:
        return "encrypted"
    if "worddocument" in top:
        return "word"
    if "workbook" in top or "book" in top:
        return "excel"
    if "powerpoint document" in top:
        return "powerpoint"
    if "contents" in top:               # Microsoft Works word processor (.wps)
        return "works"
    return "other"


def _zip_kind(path: str | Path) -> str:
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "unknown"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    return "zip"


def _ascii_view(head: bytes) -> bytes:
    """The bytes with UTF-16's NULs taken out, so markup is found whatever the encoding."""
    return head.replace(b"\x00", b"") if head.startswith((b"\xff\xfe", b"\xfe\xff")) else head


def _looks_binary(head: bytes) -> bool:
    """NUL bytes outside a UTF-16 text (which has a BOM or a NUL every other byte)."""
    if b"\x00" not in head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    even, odd = head[0::2], head[1::2]
    return not (even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd))
