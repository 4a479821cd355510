"""The wording rules kept as data (schemas/figures.toml, the title wording of schemas/metadata.toml) run
against their example corpora in schemas/examples/: each case is a test, and every rule has a case."""
from __future__ import annotations

import sys

import pytest
import regex

from extract.rules import SCHEMAS, load
from extract.rulespec import validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# corpus → the rule file whose FAMILY.KEY regexes it exercises
CORPORA = {"figure_words": "figures", "title_words": "metadata"}


def _cases(corpus: str) -> list[dict]:
    with open(SCHEMAS / "examples" / f"{corpus}.toml", "rb") as f:
        return validate(f"examples/{corpus}", tomllib.load(f))["case"]


def _rule(file: str, name: str) -> str:
    family, key = name.split(".")
    return load(file)[family][key]


def _all_rules(file: str, corpus: str) -> set[str]:
    data = load(file)
    if corpus == "title_words":
        return {f"{fam}.{k}" for fam in ("title", "date") for k in data[fam]}
    return {f"{fam}.{k}" for fam, rules in data.items() for k in rules}


CASES = [(c, corpus) for corpus in CORPORA for c in _cases(corpus)]


@pytest.mark.parametrize("case,corpus", CASES, ids=lambda c: c["rule"] + ":" + c["text"][:8] if isinstance(c, dict) else c)
def test_rule_example(case, corpus):
    rule = _rule(CORPORA[corpus], case["rule"])
    if case["rule"] == "date.cn_digits":         # a list of characters, not a pattern
        rule = f"[{rule}]"
    m = regex.compile(rule).search(case["text"])
    if "found" not in case:
        assert m is None, f"{case['rule']} finds {m.group(0)!r} in {case['text']!r}"
        return
    assert m is not None, f"{case['rule']} finds nothing in {case['text']!r}"
    group = case.get("group", "0")
    assert m.group(int(group) if group.isdigit() else group) == case["found"]


@pytest.mark.parametrize("corpus", CORPORA)
def test_every_rule_has_an_example(corpus):
    covered = {c["rule"] for c in _cases(corpus)}
    assert _all_rules(CORPORA[corpus], corpus) - covered == set()
