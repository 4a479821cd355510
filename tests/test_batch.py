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
# duplicate_of names the copy of a report that was written first, which depends on the order documents
# finish in; what must not vary is that each report has exactly one file not marked (see assert_clean)
VOLATILE = ("ingested_at", "seconds", "duplicate_of")


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


def assert_one_copy_per_report(out: Path) -> None:
    from extract.batch.sink import REPORT_KEY, report_key
    docs = storage.read_arrow(out, "documents", ["doc_id", "duplicate_of", *REPORT_KEY]).to_pylist()
    groups: dict = {}
    for d in docs:
        key = report_key(*(d[c] for c in REPORT_KEY))
        if key is not None:
            groups.setdefault(key, []).append(d)
    for key, rows in groups.items():
        firsts = [d["doc_id"] for d in rows if not d["duplicate_of"]]
        assert len(firsts) == 1, key
        assert all(d["duplicate_of"] in (None, firsts[0]) for d in rows)


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
    (tmp_path / "a" / "page.aspx").write_bytes(b"<html><body><p>x</p></body></html>")
    found = batch.find_inputs([str(tmp_path / "a"), str(tmp_path / "raw.bin"), str(tmp_path / "a/*.pdf"),
                               str(tmp_path / "nothing*.pdf")])
    rel = [str(p.relative_to(tmp_path)) for p in found.files]
    # each once; a web page saved under another suffix is read; explicit files are taken as given
    assert rel == ["a/page.aspx", "a/x.pdf", "a/b/y.TXT", "a/b/z.docx", "raw.bin"]
    assert found.missing == [str(tmp_path / "nothing*.pdf")]
    assert [(str(p.relative_to(tmp_path)), "not a document" in why) for p, why in found.skipped] == [("a/notes.md", True)]
    assert found.hidden == 1        # a/.~lock.pdf (the hidden folder is not entered, so its file is not seen)
    only = batch.find_inputs([str(tmp_path / "a")], include=["*.pdf", "b/*"], exclude=["*.docx"])
    assert [str(p.relative_to(tmp_path)) for p in only.files] == ["a/x.pdf", "a/b/y.TXT"] and only.excluded == 3


def test_skipped_files_are_rows_and_an_output_file_is_one_line(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(real_pdfs()[0], folder / "r.pdf")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100)
    out = tmp_path / "out"
    assert ingest(folder, "--out", out, "--no-progress", "--processor", "tests.processors:read_only") == 0
    docs = storage.read_table(out, "documents").set_index("source")
    row = docs.loc[str(folder / "photo.jpg")]
    assert row["status"] == "skipped" and ".jpg" in row["error"]
    assert "photo.jpg" in capsys.readouterr().out
    assert ingest(folder, "--out", out, "--no-progress", "--processor", "tests.processors:read_only") == 0
    assert len(storage.read_table(out, "documents")) == 2          # a rerun records nothing twice
    (tmp_path / "afile").write_text("x")
    assert ingest(folder, "--out", tmp_path / "afile", "--no-progress") == 2
    assert "is a file, not a folder" in capsys.readouterr().err


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
    assert "already in OUT (not redone)" in capsys.readouterr().out
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
    assert "already in OUT (not redone)" in rerun.stdout
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


def test_copies_of_a_report_are_one_report(reference):
    """The corpus holds each report three times (other bytes), and yueyang-jishengxie-2025 in two
    renderings (LibreOffice, reportlab): six files, one report — one of them first, five naming it."""
    docs = storage.read_table(reference, "documents")
    group = docs[docs["source"].str.contains("yueyang-jishengxie-2025")]
    assert len(group) == 6
    firsts = group[group["duplicate_of"].isna()]
    assert len(firsts) == 1 and (group["duplicate_of"].dropna() == firsts["doc_id"].iloc[0]).sum() == 5
    assert_one_copy_per_report(reference)
