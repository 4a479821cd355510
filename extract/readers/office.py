"""Word 97-2003 (.doc) and WPS (.wps) files: converted to .docx by LibreOffice headless, read as .docx.

An OLE compound file is told apart by its streams (olefile): `WordDocument` is Word 97-2003, which is
also what WPS Office saves as .wps; `CONTENTS` is a Microsoft Works .wps; `Workbook`/`Book` is an
Excel 97 workbook (sniffed as `xls` and read by `sheet.py`); `EncryptedPackage` is a password-protected
.docx/.xlsx.  Every conversion runs `soffice` in a private temporary folder with its own user profile
(`-env:UserInstallation`), so parallel workers never share LibreOffice's profile lock, under a
timeout; the folder is removed afterwards, whatever happened.
"""
from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import tempfile
from pathlib import Path
from typing import Optional

from ..model import Document
from .docx import read_docx
from .sniff import ole_kind, ole_streams

SOFFICE_MISSING = "install LibreOffice (libreoffice-writer-nogui) to read .doc/.wps files"
CONVERT_TIMEOUT = float(os.environ.get("JIXIAO_SOFFICE_TIMEOUT", "90"))
_SUFFIX = {"word": ".doc", "works": ".wps"}


def word_encrypted(path: str | Path) -> bool:
    """The fEncrypted flag of a Word 97 file's FIB (bit 8 of the flags at offset 10 of WordDocument)."""
    try:
        import olefile
        with olefile.OleFileIO(str(path)) as ole:
            head = ole.openstream("WordDocument").read(12)
        return len(head) == 12 and bool(struct.unpack_from("<H", head, 10)[0] & 0x0100)
    except Exception:
        return False


def find_soffice() -> Optional[str]:
    return shutil.which("soffice") or shutil.which("libreoffice")


_REASONS = {
    "encrypted": "encrypted Office document (a password is required)",
    "powerpoint": "not a format jixiao reads: a PowerPoint presentation (.ppt)",
    "broken": "broken OLE file (not a readable Word/Excel 97-2003 or WPS file)",
    "other": "not a format jixiao reads: an OLE compound file holding no Word, WPS or Excel document",
}


def read_ole(path: Path, doc: Document) -> None:
    """A .doc / .wps file: converted to .docx with LibreOffice, then read by `read_docx`."""
    kind = ole_kind(ole_streams(path))
    if kind == "excel":                  # sniffed as xls already; here only when called directly
        from .sheet import read_sheet
        read_sheet(path, doc)
        return
    if kind not in _SUFFIX:
        doc.status, doc.error = "failed", _REASONS[kind]
        return
    if kind == "word" and word_encrypted(path):
        doc.status, doc.error = "failed", "encrypted Word document (a password is required)"
        return
    soffice = find_soffice()
    if soffice is None:
        doc.status, doc.error = "failed", SOFFICE_MISSING
        return
    try:
        with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
            out, error = convert(soffice, path, Path(tmp), _SUFFIX[kind], "docx")
            if out is None:
                doc.status, doc.error = "failed", error
                return
            read_docx(out, doc)
    except OSError as e:                 # no room for the temporary folder, a vanished file …
        doc.status, doc.error = "failed", f"cannot convert with LibreOffice: {e.strerror or e}"
        return
    if doc.error and doc.error.startswith("broken .docx"):
        doc.error = "LibreOffice's conversion could not be read: " + doc.error


def convert(soffice: str, path: Path, tmp: Path, suffix: str, target: str,
            timeout: float = CONVERT_TIMEOUT) -> tuple[Optional[Path], Optional[str]]:
    """Convert `path` (copied as `input<suffix>`, so neither its name nor its suffix can confuse
    LibreOffice) to `target` inside `tmp`; (the converted file, None) or (None, the reason)."""
    src = tmp / f"input{suffix}"
    shutil.copyfile(path, src)
    outdir = tmp / "out"
    cmd = [soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--invisible",
           "--nologo", "--nodefault", "--nolockcheck", "--norestore",
           "--convert-to", target, "--outdir", str(outdir), str(src)]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True, cwd=tmp)
    except OSError as e:
        return None, f"LibreOffice could not be started: {e}"
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        return None, f"LibreOffice did not convert the file within {timeout:g} s"
    result = outdir / f"input.{target}"
    if not result.exists() or result.stat().st_size == 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-1:] if err else []
        detail = f": {tail[0][:200]}" if tail else ""
        return None, f"LibreOffice could not convert the {suffix} file (exit {proc.returncode}){detail}"
    return result, None


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop the soffice started here and everything it started (its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        pass
