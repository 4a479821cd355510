#!/usr/bin/env python3
"""Benchmark the whole ingest: pages/s, documents/s and peak memory, against pdfplumber's plain text.

    python scripts/benchmark.py                         # 100 documents, 1 and 2 workers, + pdfplumber
    python scripts/benchmark.py --docs 100,2000 --flat-memory   # peak worker RSS vs number of documents
    python scripts/benchmark.py --answers --docs 1000           # export + report on 1,000 distinct reports
    python scripts/benchmark.py --ocr                   # image-only scans: OCR pages/s and peak memory

The corpus is built in a temp folder from the development PDFs (`samples/corpus/*.pdf`, or
`../shared/corpus/dev/*.pdf` when the samples are not there).  Each copy gets a distinct PDF comment
after `%%EOF`, so it has its own doc_id: plain links would be the same document to jixiao (doc_id is the
sha256 of the bytes) and be skipped as duplicates.  Every run ingests into a fresh output folder.

`--answers` needs reports that are different reports, not copies (copies of one report are compared once,
`documents.duplicate_of`): it renders --docs distinct reports from the report sources with
scripts/distinct_reports.py (other departments, years and amounts; reportlab PDFs), prints how many
distinct reports the comparison table holds, then times `export --xlsx --csv` and `report --html`.

Memory is sampled with psutil every 50 ms over the process tree of `pipeline.py ingest`: the driver
(parent MB) and the largest of its child processes (worker MB; RSS, so pages shared with the forkserver
count in full).  pdfplumber's row shows this script's own ru_maxrss (resource.getrusage), which is
taken after reading the whole corpus in one process.  This is a script, not a test.
"""
from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Optional
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def source_pdfs(source: str | None, ocr: bool = False) -> list[Path]:
    if source:
        return sorted(Path(source).glob("*.pdf"))
    if ocr:     # scans rendered by render.py --producer scan (150 dpi, skewed, noisy, image-only)
        return sorted((ROOT / "samples" / "scans").glob("*.pdf")) + sorted((ROOT / "samples" / "heldout").glob("*-scan.pdf"))
    pdfs = sorted((ROOT / "samples" / "corpus").glob("*.pdf"))
    return pdfs or sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.pdf"))


def build_corpus(pdfs: list[Path], n: int, folder: Path) -> Path:
    """n reports: the sources in turn, copy k carrying the comment `% benchmark copy k`."""
    folder.mkdir(parents=True, exist_ok=True)
    data = [p.read_bytes() for p in pdfs]
    for i in range(n):
        src = pdfs[i % len(pdfs)]
        (folder / f"{i:05d}-{src.stem}.pdf").write_bytes(data[i % len(pdfs)] + b"\n%% benchmark copy %d\n" % i)
    return folder


@dataclass
class Run:
    label: str
    docs: int
    pages: int
    seconds: float
    parent_rss: int
    worker_rss: int
    failed: int

    def row(self) -> list[str]:
        mb = 1024 * 1024
        return [self.label, str(self.docs), str(self.pages), f"{self.seconds:.1f}",
                f"{self.pages / self.seconds:.1f}", f"{self.docs / self.seconds:.2f}",
                f"{self.parent_rss / mb:.0f}" if self.parent_rss else "-",
                f"{self.worker_rss / mb:.0f}" if self.worker_rss else "-", str(self.failed)]


HEADER = ["run", "docs", "pages", "seconds", "pages/s", "docs/s", "parent MB", "worker MB", "failed"]


def _sample(proc, peaks: dict[str, int]) -> None:
    import psutil
    try:
        peaks["parent"] = max(peaks["parent"], proc.memory_info().rss)
        for child in proc.children(recursive=True):
            try:
                peaks["worker"] = max(peaks["worker"], child.memory_info().rss)
            except psutil.Error:
                pass
    except psutil.Error:
        pass


def run_ingest(corpus: Path, out: Path, workers: int, extra: list[str]) -> Run:
    """`pipeline.py ingest` in a subprocess, its process tree sampled for memory."""
    import psutil
    from extract.storage import read_table
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, str(ROOT / "pipeline.py"), "ingest", str(corpus), "--out", str(out),
           "--workers", str(workers), "--no-progress", *extra]
    peaks = {"parent": 0, "worker": 0}
    t0 = time.perf_counter()
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    while proc.poll() is None:
        _sample(proc, peaks)
        time.sleep(0.05)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({proc.returncode}): {proc.stderr.read().decode()[-2000:]}")
    docs = read_table(out, "documents")
    return Run(f"jixiao, {workers} worker{'s' if workers > 1 else ''}", len(docs), int(docs["pages"].fillna(0).sum()),
               seconds, peaks["parent"], peaks["worker"], int((docs["status"] == "failed").sum()))


