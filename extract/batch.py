"""`pipeline.py ingest`: many reports → Parquet tables, in parallel, isolated, incremental and resumable.

Why it is built this way:

* Every document runs in a worker process of a pebble `ProcessPool` with a hard wall-clock timeout and an
  address-space cap (`RLIMIT_AS`), so a hostile file (a PDF bomb, thousands of pages, a reader crash) costs
  one worker, which pebble kills and replaces; the document gets one `documents` row with status `failed`
  and the reason, and the batch goes on.
* The driver only hashes files (doc_id = sha256), hands paths to workers and writes what comes back; rows
  stream into Parquet parts of `--flush-every` documents, so memory stays flat however long the batch.
* Parts are committed by a manifest (see `storage.py`): a run killed at any instant and rerun ends with
  complete tables and no duplicates; documents already committed are skipped unless `--force`.
* `--scheduler tcp://…` runs the very same per-document function on a Dask cluster; the driver writes the
  parts, so the output is the same as a local run (up to `ingested_at` and `seconds`).
"""
from __future__ import annotations

import argparse
import glob
import importlib
import multiprocessing
import os
import resource
import signal
import sys
import threading
import time
import traceback
from collections import Counter
from contextlib import nullcontext
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional

import pyarrow as pa

from . import storage
from .readers import file_sha256
from .readers.sniff import sniff

DEFAULT_PROCESSOR = "extract.process:process"
SUFFIXES = (".pdf", ".txt", ".docx", ".html", ".htm", ".shtml")


# ---------------------------------------------------------------------------------------------
# command line


def _cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def add_ingest_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="DIR|FILE|GLOB",
                   help="folders (searched recursively for *.pdf, *.txt, *.docx, *.html/.htm/.shtml), files (taken as given) or globs")
    p.add_argument("--out", required=True, help="output folder: OUT/<table>/part-NNNNNN.parquet")
    p.add_argument("--workers", type=int, default=_cores(),
                   help="worker processes (default: all cores)")
    p.add_argument("--force", action="store_true", help="redo documents already in OUT (same doc_id)")
    p.add_argument("--retry-failed", action="store_true", help="redo documents whose status in OUT is failed")
    p.add_argument("--timeout", type=float, default=120.0,
                   help="wall-clock seconds per document, 0 for none (default 120)")
    p.add_argument("--max-memory", type=int, default=2048, metavar="MB",
                   help="address-space cap per worker in MB, 0 for none (default 2048)")
    p.add_argument("--flush-every", type=int, default=50, metavar="N",
                   help="documents per Parquet part (default 50)")
    p.add_argument("--scheduler", metavar="tcp://HOST:8786", help="run on this Dask scheduler instead of locally")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--max-tasks", type=int, default=1000, help=argparse.SUPPRESS)  # recycle a worker after N docs
    p.add_argument("--processor", default=DEFAULT_PROCESSOR, help=argparse.SUPPRESS)  # module:function (tests)


# ---------------------------------------------------------------------------------------------
# inputs


@dataclass
class Job:
    path: str
    doc_id: str
    size: Optional[int]


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES and not path.name.startswith(".")


