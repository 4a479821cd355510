"""Imported once by the forkserver of the ingest pool (see `batch._pool_context`).

Loading the stages and jieba's dictionary takes seconds; done here, before any worker is forked, every
worker — also one that replaces a worker killed for a timeout or a crash — starts warm.  Nothing here may
fail the pool: a missing stage is simply loaded later by the worker that needs it.
"""
from __future__ import annotations

try:
    from . import process  # noqa: F401
    from . import checks, fields, figures, metadata, outline, tables  # noqa: F401
    _tokenizer = getattr(figures, "_jieba", None)
    if _tokenizer is not None:
        _tokenizer().lcut("项目支出全年预算执行率")
except Exception:  # pragma: no cover - warming is an optimisation only
    pass
