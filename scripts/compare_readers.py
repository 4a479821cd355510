#!/usr/bin/env python3
"""Show that the fast reader (pypdfium2 + jixiao's cleaning) keeps the text pdfplumber sees.

For every PDF given (default: samples/corpus/*.pdf) compare the characters of jixiao's cleaned text
with pdfplumber's `dedupe_chars().extract_text()`, ignoring whitespace and order (tables are laid out
differently): what pdfplumber has and jixiao dropped should be only page furniture (headers, footers,
page numbers); what jixiao has and pdfplumber lacks should be nothing but table separators.

Usage: python scripts/compare_readers.py [PDF ...]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def chars(text: str) -> Counter:
    return Counter(c for c in text if not c.isspace() and c != "|")


def compare(path: Path) -> tuple[Counter, Counter, float, float]:
    import pdfplumber

    from extract.readers import read_document
    t0 = time.perf_counter()
    ours = read_document(path).text
    t1 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        theirs = "".join((p.dedupe_chars().extract_text() or "") for p in pdf.pages)
    t2 = time.perf_counter()
    a, b = chars(ours), chars(theirs)
    return b - a, a - b, t1 - t0, t2 - t1


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent
    paths = [Path(p) for p in argv] or sorted((root / "samples" / "corpus").glob("*.pdf"))
    for p in paths:
        dropped, added, t_ours, t_plumber = compare(p)
        print(f"{p.name}: jixiao {t_ours * 1000:.0f} ms, pdfplumber {t_plumber * 1000:.0f} ms; "
              f"only in pdfplumber: {''.join(sorted(dropped.elements()))[:80] or '-'}; "
              f"only in jixiao: {''.join(sorted(added.elements()))[:80] or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