def run_pdfplumber(corpus: Path) -> Run:
    """The reference: pdfplumber's page.extract_text() on every page, one process, nothing else."""
    import pdfplumber
    pages = docs = 0
    t0 = time.perf_counter()
    for p in sorted(corpus.glob("*.pdf")):
        with pdfplumber.open(p) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.flush_cache()
                pages += 1
        docs += 1
    seconds = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return Run("pdfplumber extract_text", docs, pages, seconds, rss, 0, 0)


def build_distinct(n: int, folder: Path) -> Path:
    """n distinct reports rendered from the report sources (scripts/distinct_reports.py), timed."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import distinct_reports
    t0, c0 = time.perf_counter(), time.process_time()
    paths = distinct_reports.build(n, folder, "pdf", workers=2)
    print(f"rendered {len(paths)} distinct reports (PDF, reportlab) from {len(distinct_reports.sources())} report "
          f"sources in {time.perf_counter() - t0:.1f} s")
    return folder


def count_reports(out: Path) -> tuple[int, int, int, int]:
    """(comparison rows, distinct reports in them, documents, documents that are duplicate_of another)."""
    import duckdb
    con = duckdb.connect()
    glob = lambda t: str(out / t / "*.parquet")
    docs, dups = con.execute(f"SELECT count(*), count(duplicate_of) FROM read_parquet('{glob('documents')}')").fetchone()
    p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), "sql", str(out),
                        "SELECT count(*), count(DISTINCT doc_id) FROM comparison", "--csv"],
                       cwd=ROOT, capture_output=True, text=True, check=True)
    rows, reports = (int(x) for x in p.stdout.strip().splitlines()[-1].split(","))
    return rows, reports, docs, dups


def run_answers(corpus: Path, tmp: Path, out: Optional[Path] = None) -> int:
    """Ingest the corpus (2 workers; or take an ingested --out), then time `export --xlsx --csv` and `report --html` as a new user
    runs them (subprocesses, cold start included)."""
    if out is None:
        out = tmp / "out-answers"
        ingest = run_ingest(corpus, out, 2, [])
        print(f"ingested {ingest.docs} documents ({ingest.pages} pages) in {ingest.seconds:.1f} s (not part of the claim)")
    rows, reports, docs, dups = count_reports(out)
    print(f"comparison table: {reports} distinct reports ({rows} rows) from {docs} documents, "
          f"{dups} duplicate_of another{'' if reports == docs else ' — fewer reports than documents: see duplicate_of and failed rows'}")
    steps = [("export --xlsx --csv", ["export", str(out), "--xlsx", str(tmp / "jixiao.xlsx"), "--csv", str(tmp / "csv")]),
             ("report --html", ["report", str(out), "--html", str(tmp / "site")]),
             ("report --html (rerun, page images cached)", ["report", str(out), "--html", str(tmp / "site")]),
             ("sql comparison", ["sql", str(out), "SELECT count(*) FROM comparison", "--csv"])]
    total = cpu_total = 0.0
    for label, argv in steps:
        t0, c0 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([sys.executable, str(ROOT / "pipeline.py"), *argv], cwd=ROOT, capture_output=True, text=True)
        dt, c1 = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
        stated = re.search(r"CPU ([0-9.]+) s", p.stdout)     # report's pool workers are not our children
        cpu = max(cpu, float(stated.group(1))) if stated else cpu
        if p.returncode != 0:
            raise SystemExit(f"{label} failed: {p.stderr[-2000:]}")
        if "rerun" not in label and "sql" not in label:
            total += dt
            cpu_total += cpu
        print(f"{label:45s} {dt:6.1f} s wall {cpu:6.1f} s cpu   {p.stdout.strip().splitlines()[-1][-75:]}")
    print(f"{'export + report (first run)':45s} {total:6.1f} s wall {cpu_total:6.1f} s cpu on {os.cpu_count()} cores: "
          f"{'under' if total < 30 else 'OVER'} 30 s wall; CPU {'under' if cpu_total < 30 else 'OVER'} 30 s "
          f"(on idle cores the wall time is about the CPU time or less: page images render in parallel)")
    print(f"{'machine':45s} load average {os.getloadavg()[0]:.1f}, CPU pressure {cpu_pressure()} "
          f"(share of the time runnable tasks waited for a core: other jobs slow the wall time)")
    return 0


def cpu_pressure() -> str:
    """Linux PSI `some avg60` of /proc/pressure/cpu, or '?' where the kernel has none."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
        return re.search(r"avg60=([0-9.]+)", line).group(1) + "%"
    except (OSError, AttributeError, IndexError):
        return "?"


