"""Batch ingest: hostile files are isolated, runs resume after SIGKILL, Dask gives the same tables."""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract import batch, storage

import pdfgen

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"documents": ["doc_id"], "sections": ["doc_id", "id"], "figures": ["doc_id", "id"],
        "fields": ["doc_id", "field"], "findings": ["doc_id", "rule", "fingerprint", "message"], "evaluations": ["doc_id", "id"],
        "budget_lines": ["doc_id", "line"], "indicators": ["doc_id", "line"]}
VOLATILE = ("ingested_at", "seconds")


def real_pdfs() -> list[Path]:
    """The development reports: the repository's samples first, the shared corpus as a fallback."""
    pdfs = sorted((ROOT / "samples" / "corpus").glob("*.pdf"))
    return pdfs or sorted((ROOT.parent / "shared" / "corpus" / "dev").glob("*.pdf"))


def sample_txt() -> Path:
    p = ROOT / "samples" / "yueyang-jishengxie-2025.txt"
    return p if p.exists() else ROOT.parent / "shared" / "seeds" / "yueyang-jishengxie-2025.txt"


def variant(src: Path, dst: Path, k: int) -> Path:
    """A copy with distinct bytes (a PDF comment after %%EOF), hence its own doc_id."""
    dst.write_bytes(src.read_bytes() + b"\n%% jixiao test variant %d\n" % k)
    return dst


def ingest(*argv: str) -> int:
    p = argparse.ArgumentParser()
    batch.add_ingest_arguments(p)
    return batch.run_ingest(p.parse_args([str(a) for a in argv]))


def snapshot(out: Path) -> dict[str, list[dict]]:
    """Every table as sorted rows, without the columns that differ from run to run."""
    snap = {}
    for name in storage.TABLE_NAMES:
        t = storage.read_arrow(out, name)
        t = t.drop_columns([c for c in VOLATILE if c in t.column_names])
        snap[name] = t.sort_by([(k, "ascending") for k in KEYS[name]]).to_pylist()
    return snap


def assert_clean(out: Path) -> None:
    """No duplicates, no temp or stray files: every Parquet file is a committed, readable part."""
    docs = storage.read_table(out, "documents")
    assert docs["doc_id"].is_unique
    committed = {str(out / p.files[t]) for p in storage.committed_parts(out) for t in p.files}
    on_disk = {str(f) for t in storage.TABLE_NAMES for f in (out / t).iterdir()}
    assert on_disk == committed
    assert not list((out / "_staging").iterdir())
    import pyarrow.parquet as pq
    for f in on_disk:
        pq.read_metadata(f)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    """The real reports, each also twice more under other bytes: enough documents to kill a run midway."""
    pdfs = real_pdfs()
    if not pdfs:
        pytest.skip("no development PDFs")
    d = tmp_path_factory.mktemp("corpus")
    for p in pdfs:
        shutil.copy(p, d / p.name)
        for k in (1, 2):
            variant(p, d / f"{p.stem}-v{k}.pdf", k)
    return d


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> Path:
    """An uninterrupted local run over the corpus."""
    out = tmp_path_factory.mktemp("reference") / "out"
    assert ingest(corpus, "--out", out, "--workers", 2, "--flush-every", 4, "--no-progress") == 0
    return out


