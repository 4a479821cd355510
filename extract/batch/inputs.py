"""What an ingest sees: the files under the given folders, files and globs, and what becomes of each.

Every file a folder walk sees is accounted for: read (a document suffix jixiao reads), or recorded as
skipped with the reason (any other file), or excluded by `--exclude`/`--include` (counted), or hidden
(dot-files, counted).  Files named explicitly are read whatever their suffix (the bytes decide).
"""
from __future__ import annotations

import fnmatch
import glob
import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

from ..readers import file_sha256
from ..readers.sniff import sniff

# suffixes a folder walk reads; the reader is chosen by the bytes (readers/sniff.py), not by these
READ_SUFFIXES = frozenset({".pdf", ".txt", ".docx", ".doc", ".wps", ".xlsx", ".xls", ".ofd", ".html", ".htm",
                           ".shtml"})


DOCUMENT_KINDS = frozenset({"pdf", "docx", "xlsx", "xls", "ole", "ofd", "html"})


@dataclass
class Job:
    path: str
    doc_id: str
    size: Optional[int]


@dataclass
class Inputs:
    files: list[Path] = field(default_factory=list)          # to read
    skipped: list[tuple[Path, str]] = field(default_factory=list)   # seen, not read: (path, reason)
    missing: list[str] = field(default_factory=list)         # specs that matched nothing
    excluded: int = 0
    hidden: int = 0


def _document_inside(p: Path) -> bool:
    """A file under another name whose bytes are a document (a crawler's `page.aspx` holding HTML, a PDF
    saved without its suffix); plain text under another suffix (.md, .csv, .log) is not taken."""
    try:
        return sniff(p) in DOCUMENT_KINDS
    except OSError:
        return False


def _selected(rel: str, include: list[str], exclude: list[str]) -> bool:
    """`--include`/`--exclude` globs match the path relative to the walked folder, or the file name."""
    name = rel.rsplit("/", 1)[-1]

    def hit(pats: list[str]) -> bool:
        return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in pats)
    return (not include or hit(include)) and not hit(exclude)


def _walk(folder: Path) -> Iterator[tuple[Path, bool]]:
    """(file, hidden) for every file under a folder, in a stable order; hidden folders are not entered."""
    for root, dirs, files in os.walk(folder):
        hidden_dirs = [d for d in dirs if d.startswith(".")]
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for d in hidden_dirs:
            yield Path(root) / d, True
        for name in sorted(files):
            p = Path(root) / name
            yield p, name.startswith(".")


def find_inputs(specs: Iterable[str], include: Optional[list[str]] = None,
                exclude: Optional[list[str]] = None) -> Inputs:
    """Folders are walked (every file accounted for); files are taken whatever their suffix; globs are
    expanded like the shell would."""
    include, exclude = list(include or []), list(exclude or [])
    out = Inputs()
    seen: set[Path] = set()

    def add(p: Path, rel: str, explicit: bool) -> None:
        key = p.resolve()
        if key in seen:
            return
        seen.add(key)
        if not _selected(rel, include, exclude):
            out.excluded += 1
        elif explicit or p.suffix.lower() in READ_SUFFIXES or _document_inside(p):
            out.files.append(p)
        else:
            suffix = p.suffix.lower() or "(no suffix)"
            out.skipped.append((p, f"skipped: a {suffix} file that is not a document (jixiao reads "
                                   f"{' '.join(sorted(READ_SUFFIXES))}); name the file to read it anyway"))

    def walk(folder: Path) -> None:
        for p, hidden in _walk(folder):
            if hidden:
                out.hidden += 1
            elif p.is_file():
                add(p, str(p.relative_to(folder)), explicit=False)

    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            walk(p)
        elif p.is_file():
            add(p, p.name, explicit=True)
        else:
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                out.missing.append(spec)
            for m in map(Path, matches):
                if m.is_dir():
                    walk(m)
                elif m.is_file():
                    add(m, m.name, explicit=True)
    return out


def file_id(path: Path) -> tuple[str, Optional[int], Optional[str]]:
    """(doc_id, size, error).  An unreadable file still needs an id for its row: sha256 of its path."""
    try:
        return file_sha256(path), path.stat().st_size, None
    except OSError as e:
        return path_id("unreadable", path), None, f"cannot read file: {e.strerror or e}"


def path_id(prefix: str, path: Path) -> str:
    return f"{prefix}-" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()
