"""Running headers, footers and page numbers: the first and last lines of the pages that repeat."""
from __future__ import annotations

import re
from collections import Counter

from .chars import PAGE_NUMBER
from .pdf_page import PageLayout

_DIGITS = re.compile(r"\d+")


def _key(text: str) -> str:
    return _DIGITS.sub("#", "".join(text.split()))


def strip_page_furniture(pages: list[PageLayout]) -> None:
    """Remove running headers/footers and page numbers in place (first/last lines of each page)."""
    sizes = [ln.size for p in pages for ln in p.lines]
    body = sorted(sizes)[len(sizes) // 2] if sizes else 10.0
    counts: Counter = Counter()
    text_pages = [p for p in pages if p.lines]
    for p in text_pages:
        seen = set()
        for ln in p.lines[:2] + p.lines[-2:]:
            if ln.size <= body * 1.1:
                zone = "top" if ln.top < p.height * 0.15 else "bottom" if ln.bottom > p.height * 0.85 else None
                if zone:
                    seen.add((zone, _key(ln.text)))
        counts.update(seen)
    need = max(2, -(-len(text_pages) * 6 // 10))
    for p in text_pages:
        keep = []
        n = len(p.lines)
        for i, ln in enumerate(p.lines):
            edge = i < 2 or i >= n - 2
            zone = "top" if ln.top < p.height * 0.15 else "bottom" if ln.bottom > p.height * 0.85 else None
            t = "".join(ln.text.split())
            if edge and zone and (PAGE_NUMBER.match(t) and (zone == "bottom" or i == 0)
                                  or ln.size <= body * 1.1 and counts[(zone, _key(ln.text))] >= need):
                continue
            keep.append(ln)
        p.lines = keep


