"""Imported once by the forkserver of the ingest pool (see `batch.local.pool_context`).

Loading the stages, the rule files, the compiled patterns and jieba's dictionary takes seconds; one
small report run through every stage here loads them all, so before any worker is forked, every
worker — also one that replaces a worker killed for a timeout or a crash — starts warm.  Nothing here may
fail the pool: a missing stage is simply loaded later by the worker that needs it.
"""
from __future__ import annotations

import gc
import os
import tempfile

# a small report touching every stage: headings, money, shares, counts, a 自评表, a year, a grade
_SAMPLE = """某某县某某局2024年度部门整体支出绩效自评报告
一、部门基本情况
（一）部门职能
本局内设办公室、财务股等3个股室，核定编制12名，实有在编人员11人。
二、部门整体支出情况
2024年度全年预算数300.00万元，全年执行数288.00万元，预算执行率96.00%。其中：基本支出200.00万元，
占总支出的69.44%，人员经费180.00万元，公用经费20.00万元；项目支出88.00万元。三公经费支出1.20万元，
比上年下降10.5%。
三、绩效自评情况
| 指标 | 分值 | 得分 |
| 预算执行率 | 10 | 9.6 |
自评得分96分，等级为优。
四、存在的问题
无。
"""


def _warm() -> None:
    """Not the Arrow conversion: Arrow's allocator would reserve address space that every forked worker
    inherits, and workers run under an address-space cap (`batch.worker.init_worker`)."""
    import codecs
    codecs.lookup("gb18030")                   # .txt reports: the codec's tables load once, here
    from . import process                      # running it loads every stage
    fd, path = tempfile.mkstemp(suffix=".txt", prefix="jixiao-warmup-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(_SAMPLE)
        process.process(path)
    finally:
        os.unlink(path)


try:
    _warm()
except Exception:  # pragma: no cover - warming is an optimisation only
    pass

# Everything loaded so far lives as long as the workers: moved out of the collector's reach, the
# collections in a worker no longer touch (and so copy) the pages it shares with this server.
gc.freeze()
