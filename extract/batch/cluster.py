"""Running on a Dask cluster: the same `process_file` on dask.distributed workers; the driver writes.

At most as many documents are in flight as the cluster has threads.  A watchdog thread cancels a document
seen processing longer than `--timeout` and restarts its worker; a document whose worker died
(KilledWorker) is run again alone, and the one that still kills its worker is recorded as a crash.  The
driver never waits forever: when nothing runs for a grace period (no worker came back), the documents
still in flight are recorded as failed with that reason, and errors of the watchdog itself are reported.
"""
from __future__ import annotations

import argparse
import os
import threading
import time
from typing import Callable

from .. import storage
from .inputs import Job
from .worker import process_file, sniff_or_none


class ClusterError(RuntimeError):
    """The Dask scheduler cannot be used."""


def run_dask(jobs: list[Job], args: argparse.Namespace, on_done: Callable[[storage.Batch], None],
             client=None, warn: Callable[[str], None] = lambda msg: None) -> None:
    """The same `process_file` on a dask.distributed cluster; results are written here, by the driver.

    Timeouts: at most as many documents are in flight as the cluster has threads; one seen processing on
    the same worker for `--timeout` seconds is cancelled and its worker restarted (the nanny replaces it).  A worker that dies (a reader crash, the nanny's memory limit) takes the
    documents of its other threads with it, so documents that end as KilledWorker are run again one at a
    time; only one that kills its worker alone is recorded as a crash.
    """
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("--scheduler needs Dask: pip install 'jixiao[cluster]' (dask[distributed])") from None

    own = client is None
    if own:
        try:
            client = Client(args.scheduler, timeout="30s")
        except (OSError, TimeoutError, ValueError) as e:
            raise ClusterError(f"cannot reach the Dask scheduler {args.scheduler}: {e}") from None
    try:
        threads = max(1, sum(client.nthreads().values()))
        run = _DaskRun(client, args, on_done, warn)
        suspects = run.run(jobs, window=threads, final=threads == 1)
        if suspects:
            run.run(suspects, window=1, final=True, crashed_before=True)
    finally:
        if own:
            client.close()


class _DaskRun:
    """One pass over jobs on a cluster with a bounded number in flight and a watchdog."""

    def __init__(self, client, args: argparse.Namespace, on_done: Callable[[storage.Batch], None],
                 warn: Callable[[str], None]):
        self.client, self.args, self.on_done, self.warn = client, args, on_done, warn

    def run(self, jobs: list[Job], window: int, final: bool, crashed_before: bool = False) -> list[Job]:
        """Returns the jobs whose worker died (KilledWorker) when not `final`; records everything else.
        `crashed_before`: these jobs' workers died in an earlier pass (each now runs alone)."""
        from distributed import as_completed

        todo = iter(jobs)
        inflight: dict[str, tuple[Job, float, object]] = {}     # key → (job, submitted, future)
        stopped: dict[str, str] = {}                            # key → why the watchdog cancelled it
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
        watchdog = Watchdog(self.client, inflight, stopped, self.args.timeout, stop, self.warn)
        thread = threading.Thread(target=watchdog.loop, daemon=True)
        refill()
        thread.start()
        try:
            for fut in ac:
                job, _t, _f = inflight.pop(fut.key)
                why = stopped.get(fut.key)
                if why and crashed_before and why.startswith("not run: "):
                    why = "worker crashed while reading the file, and " + why[len("not run: "):]
                if not final and why is None and _killed(fut):
                    suspects.append(job)
                else:
                    self.on_done(_dask_outcome(fut, job, why))
                fut.release()
                refill()
        finally:
            stop.set()
            thread.join(timeout=5)
        return suspects


def _killed(fut) -> bool:
    if fut.status != "error":
        return False
    try:
        return type(fut.exception()).__name__ == "KilledWorker"
    except Exception:       # the future's exception cannot be fetched (client closing): not a worker death
        return False