def print_table(runs: list[Run]) -> None:
    rows = [HEADER] + [r.row() for r in runs]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADER))]
    for k, r in enumerate(rows):
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", default="100", help="documents in the corpus; a list (100,2000) with --flat-memory")
    ap.add_argument("--workers", default="1,2", help="worker counts to run (default 1,2)")
    ap.add_argument("--source", help="folder of PDFs to copy (default samples/corpus, else ../shared/corpus/dev)")
    ap.add_argument("--flat-memory", action="store_true",
                    help="run each corpus size with the largest worker count and compare peak worker RSS")
    ap.add_argument("--max-tasks", type=int, help="recycle workers after N documents (0: never; pipeline default 100)")
    ap.add_argument("--no-pdfplumber", action="store_true", help="skip the pdfplumber reference")
    ap.add_argument("--keep", action="store_true", help="keep the temp folder")
    ap.add_argument("--out", help="with --answers: an OUT already ingested (skips building and ingesting)")
    ap.add_argument("--answers", action="store_true",
                    help="time export and report on --docs distinct reports (default 1000) rendered from the report "
                         "sources, or on --out; with --source, on copies of its PDFs")
    ap.add_argument("--ocr", action="store_true",
                    help="OCR: the scanned samples (samples/scans, samples/heldout/*-scan.pdf), each once unless --docs; "
                         "no pdfplumber row, a 600 s per-document timeout")
    args = ap.parse_args()

    pdfs = source_pdfs(args.source, args.ocr)
    extra: list[str] = []
    if args.ocr:
        args.no_pdfplumber = True
        extra += ["--timeout", "600"]
        if args.docs == "100":
            args.docs = str(len(pdfs))
    if not pdfs:
        print("no source PDFs found", file=sys.stderr)
        return 2
    if args.answers and args.docs == "100":
        args.docs = "1000"
    sizes = [int(x) for x in args.docs.split(",")]
    workers = [int(x) for x in args.workers.split(",")]
    extra += ["--max-tasks", str(args.max_tasks)] if args.max_tasks is not None else []
    tmp = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    print(f"{len(pdfs)} source PDFs; temp folder {tmp}; {os.cpu_count()} cores")
    try:
        if args.flat_memory:
            runs = []
            for n in sizes:
                corpus = build_corpus(pdfs, n, tmp / f"corpus-{n}")
                run = run_ingest(corpus, tmp / f"out-{n}", max(workers), extra)
                run.label = f"jixiao, {max(workers)} workers, {n} docs"
                runs.append(run)
                shutil.rmtree(corpus, ignore_errors=True)
            print_table(runs)
            base, top = runs[0].worker_rss, max(r.worker_rss for r in runs)
            growth = top / base if base else float("nan")
            print(f"\npeak worker RSS: {base / 2**20:.0f} MB at {sizes[0]} docs, at most {top / 2**20:.0f} MB "
                  f"up to {max(sizes)} docs (×{growth:.2f}): {'flat' if growth < 1.25 else 'GROWS'}")
            return 0
        if args.answers and args.out:
            return run_answers(Path(args.out), tmp, Path(args.out))
        if args.answers and not args.source:
            return run_answers(build_distinct(sizes[0], tmp / "corpus"), tmp)
        corpus = build_corpus(pdfs, sizes[0], tmp / "corpus")
        if args.answers:        # copies of --source: compared once each (duplicate_of)
            return run_answers(corpus, tmp)
        runs = [run_ingest(corpus, tmp / f"out-{w}", w, extra) for w in workers]
        for r in runs if args.ocr else []:
            r.label = "OCR, " + r.label.removeprefix("jixiao, ")
        if not args.no_pdfplumber:
            runs.append(run_pdfplumber(corpus))
        print_table(runs)
        return 0
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
