"""Golden tests: the development reports in samples/corpus against their expected results."""
from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from extract.process import process
from extract.report_json import to_json
from extract.rules import load

CORPUS = Path(__file__).resolve().parent.parent / "samples" / "corpus"
EXPECTED = sorted(CORPUS.glob("*.expected.json"))


def norm(s) -> str:
    s = unicodedata.normalize("NFKC", str(s or ""))
    return "".join(s.split()).translate(str.maketrans("()", "（）")).strip("。；：:，,. ")


def norm_number(s) -> str:
    s = "".join(unicodedata.normalize("NFKC", str(s or "")).split()).translate(str.maketrans("()", "（）"))
    if len(s) > 1 and s[:-1].isdigit() and s[-1] in ".、":
        return s[:-1] + "."
    return s


@pytest.fixture(scope="module", params=EXPECTED, ids=lambda p: p.name.split(".")[0])
def case(request):
    truth = json.loads(request.param.read_text(encoding="utf-8"))
    return truth, to_json(process(CORPUS / truth["file"]))


def test_meta(case):
    truth, got = case
    for k, v in truth["meta"].items():
        assert norm(got["meta"].get(k)) == norm(v), k


def test_headings(case):
    truth, got = case
    optional = {(norm_number(n), norm(t)) for _, n, t in truth.get("optional_headings", [])}
    have = [(norm_number(s["number"]), norm(s["title"]), s["level"]) for s in got["sections"]]
    have = [h for h in have if h[:2] not in optional]
    want = [(norm_number(n), norm(t), lvl) for lvl, n, t in truth["headings"]]
    assert have == want


def test_fields(case):
    truth, got = case
    canonical = {f["id"] for f in load("fields")["field"] if not f.get("extension")} | {"self_grade"}
    gf = {k: v["value"] for k, v in got["fields"].items()}
    for k, v in truth["fields"].items():
        g = gf.get(k)
        if k == "self_grade":
            assert g == v
        else:
            assert g is not None and Decimal(g) == Decimal(v), k
    optional = set(truth.get("optional_fields", []))
    extra = {k for k in gf if k in canonical and k not in truth["fields"] and k not in optional}
    assert not extra


def test_figures_recall(case):
    truth, got = case
    pool = [(Decimal(f["value"]), norm(f["unit"])) for f in got["figures"]]
    missed = []
    for v, u in truth["figures"]:
        key = (Decimal(v), norm(u))
        if key in pool:
            pool.remove(key)
        else:
            missed.append(v + u)
    assert not missed


def test_provenance(case):
    _, got = case
    for f in got["figures"]:
        assert f["page"] >= 1 and f["start"] < f["end"]
        assert f["bbox"] is not None and f["bbox"][0] < f["bbox"][2]
