"""Running locally: a pebble process pool, each document under a hard timeout and an address-space cap.

A worker that hangs, crashes or runs out of memory is killed and replaced; its document gets one
`failed` row with the reason and the batch goes on.
"""
from __future__ import annotations

import argparse
import multiprocessing
from concurrent.futures import FIRST_COMPLETED, wait
from typing import Callable

from .. import storage
from .inputs import Job
from .worker import crash_reason, init_worker, process_file, sniff_or_none

def pool_context():
    """forkserver: workers fork from a clean single-threaded server (the driver has threads: rich,
    pyarrow), with the stages and jieba loaded once (`warmup`), so replacing a killed worker is cheap."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["extract.batch.worker", "extract.warmup"])
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
                     initargs=(args.max_memory,), context=pool_context()) as pool:
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
    return storage.failed_batch(job.doc_id, job.path, reason, size=job.size, file_type=sniff_or_none(job.path))


