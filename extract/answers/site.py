"""`pipeline.py report OUT --html DIR`: a static site that opens offline from file://.

    DIR/index.html            the comparison table (sortable, filterable), charts, findings by category
    DIR/r/<doc>.html          one page per report
    DIR/pages/<doc>-N.jpg     PDF page images, one sprite per document (kept across runs: pages/index.json)

No script, style or font comes from the network: one stylesheet and one small script are inlined into
each page, charts are inline SVG.

Time goes into the page images (~6 ms a page), so they are rendered first, by a pool of worker
processes (forkserver: the workers import only PDFium and Pillow and share nothing with the parent's
threads), while the parent builds the comparison and the index and then writes each report page as its
images arrive.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path
from typing import Optional

from .compare import READ, build_rows, sort_rows
from .html_index import index_html, page_name
from .html_page import report_html
from .load import NotAnOutputFolder, Tables, frame_records
from .pageimg import cached, load_index, render_job, save_index


def _documents(t: Tables, rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(documents that get a page, of which those outside the comparison)."""
    compared = {r["doc_id"] for r in rows}
    docs = [d for d in t.doc_records if d.get("status") in READ and not d.get("duplicate_of")]
    return docs, [d for d in docs if d["doc_id"] not in compared]


def _pdf_path(doc: dict, out: Path) -> Optional[str]:
    """The PDF a document was read from: documents.source as ingest saw it (relative to where ingest ran:
    tried from here, then from OUT's parent); None when it is not a PDF or cannot be found."""
    if doc.get("file_type") != "pdf" or not doc.get("source"):
        return None
    for p in (Path(doc["source"]), Path(out).resolve().parent / doc["source"]):
        if p.is_file():
            return str(p)
    return None


def _pool(n: int):
    methods = mp.get_all_start_methods()
    return mp.get_context("forkserver" if "forkserver" in methods else "spawn").Pool(n)


def build_site(out: str | Path, folder: str | Path, *, images: bool = True, scale: float = 1.0,
               workers: int = 0, tables: Optional[Tables] = None) -> dict:
    """Write the site; returns counts (reports, pages, images, seconds)."""
    t0, c0 = time.perf_counter(), time.process_time()
    t = tables or Tables(out)
    folder = Path(folder)
    pages_dir = folder / "pages"
    (folder / "r").mkdir(parents=True, exist_ok=True)
    pages_dir.mkdir(exist_ok=True)
    index = load_index(pages_dir)
    candidates = [d for d in t.doc_records if d.get("status") in READ and not d.get("duplicate_of")]
    have: dict[str, list[dict]] = {}
    jobs, missing = [], 0
    if images:
        for d in candidates:
            key = d["doc_id"][:16]
            hit = cached(index, key, pages_dir, scale)
            if hit is not None:
                have[d["doc_id"]] = hit
            elif (pdf := _pdf_path(d, t.out)) is not None:
                jobs.append((d["doc_id"], pdf, key, str(pages_dir), scale))
            elif d.get("file_type") == "pdf":
                missing += 1
    n = max(1, workers or os.cpu_count() or 1)
    pool = _pool(n) if len(jobs) >= 4 and n > 1 else None
    results = pool.imap_unordered(render_job, jobs, chunksize=2) if pool else map(render_job, jobs)
    try:
        rows = sort_rows(build_rows(t))
        docs, others = _documents(t, rows)
        by_id = {d["doc_id"]: d for d in docs}
        failed = frame_records(t.failed())
        (folder / "index.html").write_text(index_html(rows, by_id, t.by_doc("findings"), failed, others),
                                           encoding="utf-8")
        writer = _PageWriter(t, folder, by_id, rows)
        for stale in (folder / "r").glob("*.html"):
            if stale.name not in {page_name(d) for d in by_id}:
                stale.unlink()
        waiting = {j[0] for j in jobs}
        for doc_id in by_id:
            if doc_id not in waiting:
                writer.write(doc_id, have.get(doc_id))
        rendered, cpu = 0, 0.0
        for doc_id, key, pages, seconds in results:
            cpu += seconds
            if pages is not None:
                index[key] = {"scale": scale, "pages": pages}
                rendered += 1
            writer.write(doc_id, pages)
    finally:
        if pool:
            pool.close()
            pool.join()
    if rendered:
        save_index(pages_dir, index)
    return {"reports": len(rows), "pages": len(by_id), "images": writer.images, "rendered": rendered,
            "missing": missing,
            "seconds": time.perf_counter() - t0,
            "cpu": time.process_time() - c0 + (cpu if pool else 0.0)}


class _PageWriter:
    """Writes one report page from the tables (read once, grouped by document)."""

    def __init__(self, t: Tables, folder: Path, docs: dict[str, dict], rows: list[dict]):
        self.t, self.folder, self.docs = t, folder, docs
        self.texts = t.texts(list(docs), with_pages=True)
        self.rows: dict[str, list[dict]] = {}
        for r in rows:
            self.rows.setdefault(r["doc_id"], []).append(r)
        self.copies: dict[str, list[str]] = {}
        for d in t.doc_records:
            if d.get("duplicate_of"):
                self.copies.setdefault(d["duplicate_of"], []).append(d.get("source") or d["doc_id"])
        self.images = 0

    def write(self, doc_id: str, images: Optional[list[dict]]) -> None:
        doc = self.docs.get(doc_id)
        if doc is None:
            return
        t = self.t
        text, page_starts = self.texts.get(doc_id, ("", []))
        html = report_html(doc, text or "", list(page_starts or []), t.by_doc("sections").get(doc_id, []),
                           t.by_doc("figures").get(doc_id, []), t.by_doc("fields").get(doc_id, []),
                           [dict(f) for f in t.by_doc("findings").get(doc_id, [])], self.rows.get(doc_id, []),
                           images, self.copies.get(doc_id, []))
        (self.folder / "r" / page_name(doc_id)).write_text(html, encoding="utf-8")
        self.images += len(images or [])


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
          f"{stats['images']} 张页面图（新渲染 {stats['rendered']} 份）, {stats['seconds']:.1f} s, CPU {stats['cpu']:.1f} s")
    if stats["missing"]:
        print(f"report: {stats['missing']} 份 PDF 找不到原文件（documents.source 相对于运行 ingest 的目录），页面图从略",
              file=sys.stderr)
    return 0
