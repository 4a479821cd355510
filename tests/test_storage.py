"""Storage: declared schemas, exact decimals, spans that resolve, and crash-safe parts."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from extract import storage
from extract.model import Document, FieldValue, Figure, Finding, Meta, Report, Section

ROOT = Path(__file__).resolve().parent.parent

MONEY = [Decimal("2184700.47"), Decimal("0.1"), Decimal("123456789012345678.0123456789"),
         Decimal("-35.5"), Decimal("0"), Decimal("99.9999999999")]


def _report(doc_id: str = "a" * 64, n: int = 3) -> Report:
    text = "基本支出218.47万元，占比90.11%。" * n
    doc = Document(source=f"/x/{doc_id[:4]}.pdf", doc_id=doc_id, text=text, page_starts=[0, len(text) // 2],
                   pages=2)
    figs = [Figure(id=f"f{i}", start=i, end=i + 1, text=str(v), value=v, unit="元", kind="money", base_value=v,
                   base_unit="元", page=1, bbox=(1.5, 2.25, 3.0, 4.125) if i % 2 else None)
            for i, v in enumerate(MONEY)]
    fields = {"basic_expenditure": FieldValue("basic_expenditure", Decimal("2184700"), "元", figure="f0"),
              "self_grade": FieldValue("self_grade", "优", "", origin="words")}
    return Report(
        document=doc,
        meta=Meta(title="2025年度某单位整体支出绩效自评报告", year=2025, pages=2),
        sections=[Section("s1", None, 1, "一、", "基本情况", "basic_info", 1, 0, 10, 4)],
        figures=figs, fields=fields,
        findings=[Finding("sum.basic", "sum_mismatch", "error", "人员经费与公用经费之和不等于基本支出",
                          figures=["f0", "f1"], expected=Decimal("218.47"), pages=[1, 2])],
        budget_lines=[{"row": "年度资金总额", "initial_budget": "1,240.50", "budget": Decimal("120"), "spent": "108",
                       "unit": "万元", "rate": "90.00", "page": 2, "cells": ["年度资金总额", "120"], "novel": "kept"},
                      {"row": "其中：财政拨款"}],
        indicators=[{"level1": "产出指标", "target": "150", "target_text": "≥150万画幅", "actual": "达标",
                     "weight": "15", "score": "15", "page": 2}],
    )


def test_schemas_come_from_thedeclaration():
    decl = storage.declaration()
    assert storage.schema_version() == decl["version"]
    for name in storage.TABLE_NAMES:
        schema = storage.table_schema(name)
        assert schema.names == [c["name"] for c in decl["tables"][name]["columns"]]
        assert schema.field("doc_id").type == pa.string() and not schema.field("doc_id").nullable
        assert schema.metadata[b"jixiao.schema_version"] == str(decl["version"]).encode()
    figures = storage.table_schema("figures")
    assert figures.field("value").type == pa.decimal128(38, 10)
    assert storage.table_schema("documents").field("page_starts").type == pa.list_(pa.int32())
    assert storage.table_schema("findings").field("figures").type == pa.list_(pa.string())


def test_to_decimal_is_exact_and_tolerant():
    assert storage.to_decimal("0.1") + storage.to_decimal("0.2") == Decimal("0.3")
    assert storage.to_decimal("1,240.50") == Decimal("1240.5")
    assert storage.to_decimal(Decimal("2184700.47")) == Decimal("2184700.47")
    assert storage.to_decimal(7) == Decimal(7)
    for junk in (None, "", "达标", "NaN", "Infinity", True, "1e40", [1]):
        assert storage.to_decimal(junk) is None


def test_report_to_tables_rows_and_types():
    tables = storage.report_to_tables(_report())
    assert {k: t.num_rows for k, t in tables.items()} == {
        "documents": 1, "sections": 1, "figures": len(MONEY), "fields": 2, "findings": 1, "evaluations": 0,
        "budget_lines": 2, "indicators": 1}
    for name, t in tables.items():
        assert t.schema.equals(storage.table_schema(name), check_metadata=False)
    fields = {r["field"]: r for r in tables["fields"].to_pylist()}
    assert fields["basic_expenditure"]["value_decimal"] == Decimal("2184700")
    assert fields["basic_expenditure"]["value_text"] == "2184700"
    assert fields["self_grade"]["value_decimal"] is None and fields["self_grade"]["value_text"] == "优"
    b0, b1 = tables["budget_lines"].to_pylist()
    assert b0["initial_budget"] == Decimal("1240.5") and b0["line"] == 0 and json.loads(b0["extra"]) == {"novel": "kept"}
    assert b1["spent"] is None and b1["line"] == 1          # missing keys are null
    ind = tables["indicators"].to_pylist()[0]
    assert ind["target"] == Decimal("150") and ind["actual"] is None and ind["target_text"] == "≥150万画幅"
    f = tables["findings"].to_pylist()[0]
    assert f["figures"] == ["f0", "f1"] and f["pages"] == [1, 2] and f["expected"] == "218.47"
    fig = tables["figures"].to_pylist()[1]
    assert (fig["bbox_x0"], fig["bbox_top"], fig["bbox_x1"], fig["bbox_bottom"]) == (1.5, 2.25, 3.0, 4.125)


def test_money_round_trips_exactly_through_parquet(tmp_path):
    with storage.PartStore(tmp_path / "out") as store:
        tables = storage.report_to_tables(_report())
        store.write_part({k: [v] for k, v in tables.items()}, ["a" * 64])
    path = next((tmp_path / "out" / "figures").glob("*.parquet"))
    on_disk = pq.read_schema(path)
    assert on_disk.field("value").type == pa.decimal128(38, 10)
    assert on_disk.field("base_value").type == pa.decimal128(38, 10)
    assert storage.table_schema("fields").field("value_decimal").type == pa.decimal128(38, 10)
    df = storage.read_table(tmp_path / "out", "figures")
    assert list(df["value"]) == MONEY                       # Decimal objects, digit for digit
    assert all(isinstance(v, Decimal) for v in df["value"])
    budget = storage.read_table(tmp_path / "out", "budget_lines")
    assert budget["initial_budget"][0] == Decimal("1240.50")


def test_every_span_resolves_on_a_real_report(tmp_path):
    from extract.process import process
    pdfs = sorted((ROOT / "samples" / "corpus").glob("*.pdf")) or sorted(
        (ROOT.parent / "shared" / "corpus" / "dev").glob("*.pdf"))
    if not pdfs:
        pytest.skip("no sample PDFs")
    report = process(pdfs[0])
    tables = storage.report_to_tables(report)
    doc = tables["documents"].to_pylist()[0]
    assert doc["doc_id"] == report.document.doc_id and doc["status"] in ("ok", "partial")
    text, starts = doc["text"], doc["page_starts"]
    figs = tables["figures"].to_pylist()
    assert figs, "a real report has figures"
    from bisect import bisect_right
    for f in figs:
        assert text[f["start"]:f["end"]] == f["text"]
        assert bisect_right(starts, f["start"]) == f["page"]
    for s in tables["sections"].to_pylist():
        assert 0 <= s["start"] <= s["end"] <= len(text)


# ---------------------------------------------------------------------------------------------
# parts: every crash state recovers to committed data only


def _write(store: storage.PartStore, doc_id: str) -> storage.Part:
    t = storage.report_to_tables(_report(doc_id))
    return store.write_part({k: [v] for k, v in t.items()}, [doc_id])


def _doc_ids(out: Path) -> list[str]:
    return sorted(storage.read_table(out, "documents")["doc_id"])


def test_recovery_rolls_forward_and_back(tmp_path):
    out = tmp_path / "out"
    with storage.PartStore(out) as store:
        _write(store, "a" * 64)
        committed = _write(store, "b" * 64)
    # crash after the commit, before the files were moved: roll forward
    for table, rel in committed.files.items():
        staged = out / "_staging" / committed.name / f"{table}.parquet"
        staged.parent.mkdir(parents=True, exist_ok=True)
        (out / rel).rename(staged)
    # crash before the commit: staged files without a manifest
    (out / "_staging" / "part-000009").mkdir()
    pq.write_table(storage.report_to_tables(_report("c" * 64))["documents"],
                   out / "_staging" / "part-000009" / "documents.parquet")
    # a stray part in a table folder and half-written temp files
    pq.write_table(storage.report_to_tables(_report("a" * 64))["documents"], out / "documents" / "part-000777.parquet")
    (out / "figures" / ".part-000003.parquet.tmp").write_bytes(b"PAR1 half")
    (out / "_manifest" / ".part-000003.json.tmp").write_text("{")
    with storage.PartStore(out) as store:
        assert set(store.done) == {"a" * 64, "b" * 64}
        assert any("moved into place" in r for r in store.recovered)
    assert _doc_ids(out) == ["a" * 64, "b" * 64]
    assert not list((out / "_staging").iterdir())
    assert sorted(p.name for p in (out / "documents").iterdir()) == ["part-000001.parquet", "part-000002.parquet"]
    assert not list(out.rglob("*.tmp"))


def test_superseded_part_is_dropped_even_after_a_crash(tmp_path):
    out = tmp_path / "out"
    with storage.PartStore(out) as store:
        t = {k: [v] for k, v in storage.report_to_tables(_report("a" * 64)).items()}
        u = storage.report_to_tables(_report("b" * 64))
        for k, v in u.items():
            t[k].append(v)
        store.write_part(t, ["a" * 64, "b" * 64])
    # simulate forget("a") killed after the rewritten part was committed, before the old one was dropped
    old = json.loads((out / "_manifest" / "part-000001.json").read_text())
    with storage.PartStore(out) as store:
        store.forget(["a" * 64])
    (out / "_manifest" / "part-000001.json").write_text(json.dumps(old))
    for table, rel in old["files"].items():
        pq.write_table(pq.read_table(out / "documents" / "part-000002.parquet").slice(0, 0)
                       if table == "documents" else storage.table_schema(table).empty_table(), out / rel)
    with storage.PartStore(out) as store:
        assert set(store.done) == {"b" * 64}
    assert _doc_ids(out) == ["b" * 64]


def test_forget_keeps_the_other_documents(tmp_path):
    out = tmp_path / "out"
    with storage.PartStore(out) as store:
        _write(store, "a" * 64)
        _write(store, "b" * 64)
        assert store.forget(["a" * 64, "z" * 64]) == 1
        assert set(store.done) == {"b" * 64}
    assert _doc_ids(out) == ["b" * 64]
    assert len(storage.read_table(out, "figures")) == len(MONEY)


def test_another_schema_version_is_refused(tmp_path):
    out = tmp_path / "out"
    with storage.PartStore(out) as store:
        _write(store, "a" * 64)
    m = out / "_manifest" / "part-000001.json"
    d = json.loads(m.read_text())
    d["schema_version"] = 0
    m.write_text(json.dumps(d))
    with pytest.raises(storage.StoreError, match="schema version"):
        storage.PartStore(out)


def test_one_writer_at_a_time(tmp_path):
    with storage.PartStore(tmp_path / "out"):
        with pytest.raises(storage.StoreError, match="another ingest"):
            storage.PartStore(tmp_path / "out")


def test_readers_duckdb_pandas_pyarrow(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    import pandas as pd
    out = tmp_path / "out"
    with storage.PartStore(out) as store:
        _write(store, "a" * 64)
        _write(store, "b" * 64)
    (out / "figures" / ".part-000003.parquet.tmp").write_bytes(b"garbage")   # must not be read by anyone
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT d.doc_id, d.year, f.value FROM read_parquet('{out}/figures/*.parquet') f "
        f"JOIN read_parquet('{out}/documents/*.parquet') d USING (doc_id) ORDER BY d.doc_id, f.id").fetchall()
    assert len(rows) == 2 * len(MONEY)
    assert {r[2] for r in rows} == set(MONEY)                                 # DuckDB DECIMAL → Decimal
    described = con.execute(f"DESCRIBE SELECT * FROM read_parquet('{out}/figures/*.parquet')").fetchall()
    types = {r[0]: r[1] for r in described}
    assert types["value"] == "DECIMAL(38,10)"
    assert len(pd.read_parquet(out / "figures")) == 2 * len(MONEY)
    assert ds.dataset(out / "documents", format="parquet").count_rows() == 2