class Watchdog:
    """Cancels documents running longer than the timeout and restarts the workers stuck on them; fails
    the documents in flight when the cluster runs nothing for a grace period; reports its own errors.

    A document's clock starts when the scheduler shows it processing on a worker, and restarts when it
    moves to another worker (after a worker died), so time spent queued or being retried is not counted.
    """
    POLL = 0.5

    def __init__(self, client, inflight: dict, stopped: dict, timeout: float, stop: threading.Event,
                 warn: Callable[[str], None]):
        self.client, self.inflight, self.stopped, self.stop, self.warn = client, inflight, stopped, stop, warn
        self.timeout = timeout if timeout and timeout > 0 else None
        # how long the cluster may run nothing while documents wait (a worker that never came back)
        self.grace = max(60.0, 3 * (self.timeout or 0))
        self.running: dict[str, tuple[str, float]] = {}      # key → (worker, since)
        self.idle_since: float | None = None
        self.errors_since: float | None = None

    def loop(self) -> None:
        while not self.stop.wait(self.POLL):
            try:
                where = {k: w for w, keys in self.client.processing().items() for k in keys}
            except Exception as e:      # the scheduler does not answer: say so once it lasts
                now = time.monotonic()
                self.errors_since = self.errors_since or now
                if now - self.errors_since > self.grace:
                    self.warn(f"the Dask scheduler has not answered for {self.grace:g} s ({type(e).__name__}: {e})")
                    self._give_up(f"the Dask scheduler did not answer for {self.grace:g} s")
                    self.errors_since = None
                continue
            self.errors_since = None
            self._tick(where, time.monotonic())

    def _tick(self, where: dict[str, str], now: float) -> None:
        inflight, running = self.inflight, self.running
        for key in list(running):
            if key not in where or key not in inflight:
                del running[key]
        for key, worker in where.items():
            if key in inflight and running.get(key, ("", 0.0))[0] != worker:
                running[key] = (worker, now)
        waiting = [k for k in list(inflight) if k not in self.stopped]
        if waiting and not any(k in where for k in waiting):
            self.idle_since = self.idle_since or now
            if now - self.idle_since > self.grace:
                self._give_up(f"no worker ran it for {self.grace:g} s (the cluster has "
                              f"{self._workers()} worker(s); a worker that died did not come back)")
                self.idle_since = None
        else:
            self.idle_since = None
        if self.timeout is None:
            return
        late = {k: inflight[k][2] for k, (_w, since) in running.items()
                if now - since > self.timeout and k not in self.stopped and k in inflight}
        if not late:
            return
        for k in late:
            self.stopped[k] = f"timeout: no result after {self.timeout:g} s; worker restarted"
        self._cancel(list(late.values()))
        workers = sorted({running[k][0] for k in late})
        threading.Thread(target=self._restart, args=(workers,), daemon=True).start()

    def _give_up(self, why: str) -> None:
        stuck = {k: v[2] for k, v in list(self.inflight.items()) if k not in self.stopped}
        for k in stuck:
            self.stopped[k] = f"not run: {why}"
        self._cancel(list(stuck.values()))

    def _cancel(self, futures: list) -> None:
        try:
            self.client.cancel(futures, force=True)
        except Exception as e:
            self.warn(f"could not cancel {len(futures)} document(s) on the cluster: {type(e).__name__}: {e}")

    def _workers(self) -> int | str:
        try:
            return len(self.client.scheduler_info()["workers"])
        except Exception:
            return "an unknown number of"

    def _restart(self, workers: list[str]) -> None:
        try:
            result = self.client.restart_workers(workers, timeout=60, raise_for_error=False)
        except Exception as e:          # the client closed meanwhile, or the worker is already gone
            self.warn(f"restarting worker(s) {', '.join(workers)} failed: {type(e).__name__}: {e}")
            return
        bad = {w: r for w, r in (result or {}).items() if r != "OK"}
        if bad:
            self.warn(f"restarting worker(s) after a timeout did not succeed: {bad}")


def _dask_outcome(fut, job: Job, stopped: str | None) -> storage.Batch:
    if stopped is not None:
        reason = stopped
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
    return storage.failed_batch(job.doc_id, job.path, reason, size=job.size, file_type=sniff_or_none(job.path))
