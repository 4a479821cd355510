"""The fast reader keeps pdfplumber's text: differences are page furniture and normalised full-width forms."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("compare_readers", ROOT / "scripts" / "compare_readers.py")
compare_readers = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_readers)


@pytest.mark.parametrize("name", ["changde-dangan-2025", "guidong-linye-2024", "wushan-tushuguan-2025",
                                  "yueyang-jishengxie-2025-rl"])
def test_same_text_as_pdfplumber(name):
    dropped, added, _, _ = compare_readers.compare(ROOT / "samples" / "corpus" / f"{name}.pdf")
    assert set(added) <= set("0123456789%")                      # full-width forms, normalised
    total = sum(compare_readers.chars((ROOT / "samples" / "sources" / f"{name.replace('-rl', '')}.rpt")
                                      .read_text(encoding="utf-8")).values())
    assert sum(dropped.values()) <= 0.05 * total                 # running headers, footers, page numbers
