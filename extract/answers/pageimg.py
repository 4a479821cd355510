"""Page images of a PDF report for the HTML report, rendered with pypdfium2.

Greyscale JPEG (quality 70): a page at scale 1.25 (90 dpi) costs ~6 ms to render and ~2 ms to encode,
where PNG costs 5–10 ms more for the same legibility.  Images are cached next to a small JSON index per
document (doc_id is the hash of the bytes, so a cached image never goes stale); a rerun of `report`
renders only new documents.  Every PDFium call holds `PDFIUM_LOCK` (PDFium is not thread-safe).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

from ..readers.pdf_page import PDFIUM_LOCK

QUALITY = 70


def render_pages(source: str, key: str, folder: Path, scale: float) -> Optional[list[dict]]:
    """[{page, width, height (PDF points), file, px_width, px_height}] for every page; None when the
    file cannot be rendered (gone, encrypted, not a PDF)."""
    index = folder / f"{key}.json"
    try:
        cached = json.loads(index.read_text(encoding="utf-8"))
        if cached.get("scale") == scale and all((folder / p["file"]).exists() for p in cached["pages"]):
            return cached["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    import pypdfium2 as pdfium
    pages = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(source)
            try:
                for i in range(len(pdf)):
                    page = pdf[i]
                    try:
                        w, h = page.get_size()
                        image = page.render(scale=scale, grayscale=True).to_pil()
                    finally:
                        page.close()
                    name = f"{key}-p{i + 1}.jpg"
                    image.save(folder / name, "JPEG", quality=QUALITY)
                    pages.append({"page": i + 1, "width": round(w, 2), "height": round(h, 2), "file": name,
                                  "px_width": image.width, "px_height": image.height})
            finally:
                pdf.close()
    except (pdfium.PdfiumError, OSError, ValueError):
        return None
    index.write_text(json.dumps({"scale": scale, "source": source, "pages": pages}), encoding="utf-8")
    return pages
