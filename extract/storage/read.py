"""Reading an output folder back: committed parts only, with the declared schema."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import pyarrow as pa

from .parts import committed_parts
from .schema import TABLE_NAMES, table_schema


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
