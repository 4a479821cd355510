"""OFD (GB/T 33190) documents: recognised, not read — the reason tells the analyst what to do.

Evaluated (see README, "OFD"): `easyofd` needs PyMuPDF (AGPL) and takes 3 s to import, and its
OFD→PDF drawing lost every Chinese character (no CJK font), so the PDF path cannot take over;
`ofdreader` 0.1.0 installs no module at all; `ofdkit` 0.2 (pure Python, alpha) read the text of an
OFD built to the standard from a held-out report and of a page rebuilt from a real 易转换 export, but
gives text runs only — no ruling lines, so a 自评表 would lose its budget lines and indicators — and no
complete real OFD report could be obtained to prove it on.  Until real OFD reports are in the corpus,
an OFD fails with a clear reason instead of a silently partial reading.
"""
from __future__ import annotations

from pathlib import Path

from ..model import Document

OFD_REASON = "OFD: convert to PDF first"


def read_ofd(path: Path, doc: Document) -> None:
    doc.status, doc.error = "failed", OFD_REASON
