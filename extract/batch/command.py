"""`pipeline.py ingest`: many reports → Parquet tables, in parallel, isolated, incremental and resumable.

Why it is built this way:

* Every document runs in a worker process of a pebble `ProcessPool` with a hard wall-clock timeout and an
  address-space cap (`RLIMIT_AS`), so a hostile file (a PDF bomb, thousands of pages, a reader crash) costs
  one worker, which pebble kills and replaces; the document gets one `documents` row with status `failed`
  and the reason, and the batch goes on.
* The driver only hashes files (doc_id = sha256), hands paths to workers and writes what comes back; rows
  stream into Parquet parts of `--flush-every` documents, so memory stays flat however long the batch.
* Parts are committed by a manifest (see `storage/parts.py`): a run killed at any instant and rerun ends with
  complete tables and no duplicates; documents already committed are skipped unless `--force`.
* `--scheduler tcp://…` runs the very same per-document function on a Dask cluster; the driver writes the
  parts, so the output is the same as a local run (up to `ingested_at` and `seconds`).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

from .. import storage
from .cluster import ClusterError, run_dask
from .inputs import Job, find_inputs, file_id, path_id
from .local import run_local
from .progress import Progress, print_summary
from .sink import Sink, Tally
from .worker import DEFAULT_PROCESSOR


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="DIR|FILE|GLOB",
                   help="folders (walked recursively: documents are read, every other file is recorded as skipped), "
                        "files (read whatever their suffix) or globs")
    p.add_argument("--include", action="append", default=[], metavar="GLOB",
                   help="read only files matching GLOB (path relative to the folder, or file name); repeatable")
    p.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                   help="leave out files matching GLOB; repeatable")
    p.add_argument("--out", required=True, help="output folder: OUT/<table>/part-NNNNNN.parquet")
    p.add_argument("--workers", type=int, default=_cores(),
                   help="worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="redo documents already in OUT (same doc_id)")
    p.add_argument("--retry-failed", action="store_true", help="redo documents whose status in OUT is failed")
    p.add_argument("--timeout", type=float, default=300.0,
                   help="wall-clock seconds per document, 0 for none (default 300: a 20-page scan OCRed on one core)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address-space cap per worker in MB, 0 for none (default 2048)")
    p.add_argument("--flush-every", type=int, default=50, metavar="N",
                   help="documents per Parquet part (default 50)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on this Dask scheduler instead of locally")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--max-tasks", type=int, default=1000, help=argparse.SUPPRESS)  # recycle a worker after N docs
    p.add_argument("--processor", default=DEFAULT_PROCESSOR, help=argparse.SUPPRESS)  # module:function (tests)


def plan(files: list[Path], skipped: list[tuple[Path, str]], store: storage.PartStore, args: argparse.Namespace,
         tally: Tally) -> tuple[list[Job], list[storage.Batch]]:
    """Hash every file and decide what to do: (jobs to run, rows already known: unreadable and skipped files)."""
    jobs: list[Job] = []
    ready: list[storage.Batch] = []
    seen: set[str] = set()
    redo: list[str] = []
    failed_ids = _failed_ids(store) if args.retry_failed else set()
    for path, reason in skipped:
        doc_id = path_id("skipped", path)
        if doc_id not in store.done:
            ready.append(storage.failed_batch(doc_id, str(path), reason, status="skipped", size=_size(path),
                                              file_type=path.suffix.lower().lstrip(".") or None))
    for path in files:
        doc_id, size, error = file_id(path)
        if doc_id in seen:
            tally.duplicates += 1
            continue
        seen.add(doc_id)
        if doc_id in store.done:
            if args.force or doc_id in failed_ids:
                redo.append(doc_id)
            else:
                tally.already_done += 1
                continue
        if error:
            ready.append(storage.failed_batch(doc_id, str(path), error))
        else:
            jobs.append(Job(str(path), doc_id, size))
    tally.forgotten = store.forget(redo)
    return jobs, ready


def _size(path: Path) -> Optional[int]:
    try:
        return path.stat().st_size
    except OSError:
        return None


def _failed_ids(store: storage.PartStore) -> set[str]:
    docs = storage.read_arrow(store.out, "documents", ["doc_id", "status"])
    return {r["doc_id"] for r in docs.to_pylist() if r["status"] == "failed"}


def run_ingest(args: argparse.Namespace) -> int:
    """`pipeline.py ingest`: returns 0 when the batch ran (failed documents included)."""
    from rich.console import Console
    err = Console(stderr=True)
    found = find_inputs(args.inputs, args.include, args.exclude)
    for spec in found.missing:
        err.print(f"[yellow]nothing found for {spec}[/yellow]")
    if found.missing and not found.files and not found.skipped:
        return 2
    t0 = time.monotonic()
    try:
        store = storage.PartStore(args.out)
    except storage.StoreError as e:
        print(f"jixiao ingest: {e}", file=sys.stderr)      # one plain line, whatever the terminal width
        return 2
    tally = Tally(excluded=found.excluded, hidden=found.hidden)
    with store:
        for line in store.recovered:
            err.print(f"[dim]recovery: {line}[/dim]")
        with err.status(f"hashing {len(found.files)} files…") if not args.no_progress else nullcontext():
            jobs, ready = plan(found.files, found.skipped, store, args, tally)
        sink = Sink(store, args.flush_every, tally)
        progress = Progress(len(jobs) + len(ready), not args.no_progress)

        def on_done(batch: storage.Batch) -> None:
            sink.add(batch)
            progress.advance(*_pages_and_failures(batch))

        try:
            for batch in ready:
                on_done(batch)
            if args.scheduler:
                run_dask(jobs, args, on_done, warn=lambda msg: err.print(f"[yellow]cluster: {msg}[/yellow]"))
            else:
                run_local(jobs, args, on_done)
        except KeyboardInterrupt:
            progress.stop()
            sink.flush()
            err.print("[yellow]interrupted: finished documents are saved; rerun to continue[/yellow]")
            return 130
        except ClusterError as e:
            progress.stop()
            sink.flush()
            err.print(f"[red]{e}[/red]")
            return 2
        finally:
            progress.stop()
        sink.flush()
    print_summary(tally, time.monotonic() - t0, args.out)
    return 0


def _pages_and_failures(batch: storage.Batch) -> tuple[int, int]:
    """Pages read (a failed document's page count, when known, was not read) and failed documents."""
    docs = batch["documents"]
    return (sum(p or 0 for p, s in zip(docs["pages"], docs["status"]) if s not in ("failed", "skipped")),
            sum(s == "failed" for s in docs["status"]))


def main(argv: Optional[list[str]] = None) -> int:
    """`python -m extract.batch DIR --out OUT …`: the ingest command without the rest of the CLI."""
    p = argparse.ArgumentParser(prog="python -m extract.batch", description="ingest reports into Parquet")
    add_ingest_arguments(p)
    return run_ingest(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
