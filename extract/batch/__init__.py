"""`pipeline.py ingest`: many reports → Parquet tables, in parallel, isolated, incremental and resumable.

    inputs.py    what a folder walk sees and what becomes of each file (read, skipped, excluded)
    worker.py    the per-document work in a worker process: never raises, failures become rows
    local.py     the local process pool (hard timeout, memory cap, worker replacement)
    cluster.py   the same work on a Dask cluster, with a watchdog that never lets the driver hang
    sink.py      finished documents → crash-safe Parquet parts; same-report detection; the tally
    progress.py  progress bar and summary
    command.py   the command: arguments, planning (hashing, resume, --force) and the run
"""
from .command import add_ingest_arguments, main, plan, run_ingest
from .inputs import Inputs, Job, find_inputs
from .worker import DEFAULT_PROCESSOR, crash_reason, init_worker, process_file

__all__ = ["add_ingest_arguments", "main", "plan", "run_ingest", "Inputs", "Job", "find_inputs",
           "DEFAULT_PROCESSOR", "crash_reason", "init_worker", "process_file"]
