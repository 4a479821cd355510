"""The writing side: finished documents' columns buffered into Parquet parts, and the run's tally."""
from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

from .. import storage


@dataclass
class Tally:
    """What the summary prints: documents by status, findings by severity, pages, failures."""
    status: Counter = field(default_factory=Counter)
    severity: Counter = field(default_factory=Counter)
    pages: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)    # failed and skipped files: (path, why)
    already_done: int = 0       # in OUT already (same doc_id)
    duplicates: int = 0         # the same bytes reached twice in this run
    same_report: int = 0        # another file of a report already ingested (documents.duplicate_of)
    excluded: int = 0           # left out by --include/--exclude
    hidden: int = 0             # dot-files and dot-folders
    forgotten: int = 0
    parts: int = 0

    @property
    def documents(self) -> int:
        return sum(self.status.values())

    def add(self, batch: storage.Batch) -> None:
        docs = batch["documents"]
        for source, status, error, pages in zip(docs["source"], docs["status"], docs["error"], docs["pages"]):
            self.status[status] += 1
            if status not in ("failed", "skipped"):      # a refused 3000-page file was not read
                self.pages += pages or 0
            if status in ("failed", "skipped") and len(self.failures) < 100:    # the rest stay in the table
                self.failures.append((source, error or ""))
        self.severity.update(batch["findings"]["severity"])


class Sink:
    """Buffers finished documents' columns and writes them as one part per `flush_every` documents."""

    MAX_BUFFER_BYTES = 256 * 1024 * 1024

    def __init__(self, store: storage.PartStore, flush_every: int, tally: Tally):
        self.store, self.flush_every, self.tally = store, max(1, flush_every), tally
        self.reports = _known_reports(store)      # report key → doc_id of its first file
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
        self._mark_same_report(batch["documents"])
        self.doc_ids.extend(ids)
        self.tally.add(batch)
        if len(self.doc_ids) >= self.flush_every or self.nbytes >= self.MAX_BUFFER_BYTES:
            self.flush()

    def _mark_same_report(self, docs: dict[str, list]) -> None:
        """A PDF and its .docx copy, or two renderings, are one report: the later file names the first."""
        dup = self.buffer["documents"]["duplicate_of"]
        start = len(dup) - len(docs["doc_id"])
        for i, row in enumerate(zip(*(docs[c] for c in REPORT_KEY))):
            key = report_key(*row)
            if key is None:
                continue
            first = self.reports.setdefault(key, docs["doc_id"][i])
            if first != docs["doc_id"][i]:
                dup[start + i] = first
                self.tally.same_report += 1

    def flush(self) -> None:
        """One Arrow table per table for the whole part."""
        if not self.doc_ids:
            return
        tables = {name: [storage.columns_to_table(name, cols)] for name, cols in self.buffer.items() if cols}
        self.store.write_part(tables, self.doc_ids)
        self.tally.parts += 1
        self._clear()




REPORT_KEY = ("status", "department", "year", "doc_type", "kind", "project")


def report_key(status, department, year, doc_type, kind, project) -> Optional[tuple]:
    """What makes two files the same report; None when the document does not say enough to tell."""
    if status not in ("ok", "partial") or not department or not year:
        return None
    name = "".join(unicodedata.normalize("NFKC", department).split())
    return (name, int(year), doc_type or "", kind or "", "".join((project or "").split()))


def _known_reports(store: storage.PartStore) -> dict[tuple, str]:
    docs = storage.read_arrow(store.out, "documents", ["doc_id", "duplicate_of", *REPORT_KEY]).to_pylist()
    out: dict[tuple, str] = {}
    for d in docs:
        key = report_key(*(d[c] for c in REPORT_KEY))
        if key is not None and not d["duplicate_of"]:
            out.setdefault(key, d["doc_id"])
    return out
