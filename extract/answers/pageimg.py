"""Page images of a PDF report for the HTML report, rendered with pypdfium2.

A document's pages are rendered in greyscale at `scale` (1 = 72 dpi, legible for body text) and stacked
into one JPEG per up to 60 pages (a "sprite"): the report page shows each page through an SVG whose
viewBox selects its stripe, with the figures' boxes drawn in the same PDF-point coordinates.  One file
per document instead of one per page matters: on a busy disk a file costs as much as rendering its page.
Cost per page: PDFium's page load ~2 ms, rendering ~4 ms, JPEG encoding ~2 ms.

doc_id is the hash of the file's bytes, so a rendered image never goes stale: `report` keeps an index
(pages/index.json) and renders only documents it has not rendered at this scale.  Every PDFium call
holds `PDFIUM_LOCK` (PDFium is not thread-safe).
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Optional

from ..readers.pdf_page import PDFIUM_LOCK

QUALITY = 70
PAGES_PER_SPRITE = 60          # JPEG is limited to 65,535 px a side: 60 A4 pages at scale 1 are 50,520
INDEX = "index.json"


def load_index(folder: Path) -> dict:
    try:
        return json.loads((folder / INDEX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_index(folder: Path, index: dict) -> None:
    tmp = folder / f".{INDEX}.tmp"
    tmp.write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, folder / INDEX)


def cached(index: dict, key: str, folder: Path, scale: float) -> Optional[list[dict]]:
    entry = index.get(key)
    if not entry or entry.get("scale") != scale:
        return None
    pages = entry.get("pages") or []
    if not all(os.path.exists(folder / f) for f in {p["file"] for p in pages}):
        return None
    return pages


def render_pages(source: str, key: str, folder: Path, scale: float) -> Optional[list[dict]]:
    """[{page, width, height (PDF points), file, top (points into the sprite), sprite_width, sprite_height
    (points)}] for every page; None when the file cannot be rendered (gone, encrypted, not a PDF)."""
    import pypdfium2 as pdfium
    from PIL import Image
    pages: list[dict] = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(source)
            try:
                images = []
                for i in range(len(pdf)):
                    page = pdf[i]
                    try:
                        w, h = page.get_size()
                        images.append((i + 1, w, h, page.render(scale=scale, grayscale=True).to_pil()))
                    finally:
                        page.close()
            finally:
                pdf.close()
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    for s in range(0, len(images), PAGES_PER_SPRITE):
        chunk = images[s: s + PAGES_PER_SPRITE]
        name = f"{key}-{s // PAGES_PER_SPRITE}.jpg"
        width = max(im.width for *_x, im in chunk)
        height = sum(im.height for *_x, im in chunk)
        sprite = Image.new("L", (width, height), 255)
        y = 0
        placed = []
        for n, w, h, im in chunk:
            sprite.paste(im, (0, y))
            placed.append({"page": n, "width": round(w, 2), "height": round(h, 2), "file": name,
                           "top": round(y / scale, 3)})
            y += im.height
        sprite.save(folder / name, "JPEG", quality=QUALITY)
        for p in placed:
            p.update(sprite_width=round(width / scale, 3), sprite_height=round(height / scale, 3))
        pages += placed
    return pages


def render_job(job: tuple) -> tuple[str, str, Optional[list[dict]], float]:
    """(doc_id, source, key, folder, scale) → (doc_id, key, pages, CPU seconds): what a pool worker runs."""
    import time
    doc_id, source, key, folder, scale = job
    t0 = time.process_time()
    pages = render_pages(source, key, Path(folder), scale)
    return doc_id, key, pages, time.process_time() - t0
