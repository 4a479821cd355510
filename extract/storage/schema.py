"""The table schemas, declared once in `schemas/tables.toml` (versioned) and built into pyarrow schemas.

Money and measured values are Arrow decimal128(38, 10): exact, from `decimal.Decimal` or decimal strings.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pyarrow as pa

from ..rules import load

SCHEMA_FILE = Path(__file__).resolve().parent.parent.parent / "schemas" / "tables.toml"
TABLE_NAMES = ("documents", "sections", "figures", "fields", "findings", "evaluations", "budget_lines", "indicators")
DECIMAL = pa.decimal128(38, 10)

_SCALAR_TYPES = {
    "string": pa.string(), "bool": pa.bool_(), "int32": pa.int32(), "int64": pa.int64(),
    "float64": pa.float64(), "timestamp": pa.timestamp("us", tz="UTC"), "decimal": DECIMAL,
}


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
def declaration() -> dict:
    return load("tables")


def schema_version() -> int:
    return int(declaration()["version"])


@lru_cache(maxsize=None)
def table_schema(name: str) -> pa.Schema:
    """The pyarrow schema of one table, with the version and the column docs as metadata."""
    decl = declaration()["tables"][name]
    fields = []
    for col in decl["columns"]:
        meta = {"doc": col["doc"]} if col.get("doc") else None
        fields.append(pa.field(col["name"], arrow_type(col["type"]), nullable=not col.get("required"),
                               metadata=meta))
    return pa.schema(fields, metadata={"jixiao.table": name, "jixiao.schema_version": str(schema_version())})


def schemas() -> dict[str, pa.Schema]:
    return {name: table_schema(name) for name in TABLE_NAMES}

