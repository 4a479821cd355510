"""Python values into the types of the table columns, chosen once per column (exact decimals, tolerant of
odd or missing values), and columns into Arrow tables."""
from __future__ import annotations

import json
from decimal import ROUND_HALF_EVEN, Context, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Callable, Iterable, Optional

import pyarrow as pa

from .schema import DECIMAL, table_schema

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
