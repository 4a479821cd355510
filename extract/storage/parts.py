"""Crash-safe Parquet parts committed by a manifest.

Layout of an output folder::

    OUT/documents/part-000001.parquet     one file per table per flush ("part")
    OUT/figures/part-000001.parquet       …
    OUT/_manifest/part-000001.json        the commit record of part 1: its files and doc_ids
    OUT/_staging/part-000002/…            a part being written (never matches OUT/*/*.parquet)

A part is committed when its manifest file exists (written to a temp name, fsynced, renamed: atomic).
Its table files are first written completely into `_staging/`, and moved into the table folders only
after the commit, so the table folders never hold data that is not committed.  `PartStore.recover()`
rolls a committed part forward (finishes the moves) and rolls anything uncommitted back (deletes it),
so a writer killed at any instant leaves, after the next start, complete tables without duplicates.
Temp and staging names start with `.` or `_`, which pyarrow.dataset ignores and `*.parquet` misses.
"""
from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import TABLE_NAMES, schema_version, table_schema


def _now() -> datetime:
    return datetime.now(timezone.utc)


MANIFEST_DIR = "_manifest"
STAGING_DIR = "_staging"
LOCK_FILE = "_lock"
_PART_RE = re.compile(r"^part-(\d{6,})\.json$")


class StoreError(RuntimeError):
    """The output folder cannot be used (another ingest holds it, or another schema version wrote it)."""


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_parquet_atomic(table: pa.Table, path: Path) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    pq.write_table(table, tmp, compression="zstd")
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _write_json_atomic(obj: dict, path: Path) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


@dataclass
class Part:
    """The commit record of one flush."""
    name: str                                 # part-000001
    files: dict[str, str]                     # table → path relative to OUT
    doc_ids: list[str]
    rows: dict[str, int] = field(default_factory=dict)
    schema_version: int = 0
    supersedes: list[str] = field(default_factory=list)
    created: str = ""

    @classmethod
    def load(cls, path: Path) -> "Part":
        d = json.loads(path.read_text(encoding="utf-8"))
        return cls(name=d["name"], files=d["files"], doc_ids=d["doc_ids"], rows=d.get("rows", {}),
                   schema_version=int(d.get("schema_version", 0)), supersedes=d.get("supersedes", []),
                   created=d.get("created", ""))

    def to_json(self) -> dict:
        return {"name": self.name, "schema_version": self.schema_version, "created": self.created,
                "supersedes": self.supersedes, "rows": self.rows, "files": self.files, "doc_ids": self.doc_ids}


def committed_parts(out: str | Path) -> list[Part]:
    """The committed parts of an output folder (read-only; no recovery), in order."""
    mdir = Path(out) / MANIFEST_DIR
    parts = []
    for p in sorted(mdir.glob("part-*.json")) if mdir.is_dir() else []:
        if _PART_RE.match(p.name):
            try:
                parts.append(Part.load(p))
            except (ValueError, KeyError, OSError):
                continue
    superseded = {s for p in parts for s in p.supersedes}
    return [p for p in parts if p.name not in superseded]


