"""Parquet storage: the table schemas, Report → Arrow tables, and crash-safe parts with a manifest.

The schemas are declared once in `schemas/tables.toml` (readable by a domain expert, versioned) and built
into pyarrow schemas here; every writer and reader goes through them.  Money and measured values become
Arrow decimal128(38, 10) straight from `decimal.Decimal` (or decimal strings) — never through a float.

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
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import pyarrow as pa
import pyarrow.parquet as pq

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from .model import Report

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "tables.toml"
TABLE_NAMES = ("documents", "sections", "figures", "fields", "findings", "evaluations", "budget_lines", "indicators")
DECIMAL = pa.decimal128(38, 10)

_SCALAR_TYPES = {
    "string": pa.string(), "bool": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(),
    "float64": pa.float64(), "timestamp": pa.timestamp("us", tz="UTC"), "decimal": DECIMAL,
}


# ---------------------------------------------------------------------------------------------
# schemas


def arrow_type(spec: str) -> pa.DataType:
    """`decimal`, `list<int32>`, `struct<text:string,page:int32>` … (the vocabulary of tables.toml) → the
    pyarrow type."""
    spec = spec.strip()
    m = re.fullmatch(r"list<(.+)>", spec)
    if m:
        return pa.list_(arrow_type(m.group(1)))
    m = re.fullmatch(r"struct<(.+)>", spec)
    if m:
        members = [part.split(":", 1) for part in m.group(1).split(",")]
        return pa.struct([pa.field(name.strip(), arrow_type(t)) for name, t in members])
    if spec in _SCALAR_TYPES:
        return _SCALAR_TYPES[spec]
    raise ValueError(f"unknown column type {spec!r} in {SCHEMA_FILE.name}")


@lru_cache(maxsize=None)
def _declaration() -> dict:
    with open(SCHEMA_FILE, "rb") as f:
        return tomllib.load(f)


def schema_version() -> int:
    return int(_declaration()["version"])


@lru_cache(maxsize=None)
def table_schema(name: str) -> pa.Schema:
    """The pyarrow schema of one table, with the version and the column docs as metadata."""
    decl = _declaration()["tables"][name]
    fields = []
    for col in decl["columns"]:
        meta = {"doc": col["doc"]} if col.get("doc") else None
        fields.append(pa.field(col["name"], arrow_type(col["type"]), nullable=not col.get("required"),
                               metadata=meta))
    return pa.schema(fields, metadata={"jixiao.table": name, "jixiao.schema_version": str(schema_version())})


def schemas() -> dict[str, pa.Schema]:
    return {name: table_schema(name) for name in TABLE_NAMES}


# ---------------------------------------------------------------------------------------------
# values

_TEN_PLACES = Decimal(1).scaleb(-10)
_CTX = Context(prec=38, rounding=ROUND_HALF_EVEN)


def to_decimal(v: Any) -> Optional[Decimal]:
    """An exact Decimal with scale 10 for decimal128(38, 10), or None for anything that is not a number.

    Strings are parsed digit by digit (`"1,240.50"` too); a float, which should never reach here, is
    taken by its shortest repr (the digits it prints as), not by its binary expansion.
    """
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        d = v
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))
    elif isinstance(v, str):
        s = v.strip().replace(",", "").replace("，", "")
        if not s:
            return None
        try:
            d = Decimal(s)
        except InvalidOperation:
            return None
    else:
        return None
    if not d.is_finite() or (d != 0 and d.adjusted() >= 28):   # 28 integer digits + 10 places = 38
        return None
    return d.quantize(_TEN_PLACES, context=_CTX)


def dec_text(v: Any) -> Optional[str]:
    """A value as text; Decimals in plain notation (`2184700`, never `2.1847E+6`)."""
    if v is None:
        return None
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(v)


def _to_int(v: Any) -> Optional[int]:
    if v is None or isinstance(v, bool):
        return None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def _to_float(v: Any) -> Optional[float]:
    try:
        return None if v is None else float(v)
    except (TypeError, ValueError):
        return None


def _converter(t: pa.DataType) -> Callable[[Any], Any]:
    """The function that brings a Python value to what a column of type `t` takes, tolerating odd or
    missing values.  Chosen once per column: testing the type for every value costs more than the rest."""
    if t == DECIMAL:
        return to_decimal
    if pa.types.is_string(t):
        return _text
    if pa.types.is_integer(t):
        return _to_int
    if pa.types.is_floating(t):
        return _to_float
    if pa.types.is_boolean(t):
        return lambda v: None if v is None else bool(v)
    if pa.types.is_struct(t):
        members = [(f.name, _converter(f.type)) for f in t]
        return lambda v: None if not isinstance(v, dict) else {name: conv(v.get(name)) for name, conv in members}
    if pa.types.is_list(t):
        item = _converter(t.value_type)

        def to_list(v: Any) -> Any:
            if v is None:
                return None
            if isinstance(v, (str, bytes)) or not isinstance(v, Iterable):
                v = [v]
            return [item(x) for x in v]
        return to_list
    return lambda v: v


def _text(v: Any) -> Optional[str]:
    return v if v is None or type(v) is str else dec_text(v)


@lru_cache(maxsize=None)
def _columns(name: str) -> list[tuple[str, pa.DataType, Callable[[Any], Any]]]:
    return [(f.name, f.type, _converter(f.type)) for f in table_schema(name)]


Columns = dict[str, list]   # column name → its values, already of the column's Python type


def rows_to_columns(name: str, rows: list[dict]) -> Columns:
    """Rows (dicts; missing keys are null, unknown keys go to `extra` when the table has it) → columns."""
    names = set(table_schema(name).names)
    if "extra" in names:
        for r in rows:
            extra = {k: v for k, v in r.items() if k not in names}
            r["extra"] = json.dumps(extra, ensure_ascii=False, sort_keys=True, default=dec_text) if extra else None
    return {col: [conv(r.get(col)) for r in rows] for col, _t, conv in _columns(name)}


def columns_to_table(name: str, columns: Columns) -> pa.Table:
    schema = table_schema(name)
    return pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) for f in schema], schema=schema)


# ---------------------------------------------------------------------------------------------
# Report → tables


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _file_size(path: str) -> Optional[int]:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _document_row(report: Report, ingested_at: datetime, size: Optional[int]) -> dict:
    doc, m = report.document, report.meta
    return {
        "doc_id": doc.doc_id, "source": doc.source, "bytes": size if size is not None else _file_size(doc.source),
        "file_type": doc.file_type, "status": doc.status, "error": doc.error,
        "pages": doc.pages or m.pages, "bad_pages": doc.bad_pages, "doc_type": m.doc_type,
        "truncated": doc.truncated, "ocr_pages": doc.ocr_pages,
        "warnings": doc.warnings,
        "title": m.title, "department": m.department, "region": m.region, "year": m.year, "kind": m.kind,
        "project": m.project, "report_date": m.report_date, "text": doc.text, "page_starts": doc.page_starts,
        "n_sections": len(report.sections), "n_figures": len(report.figures), "n_findings": len(report.findings),
        "seconds": round(report.seconds, 4), "schema_version": schema_version(), "ingested_at": ingested_at,
    }


def _figure_row(f, field_of: dict[str, str]) -> dict:
    row = dict(vars(f))
    row["field"] = field_of.get(f.id)
    b = f.bbox or (None, None, None, None)
    row.update(bbox_x0=b[0], bbox_top=b[1], bbox_x1=b[2], bbox_bottom=b[3])
    return row


def _field_row(key: str, fv) -> dict:
    row = dict(vars(fv))
    row["field"] = fv.field or key
    row["value_decimal"] = to_decimal(fv.value)     # None for a word (self_grade 优)
    row["value_text"] = dec_text(fv.value)
    return row


Batch = dict[str, Columns]   # table name → its columns: what a worker hands back for one document


def report_to_rows(report: Report, *, ingested_at: Optional[datetime] = None,
                   size: Optional[int] = None) -> dict[str, list[dict]]:
    """Every table's rows for one report, each tagged with the document's doc_id."""
    ingested_at = ingested_at or _now()
    doc_id = report.document.doc_id

    def tag(rows: list[dict]) -> list[dict]:
        for r in rows:
            r["doc_id"] = doc_id
        return rows

    def numbered(rows: list[dict]) -> list[dict]:
        return tag([dict(r, line=i) for i, r in enumerate(rows)])

    return {
        "documents": [_document_row(report, ingested_at, size)],
        "sections": tag([dict(vars(s)) for s in report.sections]),
        "figures": tag([_figure_row(f, report.field_of) for f in report.figures]),
        "fields": tag([_field_row(k, v) for k, v in report.fields.items()]),
        "findings": tag([dict(vars(f)) for f in report.findings]),
        "evaluations": tag([dict(vars(e)) for e in report.evaluations]),
        "budget_lines": numbered(report.budget_lines),
        "indicators": numbered(report.indicators),
    }


def report_to_batch(report: Report, *, ingested_at: Optional[datetime] = None, size: Optional[int] = None) -> Batch:
    """One report's columns, as a worker hands them back.

    Not Arrow tables: pickling seven small tables costs more than building them.  The per-value
    conversion happens here, in the workers; the driver builds each part's tables once from the
    columns of all its documents (`pa.array` on values already of the column's type is C++ work)."""
    rows = report_to_rows(report, ingested_at=ingested_at, size=size)
    return {name: rows_to_columns(name, rows.get(name) or []) for name in TABLE_NAMES}


def report_to_tables(report: Report, *, ingested_at: Optional[datetime] = None,
                     size: Optional[int] = None) -> dict[str, pa.Table]:
    """Every table of one report."""
    batch = report_to_batch(report, ingested_at=ingested_at, size=size)
    return {name: columns_to_table(name, columns) for name, columns in batch.items()}


def failed_batch(doc_id: str, source: str, reason: str, *, size: Optional[int] = None,
                 file_type: Optional[str] = None, seconds: Optional[float] = None,
                 ingested_at: Optional[datetime] = None) -> Batch:
    """The one `documents` row (status failed, with the reason) of a file that yielded nothing else."""
    row = {"doc_id": doc_id, "source": source, "bytes": size, "file_type": file_type, "status": "failed",
           "error": reason, "n_sections": 0, "n_figures": 0, "n_findings": 0,
           "seconds": None if seconds is None else round(seconds, 4),
           "schema_version": schema_version(), "ingested_at": ingested_at or _now()}
    return {name: rows_to_columns(name, [row] if name == "documents" else []) for name in TABLE_NAMES}


# ---------------------------------------------------------------------------------------------
# parts and manifest

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
        self.out.mkdir(parents=True, exist_ok=True)
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


# ---------------------------------------------------------------------------------------------
# reading back


def table_files(out: str | Path, name: str) -> list[str]:
    """The committed Parquet files of one table (what a reader should read)."""
    out = Path(out)
    return [str(out / p.files[name]) for p in committed_parts(out)
            if name in p.files and (out / p.files[name]).exists()]


def read_arrow(out: str | Path, name: str, columns: Optional[list[str]] = None) -> pa.Table:
    """One table of an output folder as an Arrow table (committed parts only), with the declared schema."""
    import pyarrow.dataset as ds
    if name not in TABLE_NAMES:
        raise KeyError(f"no table {name!r}; tables: {', '.join(TABLE_NAMES)}")
    files = table_files(out, name)
    if not files:
        empty = table_schema(name).empty_table()
        return empty.select(columns) if columns else empty
    return ds.dataset(files, schema=table_schema(name), format="parquet").to_table(columns=columns)


def pandas_type(t: pa.DataType):
    """The pandas dtype an Arrow column becomes: integers and booleans nullable (a year is 2024 even when
    another row has none, never 2024.0); None leaves pyarrow's default (decimals as `Decimal` objects)."""
    import pandas as pd
    if pa.types.is_integer(t):
        return pd.api.types.pandas_dtype(str(t).replace("int", "Int").replace("uInt", "UInt"))
    if pa.types.is_boolean(t):
        return pd.BooleanDtype()
    return None


def read_table(out: str | Path, name: str, columns: Optional[list[str]] = None):
    """One table as a pandas DataFrame; decimal columns hold `decimal.Decimal` values, integer columns are
    pandas' nullable integers (Int32, Int64)."""
    return read_arrow(out, name, columns).to_pandas(types_mapper=pandas_type)
