"""The per-document work, as it runs in a worker process (local pool) or on a Dask worker.

`process_file` never raises for a bad document: every failure becomes a `failed` row with the reason.
"""
from __future__ import annotations

import importlib
import resource
import signal
import time
import traceback
from pathlib import Path
from typing import Callable, Optional

import pyarrow as pa

from .. import storage
from ..readers.sniff import sniff

DEFAULT_PROCESSOR = "extract.process:process"

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
        return storage.failed_batch(doc_id, source, reason, size=size, file_type=sniff_or_none(path),
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


def sniff_or_none(path: str) -> Optional[str]:
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