class PartStore:
    """Writes committed Parquet parts into one output folder; one writer at a time (a lock file)."""

    def __init__(self, out: str | Path):
        self.out = Path(out)
        if self.out.exists() and not self.out.is_dir():
            raise StoreError(f"--out {self.out} is a file, not a folder: give a folder for the tables")
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(f"cannot create the output folder {self.out}: {e.strerror or e}") from None
        for sub in (MANIFEST_DIR, STAGING_DIR, *TABLE_NAMES):
            (self.out / sub).mkdir(exist_ok=True)
        self._lock = open(self.out / LOCK_FILE, "w")
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise StoreError(f"{self.out} is being written by another ingest") from None
        self.parts: dict[str, Part] = {}
        self.done: dict[str, str] = {}        # doc_id → part name
        self.recovered: list[str] = []        # what recover() had to do, for the log
        self.recover()

    def close(self) -> None:
        if not self._lock.closed:
            fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()

    def __enter__(self) -> "PartStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- recovery ---------------------------------------------------------------------------

    def recover(self) -> None:
        """Roll committed parts forward, uncommitted ones back, and drop superseded parts and strays."""
        mdir = self.out / MANIFEST_DIR
        for tmp in mdir.glob(".*.tmp"):
            _unlink(tmp)
        parts: dict[str, Part] = {}
        for p in sorted(mdir.glob("part-*.json")):
            try:
                parts[p.stem] = Part.load(p)
            except (ValueError, KeyError, OSError):
                self.recovered.append(f"unreadable manifest {p.name} removed")
                _unlink(p)
        versions = {p.schema_version for p in parts.values()}
        if versions - {schema_version()}:
            self.close()
            raise StoreError(f"{self.out} holds tables of schema version {sorted(versions)}, this jixiao writes "
                             f"version {schema_version()}: ingest into a new folder")
        for name, part in list(parts.items()):
            if not self._roll_forward(part):
                self.recovered.append(f"{name}: files missing, part dropped (its documents will be redone)")
                self._drop(part)
                del parts[name]
        for name in {s for p in parts.values() for s in p.supersedes} & set(parts):
            self.recovered.append(f"{name}: superseded, removed")
            self._drop(parts.pop(name))
        self._remove_strays(parts)
        self.parts = parts
        self.done = {d: p.name for p in parts.values() for d in p.doc_ids}

    def _staged(self, name: str, table: str) -> Path:
        return self.out / STAGING_DIR / name / f"{table}.parquet"

    def _roll_forward(self, part: Part) -> bool:
        """Move a committed part's staged files into place; False when a file is nowhere to be found."""
        ok = True
        for table, rel in part.files.items():
            final = self.out / rel
            if final.exists():
                continue
            staged = self._staged(part.name, table)
            if staged.exists():
                os.replace(staged, final)
                self.recovered.append(f"{part.name}: {table} moved into place")
            else:
                ok = False
        shutil.rmtree(self.out / STAGING_DIR / part.name, ignore_errors=True)
        return ok

    def _drop(self, part: Part) -> None:
        """Uncommit first (the manifest), then delete the files: a crash in between leaves only strays."""
        _unlink(self.out / MANIFEST_DIR / f"{part.name}.json")
        _fsync_dir(self.out / MANIFEST_DIR)
        for rel in part.files.values():
            _unlink(self.out / rel)
        shutil.rmtree(self.out / STAGING_DIR / part.name, ignore_errors=True)

    def _remove_strays(self, parts: dict[str, Part]) -> None:
        keep = {rel for p in parts.values() for rel in p.files.values()}
        for entry in (self.out / STAGING_DIR).iterdir():
            self.recovered.append(f"uncommitted {entry.name} removed")
            shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else _unlink(entry)
        for table in TABLE_NAMES:
            for f in (self.out / table).iterdir():
                if f.is_file() and f"{table}/{f.name}" not in keep:
                    if not f.name.startswith("."):
                        self.recovered.append(f"stray {table}/{f.name} removed")
                    _unlink(f)

    # -- writing ----------------------------------------------------------------------------

    def _next_name(self) -> str:
        used = [int(m.group(1)) for p in (self.out / MANIFEST_DIR).glob("part-*.json")
                if (m := _PART_RE.match(p.name))]
        return f"part-{max(used, default=0) + 1:06d}"

    def write_part(self, tables: dict[str, list[pa.Table]], doc_ids: list[str],
                   supersedes: Optional[list[str]] = None) -> Part:
        """Write one part: all tables staged, then the manifest (the commit), then moved into place."""
        name = self._next_name()
        stage = self.out / STAGING_DIR / name
        stage.mkdir(parents=True, exist_ok=True)
        files, rows = {}, {}
        for table in TABLE_NAMES:
            chunks = tables.get(table) or []
            t = pa.concat_tables(chunks) if chunks else table_schema(table).empty_table()
            _write_parquet_atomic(t, self._staged(name, table))
            files[table], rows[table] = f"{table}/{name}.parquet", t.num_rows
        _fsync_dir(stage)
        part = Part(name=name, files=files, doc_ids=list(doc_ids), rows=rows, schema_version=schema_version(),
                    supersedes=list(supersedes or []), created=_now().isoformat(timespec="seconds"))
        _write_json_atomic(part.to_json(), self.out / MANIFEST_DIR / f"{name}.json")   # the commit point
        self._roll_forward(part)
        for table in TABLE_NAMES:
            _fsync_dir(self.out / table)
        for old in part.supersedes:
            if old in self.parts:
                self._drop(self.parts.pop(old))
        self.parts[name] = part
        for d in part.doc_ids:
            self.done[d] = name
        return part

    def forget(self, doc_ids: Iterable[str]) -> int:
        """Remove documents from the committed tables (for --force): parts are rewritten without them.

        Crash-safe: a rewritten part names the part it supersedes, so recovery never keeps both.
        Returns the number of documents removed.
        """
        gone = {d for d in doc_ids if d in self.done}
        by_part: dict[str, set[str]] = {}
        for d in gone:
            by_part.setdefault(self.done[d], set()).add(d)
        for name, ids in sorted(by_part.items()):
            part = self.parts[name]
            keep = [d for d in part.doc_ids if d not in ids]
            if keep:
                self.write_part({t: [self._filtered(part, t, ids)] for t in TABLE_NAMES}, keep, supersedes=[name])
            else:
                self._drop(self.parts.pop(name))
            for d in ids:
                self.done.pop(d, None)
        return len(gone)

    def _filtered(self, part: Part, table: str, drop: set[str]) -> pa.Table:
        import pyarrow.compute as pc
        t = pq.read_table(self.out / part.files[table], schema=table_schema(table))
        return t.filter(pc.invert(pc.is_in(t["doc_id"], value_set=pa.array(sorted(drop), pa.string()))))
