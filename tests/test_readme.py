"""The README opens with two commands that must keep working: ingest samples/, and the tests."""
from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds

ROOT = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    head = text[: text.index("## ")]
    return [b.strip() for b in re.findall(r"```bash\n(.*?)```", head, re.S)]


def test_readme_opens_with_two_commands():
    cmds = readme_commands()
    assert len(cmds) == 2
    assert "pip install" in cmds[0] and "pipeline.py ingest samples/" in cmds[0]
    assert "pip install" in cmds[1] and "pytest" in cmds[1]


def test_readme_main_command_runs(tmp_path):
    """Run the README's ingest (the install step is what CI just did) into a temporary folder."""
    ingest = readme_commands()[0].split("&&", 1)[1].strip()
    argv = shlex.split(ingest)
    out_i = argv.index("--out")
    argv[out_i + 1] = str(tmp_path / "out")
    argv[0] = sys.executable if argv[0].startswith("python") else argv[0]
    p = subprocess.run(argv + ["--no-progress"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert p.returncode == 0, p.stderr[-2000:]
    docs = ds.dataset(tmp_path / "out" / "documents", format="parquet").to_table().to_pandas()
    reports = [p for ext in ("pdf", "txt", "html", "htm", "shtml") for p in (ROOT / "samples").rglob(f"*.{ext}")]
    assert len(docs) == len(reports)
    assert set(docs["status"]) <= {"ok", "partial", "failed"}
    figures = ds.dataset(tmp_path / "out" / "figures", format="parquet").to_table()
    assert figures.num_rows > 500