def _walk(folder: Path) -> Iterator[Path]:
    """Report files under a folder, recursively, hidden folders skipped, in a stable order."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            p = Path(root) / name
            if _wanted(p) and p.is_file():
                yield p


def find_inputs(specs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """(files, specs that matched nothing).  Folders are walked; files are taken whatever their suffix."""
    found: list[Path] = []
    missing: list[str] = []
    seen: set[Path] = set()

    def add(p: Path) -> None:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            found.append(p)

    for spec in specs:
        p = Path(spec)
        if p.is_dir():
            for f in _walk(p):
                add(f)
        elif p.is_file():
            add(p)
        else:
            matches = sorted(glob.glob(spec, recursive=True))
            if not matches:
                missing.append(spec)
            for m in map(Path, matches):
                if m.is_dir():
                    for f in _walk(m):
                        add(f)
                elif m.is_file():
                    add(m)
    return found, missing


def _hash(path: Path) -> tuple[str, Optional[int], Optional[str]]:
    """(doc_id, size, error).  An unreadable file still needs an id for its row: sha256 of its path."""
    try:
        return file_sha256(path), path.stat().st_size, None
    except OSError as e:
        import hashlib
        return "unreadable-" + hashlib.sha256(str(path).encode()).hexdigest(), None, \
            f"cannot read file: {e.strerror or e}"


# ---------------------------------------------------------------------------------------------
# the per-document work (runs in a worker process, or on a Dask worker)

_MEMORY_MB = 0


def init_worker(max_memory_mb: int) -> None:
    """Worker initializer: cap the address space so a PDF bomb raises MemoryError (or dies) alone."""
    global _MEMORY_MB
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # Ctrl-C is the driver's business
    _MEMORY_MB = max_memory_mb
    _lean_address_space()
    if max_memory_mb > 0:
        limit = max_memory_mb * 1024 * 1024
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _lean_address_space() -> None:
    """RLIMIT_AS counts reserved, not used, memory: Arrow's jemalloc pool reserves ~1 GB up front and glibc
    64 MB per thread arena.  Use the system allocator and two arenas so the cap measures the document."""
    try:
        pa.set_memory_pool(pa.system_memory_pool())
    except Exception:
        pass
    try:
        import ctypes
        ctypes.CDLL(None).mallopt(-8, 2)              # M_ARENA_MAX
    except Exception:
        pass


def _resolve(spec: str) -> Callable:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name or "process")


def _where(exc: BaseException) -> str:
    tb = traceback.extract_tb(exc.__traceback__)
    if not tb:
        return ""
    f = tb[-1]
    return f" (at {Path(f.filename).name}:{f.lineno} in {f.name})"


def process_file(path: str, doc_id: str, processor: str = DEFAULT_PROCESSOR,
                 size: Optional[int] = None, source: Optional[str] = None) -> storage.Batch:
    """One file → its table rows.  Never raises for a bad document: failures become a `failed` row.

    `source` is the path to record when the file is opened under another one (absolute on a cluster).
    """
    t0 = time.perf_counter()
    source = source or path

    def failed(reason: str) -> storage.Batch:
        return storage.failed_batch(doc_id, source, reason, size=size, file_type=_sniff(path),
                                     seconds=time.perf_counter() - t0)

    try:
        report = _resolve(processor)(path)
        if not report.document.doc_id:
            report.document.doc_id = doc_id
        if not report.seconds:
            report.seconds = time.perf_counter() - t0
        report.document.source = source
        return storage.report_to_batch(report, size=size)
    except MemoryError:
        limit = f"the {_MEMORY_MB} MB cap" if _MEMORY_MB else "available memory"
        return failed(f"memory: the document needs more than {limit}")
    except RecursionError as e:
        return failed(f"recursion too deep (self-referencing or deeply nested structure){_where(e)}")
    except Exception as e:                      # a bug in a stage must not stop the batch
        return failed(f"extraction error: {type(e).__name__}: {str(e)[:300]}{_where(e)}")


def _sniff(path: str) -> Optional[str]:
    try:
        return sniff(path)
    except OSError:
        return None


def _signal_name(code: Optional[int]) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit code {code}"


def crash_reason(exitcode: Optional[int], max_memory_mb: int) -> str:
    """Words for a worker that died: a reader crash on a corrupt file, or memory exhaustion."""
    name = _signal_name(exitcode)
    hint = ""
    if max_memory_mb and exitcode is not None and -exitcode in (signal.SIGABRT, signal.SIGSEGV, signal.SIGBUS):
        hint = f"; possibly memory: the cap is {max_memory_mb} MB"
    elif exitcode is not None and -exitcode == signal.SIGKILL:
        hint = "; killed (out of memory?)"
    return f"worker crashed ({name}) while reading the file{hint}"


# ---------------------------------------------------------------------------------------------
# the writing side: buffer → parts, and the run's tally


@dataclass
class Tally:
    """What the summary prints: documents by status, findings by severity, pages, failures."""
    status: Counter = field(default_factory=Counter)
    severity: Counter = field(default_factory=Counter)
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    skipped: int = 0
    duplicates: int = 0
    forgotten: int = 0
    parts: int = 0

    @property
    def documents(self) -> int:
        return sum(self.status.values())

    def add(self, batch: storage.Batch) -> None:
        docs = batch["documents"]
        for source, status, error, pages in zip(docs["source"], docs["status"], docs["error"], docs["pages"]):
            self.status[status] += 1
            if status != "failed":      # a refused 3000-page file was not read
                self.pages += pages or 0
            if status == "failed" and len(self.failures) < 100:    # the rest stay in the table
                self.failures.append((source, error or ""))
        self.severity.update(batch["findings"]["severity"])


class Sink:
    """Buffers finished documents' columns and writes them as one part per `flush_every` documents."""

    MAX_BUFFER_BYTES = 256 * 1024 * 1024

    def __init__(self, store: storage.PartStore, flush_every: int, tally: Tally):
        self.store, self.flush_every, self.tally = store, max(1, flush_every), tally
        self._clear()

    def _clear(self) -> None:
        self.buffer: dict[str, dict[str, list]] = {t: {} for t in storage.TABLE_NAMES}
        self.doc_ids: list[str] = []
        self.nbytes = 0

    def add(self, batch: storage.Batch) -> None:
        ids = batch["documents"]["doc_id"]
        if any(d in self.store.done or d in self.doc_ids for d in ids):
            self.tally.duplicates += 1        # same bytes reached twice (a copy under another name)
            return
        for name in storage.TABLE_NAMES:
            buffered = self.buffer[name]
            for col, values in batch[name].items():
                buffered.setdefault(col, []).extend(values)
                self.nbytes += 64 * len(values)     # a value, roughly; the text counts on its own
        self.nbytes += sum(4 * len(t or "") for t in batch["documents"]["text"])
        self.doc_ids.extend(ids)
        self.tally.add(batch)
        if len(self.doc_ids) >= self.flush_every or self.nbytes >= self.MAX_BUFFER_BYTES:
            self.flush()

    def flush(self) -> None:
        """One Arrow table per table for the whole part."""
        if not self.doc_ids:
            return
        tables = {name: [storage.columns_to_table(name, cols)] for name, cols in self.buffer.items() if cols}
        self.store.write_part(tables, self.doc_ids)
        self.tally.parts += 1
        self._clear()


