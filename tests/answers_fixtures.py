"""Session fixtures for the analyst outputs: the development reports ingested once, plus one broken file
(a failed document), and hand-built tables for the columns other stages will fill in."""
from __future__ import annotations

import argparse
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def dev_reports() -> list[Path]:
    pdfs = sorted((ROOT / "samples" / "corpus").glob("*.pdf"))
    return pdfs or sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.pdf"))


@pytest.fixture(scope="session")
def ingested(tmp_path_factory) -> Path:
    """OUT of samples/corpus (12 reports) and broken.pdf (status failed)."""
    from extract import batch
    folder = tmp_path_factory.mktemp("dev")
    for p in dev_reports():
        shutil.copy(p, folder / p.name)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj garbage\n%%EOF\n")
    out = tmp_path_factory.mktemp("out") / "out"
    ap = argparse.ArgumentParser()
    batch.add_ingest_arguments(ap)
    assert batch.run_ingest(ap.parse_args([str(folder), "--out", str(out), "--workers", "2", "--no-progress"])) == 0
    return out


def write_out(out: Path, tables: dict[str, list[dict]]) -> Path:
    """An output folder from hand-made rows (missing columns are null)."""
    from extract.storage import PartStore, TABLE_NAMES, columns_to_table, rows_to_columns, schema_version
    from datetime import datetime, timezone
    for r in tables.get("documents", []):
        r.setdefault("schema_version", schema_version())
        r.setdefault("ingested_at", datetime.now(timezone.utc))
        r.setdefault("status", "ok")
        r.setdefault("source", f"{r['doc_id']}.txt")
    with PartStore(out) as store:
        store.write_part({t: [columns_to_table(t, rows_to_columns(t, tables.get(t, [])))] for t in TABLE_NAMES},
                         [r["doc_id"] for r in tables.get("documents", [])])
    return out


def money(doc_id: str, field: str, yuan: str) -> dict:
    return {"doc_id": doc_id, "field": field, "value_decimal": Decimal(yuan), "value_text": yuan, "unit": "元"}