def test_find_inputs(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for name in ("a/x.pdf", "a/b/y.TXT", "a/b/z.docx", "a/notes.md", "a/.~lock.pdf", ".hidden/h.pdf", "raw.bin"):
        (tmp_path / name).write_bytes(b"x")
    found, missing = batch.find_inputs([str(tmp_path / "a"), str(tmp_path / "raw.bin"), str(tmp_path / "a/*.pdf"),
                                        str(tmp_path / "nothing*.pdf")])
    rel = [str(p.relative_to(tmp_path)) for p in found]
    assert rel == ["a/x.pdf", "a/b/y.TXT", "a/b/z.docx", "raw.bin"]   # each once; explicit files as given
    assert missing == [str(tmp_path / "nothing*.pdf")]


def test_fault_corpus_one_failed_row_each_and_exit_0(tmp_path):
    pdfs = real_pdfs()
    if not pdfs:
        pytest.skip("no development PDFs")
    folder = tmp_path / "faults"
    described = pdfgen.fault_corpus(folder, pdfs[0], sample_txt(), blank_count=3000, bomb_mb=300)
    shutil.copy(pdfs[0], folder / "good.pdf")
    out = tmp_path / "out"
    t0 = time.monotonic()
    assert ingest(folder, "--out", out, "--workers", 2, "--max-memory", 1024, "--timeout", 60, "--no-progress") == 0
    assert time.monotonic() - t0 < 90
    docs = storage.read_table(out, "documents").set_index("source")
    assert sorted(Path(s).name for s in docs.index) == sorted([*described, "good.pdf"])
    assert docs.index.is_unique and docs["doc_id"].is_unique
    by_name = {Path(s).name: row for s, row in docs.iterrows()}
    for name in described:
        row = by_name[name]
        if name == "gb18030-report.txt":
            assert row["status"] == "ok" and "计划生育协会" in row["text"], row["error"]
            continue
        if name == "text-named.pdf":     # read for what it is, and said so
            assert row["file_type"] == "txt" and "named .pdf but its content is plain text" in row["warnings"][0]
            continue
        assert row["status"] == "failed", name
        assert row["error"], f"{name} failed without a reason"
    assert "0 bytes" in by_name["zero-byte.pdf"]["error"]
    assert "password" in by_name["encrypted.pdf"]["error"] or "encrypt" in by_name["encrypted.pdf"]["error"]
    assert "encrypt" in by_name["encrypted-by-hand.pdf"]["error"]
    assert "3000" in by_name["blank-3000.pdf"]["error"]
    assert "text layer" in by_name["image-only.pdf"]["error"]
    assert by_name["good.pdf"]["status"] == "ok" and by_name["good.pdf"]["pages"] > 0
    assert_clean(out)


def test_worker_timeout_crash_and_memory_are_failed_rows(tmp_path):
    src = real_pdfs()[0] if real_pdfs() else pytest.skip("no development PDFs")
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["hang", "segv", "abort", "hog", "boom", "fine"]
    for k, name in enumerate(names):
        variant(src, folder / f"{name}.pdf", k)
    out = tmp_path / "out"
    rc = ingest(folder, "--out", out, "--workers", 2, "--timeout", 3, "--max-memory", 768, "--no-progress",
                "--processor", "tests.processors:faulty")
    assert rc == 0
    docs = storage.read_table(out, "documents")
    reason = {Path(r.source).stem: (r.status, r.error or "") for r in docs.itertuples()}
    assert sorted(reason) == sorted(names)
    assert reason["hang"][0] == "failed" and reason["hang"][1].startswith("timeout")
    assert reason["segv"][0] == "failed" and "crashed (SIGSEGV)" in reason["segv"][1]
    assert reason["abort"][0] == "failed" and "crashed (SIGABRT)" in reason["abort"][1]
    assert reason["hog"][0] == "failed" and reason["hog"][1].startswith("memory")
    assert reason["boom"][0] == "failed" and "ValueError: stage bug" in reason["boom"][1]
    assert reason["fine"][0] == "ok"


def test_rerun_skips_force_redoes_without_duplicates(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in real_pdfs()[:3]:
        shutil.copy(p, folder / p.name)
    (folder / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    common = ("--out", out, "--workers", 2, "--no-progress", "--processor", "tests.processors:read_only")
    assert ingest(folder, *common) == 0
    first = snapshot(out)
    parts = sorted((out / "_manifest").iterdir())
    assert ingest(folder, *common) == 0
    assert "skipped (already in OUT)" in capsys.readouterr().out
    assert sorted((out / "_manifest").iterdir()) == parts            # nothing rewritten
    assert ingest(folder, *common, "--force") == 0
    assert snapshot(out) == first
    assert ingest(folder, *common, "--retry-failed") == 0
    assert snapshot(out) == first
    assert_clean(out)


def _cli() -> list[str]:
    return [sys.executable, str(ROOT / "pipeline.py"), "ingest"]


def _committed(out: Path) -> int:
    return len(list((out / "_manifest").glob("part-*.json"))) if (out / "_manifest").exists() else 0


def test_sigkill_midrun_then_rerun_equals_uninterrupted(corpus, reference, tmp_path):
    out = tmp_path / "out"
    cmd = _cli() + [str(corpus), "--out", str(out), "--workers", "2", "--flush-every", "2", "--no-progress"]
    total = len(list(corpus.glob("*.pdf")))
    for target, jitter in ((2, 0.0), (5, 0.037)):   # kill twice, at different points of the run
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
        deadline = time.monotonic() + 120
        while _committed(out) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(jitter)                       # not always right after a commit
        os.killpg(proc.pid, signal.SIGKILL)      # the driver and its workers, without warning
        proc.wait()
        assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    with storage.PartStore(out) as store:        # what a rerun starts from
        done = len(store.done)
    assert 0 < done < total
    rerun = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert "skipped (already in OUT)" in rerun.stdout
    assert_clean(out)
    assert snapshot(out) == snapshot(reference)
    duckdb = pytest.importorskip("duckdb")
    n, distinct = duckdb.connect().execute(
        f"SELECT count(*), count(DISTINCT doc_id) FROM read_parquet('{out}/documents/*.parquet')").fetchone()
    assert n == distinct == total


def test_dask_cluster_gives_the_same_tables(corpus, reference, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert ingest(corpus, "--out", out, "--scheduler", cluster.scheduler_address, "--flush-every", 7,
                      "--no-progress") == 0
    local, remote = snapshot(reference), snapshot(out)
    assert remote["figures"] and remote["fields"]
    assert remote["figures"] == local["figures"]
    assert remote["fields"] == local["fields"]
    assert remote == local
    assert_clean(out)


def test_dask_timeout_and_crash_are_failed_rows_and_spare_the_neighbours(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = real_pdfs()[0] if real_pdfs() else pytest.skip("no development PDFs")
    folder = tmp_path / "in"
    folder.mkdir()
    for k, name in enumerate(["hang", "segv", "fine1", "fine2"]):
        variant(src, folder / f"{name}.pdf", k)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        out = tmp_path / "out"
        assert ingest(folder, "--out", out, "--scheduler", cluster.scheduler_address, "--timeout", 4,
                      "--no-progress", "--processor", "tests.processors:faulty") == 0
    docs = storage.read_table(out, "documents")
    reason = {Path(r.source).stem: (r.status, r.error or "") for r in docs.itertuples()}
    assert reason["hang"][0] == "failed" and reason["hang"][1].startswith("timeout")
    assert reason["segv"][0] == "failed" and "crashed" in reason["segv"][1]
    assert reason["fine1"][0] == reason["fine2"][0] == "ok"      # killed alongside segv, then run alone
    assert_clean(out)
