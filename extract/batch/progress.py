"""What the user sees while ingesting: a progress bar, then a summary of the run."""
from __future__ import annotations

import time

from .. import storage
from .sink import Tally

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


def print_summary(tally: Tally, seconds: float, out: str) -> None:
    from rich.console import Console
    from rich.table import Table
    console = Console()
    t = Table(title=f"ingest → {out}", show_header=False, box=None)
    t.add_column(justify="left")
    t.add_column(justify="right")
    t.add_row("documents", str(tally.documents))
    for status in ("ok", "partial", "failed", "skipped"):
        t.add_row(f"  {status}", str(tally.status.get(status, 0)))
    if tally.already_done:
        t.add_row("already in OUT (not redone)", str(tally.already_done))
    if tally.duplicates:
        t.add_row("duplicates (same bytes)", str(tally.duplicates))
    if tally.same_report:
        t.add_row("copies of a report already read (duplicate_of)", str(tally.same_report))
    if tally.excluded:
        t.add_row("excluded (--include/--exclude)", str(tally.excluded))
    if tally.hidden:
        t.add_row("hidden files and folders (not read)", str(tally.hidden))
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
    unread = tally.status.get("failed", 0) + tally.status.get("skipped", 0)
    if unread:
        console.print(f"[bold]failed and skipped files[/bold] ({unread}):")
        for source, reason in tally.failures[:20]:
            print(f"  {source}: {reason}")
        if unread > 20:
            print(f"  … and {unread - 20} more (documents table, status = 'failed' or 'skipped')")


