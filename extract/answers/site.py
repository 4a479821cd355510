"""`pipeline.py report OUT --html DIR`: a static site that opens offline from file://.

    DIR/index.html            the comparison table (sortable, filterable), charts, findings by category
    DIR/r/<doc>.html          one page per report
    DIR/pages/<doc>-pN.jpg    PDF page images (cached across runs)

No script, style or font comes from the network: one stylesheet and one small script are inlined into
each page, charts are inline SVG.  Report pages are written by a pool of processes (fork: the tables are
read once, in the parent, and shared copy-on-write).
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Optional

from .compare import build_rows, sort_rows
from .html_index import index_html, page_name
from .html_page import report_html
from .load import NotAnOutputFolder, Tables, frame_records

_JOB: dict = {}


def _documents(t: Tables, rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(documents that get a page, of which those outside the comparison)."""
    compared = {r["doc_id"] for r in rows}
    docs = [d for d in t.doc_records if d.get("status") != "failed" and not d.get("duplicate_of")]
    return docs, [d for d in docs if d["doc_id"] not in compared]


def _write_page(doc_id: str) -> int:
    j = _JOB
    t: Tables = j["tables"]
    doc = j["docs"][doc_id]
    text, page_starts = j["texts"].get(doc_id, ("", []))
    images = None
    if j["images"] and doc.get("file_type") == "pdf" and doc.get("source") and os.path.exists(doc["source"]):
        from .pageimg import cached, render_pages
        key = doc_id[:16]
        images = cached(j["index"], key, j["dir"] / "pages", j["scale"])
        if images is None:
            images = render_pages(doc["source"], key, j["dir"] / "pages", j["scale"])
            if images is not None:
                j["rendered"][key] = {"scale": j["scale"], "pages": images}
    html = report_html(doc, text or "", list(page_starts or []), t.by_doc("sections").get(doc_id, []),
                       t.by_doc("figures").get(doc_id, []), t.by_doc("fields").get(doc_id, []),
                       [dict(f) for f in t.by_doc("findings").get(doc_id, [])], j["rows"].get(doc_id, []),
                       images, j["copies"].get(doc_id, []))
    (j["dir"] / "r" / page_name(doc_id)).write_text(html, encoding="utf-8")
    return len(images or [])


def _write_chunk(doc_ids: list[str]) -> tuple[int, dict]:
    """Write the pages of some documents; (page images shown, index entries of newly rendered ones)."""
    _JOB["rendered"] = {}
    return sum(_write_page(d) for d in doc_ids), _JOB["rendered"]


def build_site(out: str | Path, folder: str | Path, *, images: bool = True, scale: float = 1.0,
               workers: int = 0, tables: Optional[Tables] = None) -> dict:
    """Write the site; returns counts (reports, pages, images, seconds)."""
    t0 = time.perf_counter()
    t = tables or Tables(out)
    folder = Path(folder)
    (folder / "r").mkdir(parents=True, exist_ok=True)
    (folder / "pages").mkdir(exist_ok=True)
    rows = sort_rows(build_rows(t))
    docs, others = _documents(t, rows)
    by_id = {d["doc_id"]: d for d in docs}
    findings = t.by_doc("findings")
    failed = frame_records(t.failed())
    (folder / "index.html").write_text(index_html(rows, by_id, findings, failed, others), encoding="utf-8")
    for name in ("sections", "figures", "fields"):       # grouped once, before the fork
        t.by_doc(name)
    rows_by_doc: dict[str, list[dict]] = {}
    for r in rows:
        rows_by_doc.setdefault(r["doc_id"], []).append(r)
    copies: dict[str, list[str]] = {}
    for d in t.doc_records:
        if d.get("duplicate_of"):
            copies.setdefault(d["duplicate_of"], []).append(d.get("source") or d["doc_id"])
    from .pageimg import load_index, save_index
    index = load_index(folder / "pages")
    _JOB.update(tables=t, docs=by_id, texts=t.texts(list(by_id), with_pages=True), rows=rows_by_doc,
                copies=copies, dir=folder, images=images, scale=scale, index=index)
    ids = list(by_id)
    for stale in (folder / "r").glob("*.html"):
        if stale.name not in {page_name(d) for d in ids}:
            stale.unlink()
    n = workers or os.cpu_count() or 1
    n_images = 0
    try:
        if n > 1 and len(ids) >= 8 and "fork" in mp.get_all_start_methods():
            chunks = [ids[i::n * 4] for i in range(n * 4)]
            with mp.get_context("fork").Pool(n) as pool:
                results = list(pool.imap_unordered(_write_chunk, [c for c in chunks if c]))
        else:
            results = [_write_chunk(ids)]
    finally:
        _JOB.clear()
    for shown, rendered in results:
        n_images += shown
        index.update(rendered)
    if any(rendered for _s, rendered in results):
        save_index(folder / "pages", index)
    return {"reports": len(rows), "pages": len(ids), "images": n_images, "seconds": time.perf_counter() - t0}


def run(args: argparse.Namespace) -> int:
    try:
        tables = Tables(args.out)
    except NotAnOutputFolder as e:
        print(f"report: {e}", file=sys.stderr)
        return 2
    target = Path(args.html)
    if target.exists() and not target.is_dir():
        print(f"report: {target} is a file; give a folder for the site", file=sys.stderr)
        return 2
    stats = build_site(args.out, target, images=not args.no_page_images, scale=args.scale,
                       workers=args.workers, tables=tables)
    print(f"{target / 'index.html'}: {stats['reports']} 份评价, {stats['pages']} 个报告页面, "
          f"{stats['images']} 张页面图, {stats['seconds']:.1f} s")
    return 0
