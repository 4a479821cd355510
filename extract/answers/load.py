"""An ingested output folder, read once for the analyst outputs (comparison, export, report, show).

Tables are read lazily through `extract.storage` (committed parts only, declared schema); integer
columns come back as pandas' nullable integers and decimals as `Decimal`.
"""
from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Iterable, Optional

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..storage import committed_parts, pandas_type, read_arrow




class NotAnOutputFolder(ValueError):
    pass


def _records(table: pa.Table) -> list[dict]:
    """Rows as plain Python values: Decimal, int, str, list, None (never NaN or numpy arrays)."""
    return table.to_pylist()


def frame_records(df: pd.DataFrame) -> list[dict]:
    """DataFrame rows as dicts with None for every missing value (NaN, NA)."""
    return [{k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
             for k, v in r.items()} for r in df.to_dict("records")]


class Tables:
    """The tables of one OUT folder, each read on first use."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        if not self.out.is_dir() or not committed_parts(self.out):
            raise NotAnOutputFolder(f"{out} is not an output folder of `pipeline.py ingest` (no committed parts)")
        self._by_doc: dict[str, dict[str, list[dict]]] = {}

    def arrow(self, name: str, columns: Optional[list[str]] = None) -> pa.Table:
        return read_arrow(self.out, name, columns)

    def frame(self, name: str, columns: Optional[list[str]] = None) -> pd.DataFrame:
        return self.arrow(name, columns).to_pandas(types_mapper=pandas_type)

    @cached_property
    def documents(self) -> pd.DataFrame:
        """Every documents column but the text (read with `texts`)."""
        cols = [c for c in self.arrow("documents").schema.names if c not in ("text", "page_starts")]
        return self.frame("documents", cols)

    @cached_property
    def doc_records(self) -> list[dict]:
        """The documents rows (without the text) as plain dicts: lists as lists, None for missing."""
        cols = [c for c in self.arrow("documents").schema.names if c not in ("text", "page_starts")]
        return self.arrow("documents", cols).to_pylist()

    def by_doc(self, name: str) -> dict[str, list[dict]]:
        """Rows of a table as dicts, grouped by doc_id, in stored order."""
        if name not in self._by_doc:
            grouped: dict[str, list[dict]] = {}
            for r in _records(self.arrow(name)):
                grouped.setdefault(r["doc_id"], []).append(r)
            self._by_doc[name] = grouped
        return self._by_doc[name]

    def field_values(self) -> dict[str, dict[str, tuple]]:
        """doc_id → {field: (value, figure id)}; a number as Decimal, a word (self_grade) as text."""
        t = self.arrow("fields", ["doc_id", "field", "value_decimal", "value_text", "figure"])
        out: dict[str, dict[str, tuple]] = {}
        cols = [t.column(c).to_pylist() for c in t.column_names]
        for doc_id, field, dec, text, fig in zip(*cols):
            out.setdefault(doc_id, {})[field] = (dec if dec is not None else text, fig)
        return out

    def prior_year_figures(self, doc_ids: Iterable[str]) -> dict[str, list[dict]]:
        """All figures (in text order) of the documents among doc_ids that have a 上年 money figure."""
        cols = ["doc_id", "id", "start", "end", "kind", "qualifier", "direction", "label", "field", "base_value"]
        t = self.arrow("figures", cols)
        q = t.filter(pc.equal(t["qualifier"], "上年"))
        wanted = set(q.column("doc_id").to_pylist()) & set(doc_ids)
        if not wanted:
            return {}
        t = t.filter(pc.is_in(t["doc_id"], value_set=pa.array(sorted(wanted), pa.string())))
        out: dict[str, list[dict]] = {}
        for r in t.to_pylist():
            out.setdefault(r["doc_id"], []).append(r)
        for figs in out.values():
            figs.sort(key=lambda f: (f["start"] if f["start"] is not None else -1))
        return out

    def texts(self, doc_ids: Optional[Iterable[str]] = None, with_pages: bool = False) -> dict:
        """doc_id → cleaned text (or (text, page_starts) with with_pages)."""
        cols = ["doc_id", "text"] + (["page_starts"] if with_pages else [])
        t = self.arrow("documents", cols)
        if doc_ids is not None:
            t = t.filter(pc.is_in(t["doc_id"], value_set=pa.array(sorted(set(doc_ids)), pa.string())))
        ids = t.column("doc_id").to_pylist()
        texts = t.column("text").to_pylist()
        if not with_pages:
            return dict(zip(ids, texts))
        return {i: (x, p or []) for i, x, p in zip(ids, texts, t.column("page_starts").to_pylist())}

    def failed(self) -> pd.DataFrame:
        """Documents that failed, and files the folder walk recorded as skipped (status `skipped`)."""
        d = self.documents
        rows = d[d["status"].isin(["failed", "skipped"])]
        return rows[["source", "file_type", "status", "error", "bytes", "doc_id"]].reset_index(drop=True)



