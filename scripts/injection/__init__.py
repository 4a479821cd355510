"""Injected errors in real documents (issue 10, item 7).

`textnum`   number tokens of a text, their units, and where a key's quote lies in the text;
`model`     a relation and its operands;
`arith`     relations evaluated with interval arithmetic at printed precision (`extract/checks/intervals.py`);
`relations` the answer keys' relations normalised into one form and tied to printed positions;
`mutate`    one-number mutations that make exactly one relation fail, and the mutant files;
`measure`   the pipeline run on originals and mutants, and what it caught.

`scripts/inject_errors.py` writes `samples/injected/`; `scripts/injected_report.py` measures what the
pipeline catches there.
"""