# ---------------------------------------------------------------------------------------------
# progress


class Progress:
    """A rich progress bar (files done, pages/s, ETA) — or nothing with --no-progress."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.enabled, self.t0 = total, enabled and total > 0, time.monotonic()
        self.pages = self.failed = 0
        self._bar = None
        if self.enabled:
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)
            self._bar = RichProgress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                                     TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[failed]}"),
                                     TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                                     console=Console(stderr=True), transient=False)
            self._task = self._bar.add_task("ingest", total=total, rate="", failed="")
            self._bar.start()

    def advance(self, pages: int, failed: int = 0) -> None:
        self.pages += pages
        self.failed += failed
        if self._bar is not None:
            rate = self.pages / max(time.monotonic() - self.t0, 1e-6)
            self._bar.update(self._task, advance=1, rate=f"{rate:6.1f} pages/s",
                             failed=f"[red]{self.failed} failed[/red]" if self.failed else "")

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()


def _pages_and_failures(batch: storage.Batch) -> tuple[int, int]:
    """Pages read (a failed document's page count, when known, was not read) and failed documents."""
    docs = batch["documents"]
    return (sum(p or 0 for p, s in zip(docs["pages"], docs["status"]) if s != "failed"),
            sum(s == "failed" for s in docs["status"]))


# ---------------------------------------------------------------------------------------------
# running locally


def _pool_context():
    """forkserver: workers fork from a clean single-threaded server (the driver has threads: rich,
    pyarrow), with the stages and jieba loaded once (`warmup`), so replacing a killed worker is cheap."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extract.batch", "extract.warmup"])
    return ctx


def run_local(jobs: list[Job], args: argparse.Namespace, on_done: Callable[[storage.Batch], None]) -> None:
    """Run `process_file` over the jobs in a pebble pool, a bounded number in flight."""
    from pebble import ProcessExpired, ProcessPool

    if not jobs:
        return                                 # a rerun with nothing new starts no processes
    workers = max(1, min(args.workers, len(jobs)))
    timeout = args.timeout if args.timeout and args.timeout > 0 else None
    window = workers * 2
    todo = iter(jobs)
    pending: dict = {}
    with ProcessPool(max_workers=workers, max_tasks=max(0, args.max_tasks), initializer=init_worker,
                     initargs=(args.max_memory,), context=_pool_context()) as pool:
        try:
            while True:
                while len(pending) < window and (job := next(todo, None)) is not None:
                    fut = pool.schedule(process_file, args=(job.path, job.doc_id, args.processor, job.size),
                                        timeout=timeout)
                    pending[fut] = job
                if not pending:
                    break
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                for fut in done:
                    job = pending.pop(fut)
                    on_done(_outcome(fut, job, args, ProcessExpired))
        except BaseException:
            pool.stop()
            raise


def _outcome(fut, job: Job, args: argparse.Namespace, expired_type: type) -> storage.Batch:
    """The columns of a finished future, or the failed row that says why there are none."""
    try:
        return fut.result()
    except TimeoutError:
        reason = f"timeout: no result after {args.timeout:g} s; worker stopped"
    except expired_type as e:
        reason = crash_reason(getattr(e, "exitcode", None), args.max_memory)
    except MemoryError:
        reason = f"memory: the result could not be passed back (cap {args.max_memory} MB)"
    except Exception as e:
        reason = f"worker error: {type(e).__name__}: {str(e)[:300]}"
    return storage.failed_batch(job.doc_id, job.path, reason, size=job.size, file_type=_sniff(job.path))


# ---------------------------------------------------------------------------------------------
# running on a Dask cluster


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be used."""


def run_dask(jobs: list[Job], args: argparse.Namespace, on_done: Callable[[storage.Batch], None],
             client=None) -> None:
    """The same `process_file` on a dask.distributed cluster; results are written here, by the driver.

    Timeouts: at most as many documents are in flight as the cluster has threads; one seen processing on
    the same worker for `--timeout` seconds is cancelled and its worker restarted (the nanny replaces it).  A worker that dies (a reader crash, the nanny's memory limit) takes the
    documents of its other threads with it, so documents that end as KilledWorker are run again one at a
    time; only one that kills its worker alone is recorded as a crash.
    """
    from distributed import Client

    own = client is None
    if own:
        try:
            client = Client(args.scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler {args.scheduler}: {e}") from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        run = _DaskRun(client, args, on_done)
        suspects = run.run(jobs, window=threads, final=threads == 1)
        if suspects:
            run.run(suspects, window=1, final=True)
    finally:
        if own:
            client.close()


class _DaskRun:
    """One pass over jobs on a cluster with a bounded number in flight and a timeout watchdog."""

    def __init__(self, client, args: argparse.Namespace, on_done: Callable[[storage.Batch], None]):
        self.client, self.args, self.on_done = client, args, on_done

    def run(self, jobs: list[Job], window: int, final: bool) -> list[Job]:
        """Returns the jobs whose worker died (KilledWorker) when not `final`; records everything else."""
        from distributed import as_completed

        todo = iter(jobs)
        inflight: dict[str, tuple[Job, float, object]] = {}     # key → (job, submitted, future)
        timed_out: set[str] = set()
        suspects: list[Job] = []
        ac = as_completed([], with_results=False, raise_errors=False)

        def refill() -> None:
            batch = []
            while len(inflight) + len(batch) < window and (job := next(todo, None)) is not None:
                batch.append(job)
            if not batch:
                return
            futs = self.client.map(process_file, [os.path.abspath(j.path) for j in batch],     # workers have
                                   [j.doc_id for j in batch], [self.args.processor] * len(batch),  # another cwd
                                   [j.size for j in batch], [j.path for j in batch],    # (map kwargs are
                                   pure=False, retries=0)                               # not iterated)
            for j, f in zip(batch, futs):
                inflight[f.key] = (j, time.monotonic(), f)
                ac.add(f)

        stop = threading.Event()
        watchdog = threading.Thread(target=_dask_watchdog, daemon=True,
                                    args=(self.client, inflight, timed_out, self.args.timeout, stop))
        refill()
        watchdog.start()
        try:
            for fut in ac:
                job, _t, _f = inflight.pop(fut.key)
                late = fut.key in timed_out
                if not final and not late and _killed(fut):
                    suspects.append(job)
                else:
                    self.on_done(_dask_outcome(fut, job, self.args, late))
                fut.release()
                refill()
        finally:
            stop.set()
            watchdog.join(timeout=5)
        return suspects


def _killed(fut) -> bool:
    if fut.status != "error":
        return False
    try:
        return type(fut.exception()).__name__ == "KilledWorker"
    except Exception:
        return False


def _dask_watchdog(client, inflight: dict, timed_out: set, timeout: float, stop: threading.Event) -> None:
    """Cancel documents running longer than the timeout and restart the workers stuck on them.

    A document's clock starts when the scheduler shows it processing on a worker, and restarts when it
    moves to another worker (after a worker died), so time spent queued or being retried is not counted.
    """
    running: dict[str, tuple[str, float]] = {}      # key → (worker, since)
    while timeout and timeout > 0 and not stop.wait(0.5):
        try:
            where = {k: w for w, keys in client.processing().items() for k in keys}
        except Exception:            # the cluster is busy: try again next tick
            continue
        now = time.monotonic()
        for key in list(running):
            if key not in where or key not in inflight:
                del running[key]
        for key, worker in where.items():
            if key in inflight and running.get(key, ("", 0.0))[0] != worker:
                running[key] = (worker, now)
        late = {k: inflight[k][2] for k, (_w, since) in running.items()
                if now - since > timeout and k not in timed_out and k in inflight}
        if not late:
            continue
        timed_out.update(late)
        try:
            client.cancel(list(late.values()), force=True)
        except Exception:
            pass
        workers = sorted({running[k][0] for k in late})
        threading.Thread(target=_restart, args=(client, workers), daemon=True).start()   # waits for the thread


def _restart(client, workers: list[str]) -> None:
    try:
        client.restart_workers(workers, timeout=60, raise_for_error=False)
    except Exception:                # the client closed meanwhile, or the worker is already gone
        pass


def _dask_outcome(fut, job: Job, args: argparse.Namespace, timed_out: bool) -> storage.Batch:
    if timed_out:
        reason = f"timeout: no result after {args.timeout:g} s; worker restarted"
    elif fut.status == "finished":
        return fut.result()
    else:
        try:
            exc = fut.exception()
        except Exception as e:       # cancelled
            exc = e
        name = type(exc).__name__
        reason = (f"worker crashed ({name}: the worker died on this document, corrupt file or memory)"
                  if name == "KilledWorker" else f"worker error: {name}: {str(exc)[:300]}")
    return storage.failed_batch(job.doc_id, job.path, reason, size=job.size, file_type=_sniff(job.path))


# ---------------------------------------------------------------------------------------------
# the command


def plan(files: list[Path], store: storage.PartStore, args: argparse.Namespace,
         tally: Tally) -> tuple[list[Job], list[storage.Batch]]:
    """Hash every file and decide what to do: (jobs to run, rows already known: unreadable files)."""
    jobs: list[Job] = []
    ready: list[storage.Batch] = []
    seen: set[str] = set()
    redo: list[str] = []
    failed_ids = _failed_ids(store) if args.retry_failed else set()
    for path in files:
        doc_id, size, error = _hash(path)
        if doc_id in seen:
            tally.duplicates += 1
            continue
        seen.add(doc_id)
        if doc_id in store.done:
            if args.force or doc_id in failed_ids:
                redo.append(doc_id)
            else:
                tally.skipped += 1
                continue
        if error:
            ready.append(storage.failed_batch(doc_id, str(path), error))
        else:
            jobs.append(Job(str(path), doc_id, size))
    tally.forgotten = store.forget(redo)
    return jobs, ready


def _failed_ids(store: storage.PartStore) -> set[str]:
    docs = storage.read_arrow(store.out, "documents", ["doc_id", "status"])
    return {r["doc_id"] for r in docs.to_pylist() if r["status"] == "failed"}


def run_ingest(args: argparse.Namespace) -> int:
    """`pipeline.py ingest`: returns 0 when the batch ran (failed documents included)."""
    from rich.console import Console
    err = Console(stderr=True)
    files, missing = find_inputs(args.inputs)
    for spec in missing:
        err.print(f"[yellow]nothing found for {spec}[/yellow]")
    if missing and not files:
        return 2
    t0 = time.monotonic()
    try:
        store = storage.PartStore(args.out)
    except storage.StoreError as e:
        err.print(f"[red]{e}[/red]")
        return 2
    tally = Tally()
    with store:
        for line in store.recovered:
            err.print(f"[dim]recovery: {line}[/dim]")
        with err.status(f"hashing {len(files)} files…") if not args.no_progress else nullcontext():
            jobs, ready = plan(files, store, args, tally)
        sink = Sink(store, args.flush_every, tally)
        progress = Progress(len(jobs) + len(ready), not args.no_progress)

        def on_done(batch: storage.Batch) -> None:
            sink.add(batch)
            progress.advance(*_pages_and_failures(batch))

        try:
            for batch in ready:
                on_done(batch)
            if args.scheduler:
                run_dask(jobs, args, on_done)
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


def print_summary(tally: Tally, seconds: float, out: str) -> None:
    from rich.console import Console
    from rich.table import Table
    console = Console()
    t = Table(title=f"ingest → {out}", show_header=False, box=None)
    t.add_column(justify="left")
    t.add_column(justify="right")
    t.add_row("documents", str(tally.documents))
    for status in ("ok", "partial", "failed"):
        t.add_row(f"  {status}", str(tally.status.get(status, 0)))
    if tally.skipped:
        t.add_row("skipped (already in OUT)", str(tally.skipped))
    if tally.duplicates:
        t.add_row("duplicates (same bytes)", str(tally.duplicates))
    if tally.forgotten:
        t.add_row("redone (--force / --retry-failed)", str(tally.forgotten))
    t.add_row("pages", str(tally.pages))
    for sev in ("error", "warning", "info"):
        t.add_row(f"findings: {sev}", str(tally.severity.get(sev, 0)))
    t.add_row("parts written", str(tally.parts))
    t.add_row("time", f"{seconds:.1f} s")
    if seconds > 0 and tally.pages:
        t.add_row("speed", f"{tally.pages / seconds:.1f} pages/s, {tally.documents / seconds:.2f} documents/s")
    console.print(t)
    failed = tally.status.get("failed", 0)
    if failed:
        console.print(f"[bold]failed documents[/bold] ({failed}):")
        for source, reason in tally.failures[:20]:
            print(f"  {source}: {reason}")
        if failed > 20:
            print(f"  … and {failed - 20} more (documents table, status = 'failed')")


def main(argv: Optional[list[str]] = None) -> int:
    """`python -m extract.batch DIR --out OUT …`: the ingest command without the rest of the CLI."""
    p = argparse.ArgumentParser(prog="python -m extract.batch", description="ingest reports into Parquet")
    add_ingest_arguments(p)
    return run_ingest(p.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
