"""Each rule family's example corpus in schemas/examples/ is its test (Duckling's Rules/Corpus pairing)."""
from __future__ import annotations

import sys
from decimal import Decimal

import pytest

from extract.outline import match_heading
from extract.rules import SCHEMAS
from extract.rulespec import RuleFileError, validate
from tests.helpers import report_from_text

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def corpus(name: str) -> list[dict]:
    with open(SCHEMAS / "examples" / f"{name}.toml", "rb") as f:
        return validate(f"examples/{name}", tomllib.load(f))["case"]


def test_every_rule_file_is_valid_and_a_misspelt_key_is_an_error():
    from extract.rules import load
    from extract.rulespec import SPECS
    for name in SPECS:
        path = SCHEMAS / f"{name}.toml"
        with open(path, "rb") as f:
            validate(name, tomllib.load(f))
        if "/" not in name and name != "table_templates.examples":
            load(name)
    with pytest.raises(RuleFileError, match="unknown key 'furnture'"):
        validate("metadata", {**load("metadata"), "furnture": []})
    bad = dict(load("metadata"))
    bad["doc_type"] = [dict(bad["doc_type"][0], title=["(unclosed"])]
    with pytest.raises(RuleFileError, match="does not compile"):
        validate("metadata", bad)


@pytest.mark.parametrize("case", corpus("figures"), ids=lambda c: c["text"][:16])
def test_figures_corpus(tmp_path, case):
    report = report_from_text(tmp_path, case["text"])
    got = [[format(f.value, "f"), f.unit] for f in report.figures]
    want = [[format(Decimal(v), "f"), u] for v, u in case["figures"]]
    assert got == want


@pytest.mark.parametrize("case", corpus("headings"), ids=lambda c: c["text"][:16])
def test_headings_corpus(case):
    hm = match_heading(case["text"])
    if case.get("none"):
        assert hm is None
    else:
        assert hm is not None and [hm.style, hm.number, hm.title] == case["heading"]


@pytest.mark.parametrize("case", corpus("fields"), ids=lambda c: c["name"])
def test_fields_corpus(tmp_path, case):
    report = report_from_text(tmp_path, case["text"])
    got = {k: (format(v.value, "f") if isinstance(v.value, Decimal) else v.value) for k, v in report.fields.items()}
    for k, v in case["fields"].items():
        assert got.get(k) == v, k
    for k in case.get("absent", []):
        assert k not in got, k
    for k in case.get("single", []):       # stated once: no other figure competes for the field
        assert not report.fields[k].alternatives, k


@pytest.mark.parametrize("case", corpus("labels"), ids=lambda c: c["text"][:10] + c["figure"])
def test_labels_corpus(tmp_path, case):
    report = report_from_text(tmp_path, case["text"])
    fig = next(f for f in report.figures if f.text.startswith(case["figure"]))
    if "label" in case:
        assert fig.label == case["label"]
    assert fig.base_label == case.get("base")
    assert fig.direction == case.get("direction")
    assert fig.qualifier == case.get("qualifier")


@pytest.mark.parametrize("case", corpus("titles"), ids=lambda c: c["title"][:16])
def test_titles_corpus(case):
    from extract.metadata import split_title
    want = {k: v for k, v in case.items() if k != "title"}
    assert split_title(case["title"]) == want


@pytest.mark.parametrize("case", corpus("outlines"), ids=lambda c: c["name"][:40])
def test_outlines_corpus(tmp_path, case):
    from extract.outline import build_outline
    from extract.readers import read_document
    src = tmp_path / "report.txt"
    src.write_text(case["text"], encoding="utf-8")
    doc = read_document(src)
    sections = build_outline(doc, case["doc_type"])
    assert [s.number + s.title for s in sections] == case["headings"]
    if "levels" in case:
        assert [s.level for s in sections] == case["levels"]
