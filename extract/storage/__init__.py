"""Parquet storage: the table schemas, Report → Arrow tables, crash-safe parts, and reading them back.

    schema.py   the tables declared once in schemas/tables.toml (versioned) → pyarrow schemas
    values.py   Python values → column types (exact decimals: never through a float), columns → tables
    rows.py     a Report → every table's rows (what a worker hands back)
    parts.py    parts committed by a manifest, so a run killed at any instant leaves complete tables
    read.py     an output folder back as Arrow tables or pandas frames
"""
from .parts import MANIFEST_DIR, STAGING_DIR, Part, PartStore, StoreError, committed_parts
from .read import pandas_type, read_arrow, read_table, table_files
from .rows import Batch, failed_batch, report_to_batch, report_to_rows, report_to_tables
from .schema import DECIMAL, SCHEMA_FILE, TABLE_NAMES, declaration, schema_version, schemas, table_schema
from .values import Columns, columns_to_table, dec_text, rows_to_columns, to_decimal

__all__ = ["MANIFEST_DIR", "STAGING_DIR", "Part", "PartStore", "StoreError", "committed_parts", "read_arrow",
           "read_table", "table_files", "pandas_type", "Batch", "failed_batch", "report_to_batch", "report_to_rows",
           "report_to_tables", "DECIMAL", "SCHEMA_FILE", "TABLE_NAMES", "schema_version", "schemas", "table_schema",
           "Columns", "columns_to_table", "dec_text", "rows_to_columns", "to_decimal", "declaration"]
