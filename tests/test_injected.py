"""Injected errors in real documents (samples/injected, scripts/inject_errors.py): the harness works.

The corpus is what the seeded generator writes; every mutant differs from its original in exactly one
printed number, and that change makes exactly the recorded relation fail at printed precision while every
other relation of the document still holds.  On a small fixed subset the pipeline is run and compared
with the original: the catch rate is measured and reported by `scripts/injected_report.py`, not asserted
here (the checks are being improved), but at least one injected error must be caught, so a broken
pipeline or harness fails this test.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import inject_errors  # noqa: E402
from injection.measure import compare, measure  # noqa: E402
from injection.mutate import verify  # noqa: E402
from injection.relations import holds, load  # noqa: E402
from injection.textnum import tokens  # noqa: E402

INJECTED = ROOT / "samples" / "injected"
MANIFEST = json.loads((INJECTED / "MANIFEST.json").read_text(encoding="utf-8"))
EXTRA = json.loads((INJECTED / "extra_relations.json").read_text(encoding="utf-8"))["documents"]
MUTANTS = MANIFEST["mutants"]

# a fixed subset across kinds for the pipeline run (a few seconds in-process)
SUBSET = [
    "leiyang-sizhong-2022-zhuanxiang.sum.1.txt",
    "xuanhan-renminyiyuan-2024-yusuan.sum.1.txt",
    "huarong-zhengfu-2023-juesuan.ratio.1.txt",
    "xuwen-xiaqiao-2024-zhengti.rate.2.txt",
    "yuzhong-nanjimen-2023-juesuan.count.1.txt",
    "guichi-tangxi-2022-weituo.score.2.txt",
    "wanzhou-gonglu-2024-yusuan.year.1.txt",
    "qianlima-shuili-2023-xiangmu.conflict.1.txt",
    "zhouqu-weisheng-2024-zhengti.sum.2.txt",
    "tongliang-weilong-2025-yusuan.sum.1.txt",
]


def test_corpus_is_what_the_generator_writes(tmp_path):
    """Deterministic: regenerating with the recorded seed gives the committed files, byte for byte."""
    inject_errors.main(["--out", str(tmp_path), "--seed", str(MANIFEST["seed"])])
    fresh = json.loads((tmp_path / "MANIFEST.json").read_text(encoding="utf-8"))
    assert fresh == MANIFEST
    for m in MUTANTS:
        for name in (m["file"], m["file"].replace(".txt", ".expected.json")):
            assert (tmp_path / name).read_bytes() == (INJECTED / name).read_bytes(), name


def test_corpus_spans_the_categories():
    kinds = {m["kind"] for m in MUTANTS}
    assert kinds == {"sum", "ratio", "rate", "count", "score", "year", "conflict"}
    assert 60 <= len(MUTANTS) <= 100
    assert len({m["source"] for m in MUTANTS}) >= 20
    assert all(s["document"].endswith((".pdf", ".xlsx")) for s in MANIFEST["skipped_documents"])


@pytest.mark.parametrize("m", MUTANTS, ids=[m["file"] for m in MUTANTS])
def test_mutant_differs_in_exactly_one_number(m):
    orig = (ROOT / m["source"]).read_text(encoding="utf-8")
    mut = (INJECTED / m["file"]).read_text(encoding="utf-8")
    a, b = tokens(orig), tokens(mut)
    assert len(a) == len(b)
    changed = [(x, y) for x, y in zip(a, b) if x.printed != y.printed]
    assert len(changed) == 1
    x, y = changed[0]
    assert (x.start, x.printed, y.printed) == (m["start"], m["old"], m["new"])
    assert orig[:x.start] == mut[:y.start] and orig[x.end:] == mut[y.end:]   # nothing else moved
    if "." in x.value:                                                        # printed precision kept
        assert len(x.value.split(".")[1]) == len(y.value.split(".")[1])
    key = json.loads((INJECTED / m["file"].replace(".txt", ".expected.json")).read_text(encoding="utf-8"))
    original_key = json.loads((ROOT / m["source"]).with_name(Path(m["source"]).stem + ".expected.json")
                              .read_text(encoding="utf-8"))
    assert key["findings"] == original_key.get("findings", []) + [{"category": m["category"], "section": ""}]
    assert key["injected"]["relation"]["id"] == m["relation"]


@pytest.mark.parametrize("m", MUTANTS, ids=[m["file"] for m in MUTANTS])
def test_exactly_the_recorded_relation_fails(m):
    """Re-checked from the original and its key: the target held and fails with the new number; the rest hold."""
    src = ROOT / m["source"]
    key = json.loads(src.with_name(src.stem + ".expected.json").read_text(encoding="utf-8"))
    name = src.stem
    rels, _ = load(key, src.read_text(encoding="utf-8"), EXTRA.get(name))
    target = next(r for r in rels if r.rid == m["relation"])
    index = next(i for i, o in enumerate(target.ops) if o.pos and o.pos[0] == m["start"])
    assert holds(target)
    new = m["new"].replace(",", "")
    assert not holds(target, {index: new})
    assert verify(rels, target, index, new) is None


def test_pipeline_on_a_subset_catches_something():
    """The harness runs end to end (in-process, 2 workers): the catch rate is reported, at least one is caught."""
    missing = [f for f in SUBSET if f not in {m["file"] for m in MUTANTS}]
    assert not missing, f"subset names not in the corpus (regenerated?): {missing}"
    outcomes, info = measure(INJECTED, None, 2, set(SUBSET))
    assert len(outcomes) == len(SUBSET)
    assert not [o.file for o in outcomes if o.failed]
    caught = [o.file for o in outcomes if o.caught]
    print(f"\ninjected subset: caught {len(caught)}/{len(outcomes)} in {info['seconds']:.1f}s: {caught}")
    assert caught, "no injected error caught on the subset: is the pipeline (or the harness) broken?"


def test_compare_counts_only_new_asserted_findings():
    sec = [{"id": "s1", "number": "一、"}]
    f = lambda cat, sev="error", rule="r": {"category": cat, "severity": sev, "rule": rule, "section": "s1"}  # noqa: E731
    orig = {"sections": sec, "findings": [f("sum_mismatch"), f("missing_section", "warning", "m")]}
    m = {"file": "x", "kind": "sum", "category": "sum_mismatch", "accept": []}
    # the original's own sum_mismatch is not a catch; a second one is; an info note is neither
    same = dict(orig, findings=orig["findings"] + [f("sum_mismatch", "info")])
    assert not compare(m, same, orig).caught
    more = dict(orig, findings=orig["findings"] + [f("sum_mismatch"), f("ratio_mismatch", rule="q")])
    o = compare(m, more, orig)
    assert o.caught and o.new_alarms == ["ratio_mismatch:q@一、"] and not o.clean
