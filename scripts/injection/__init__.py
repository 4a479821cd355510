"""Injected errors in real documents (issue 10, item 7).

`textnum`   number tokens of a text, their units, and where a key's quote lies in the text;
`relations` the answer keys' relations normalised into one form, tied to printed positions, evaluated with
            interval arithmetic at printed precision (`extract/checks/intervals.py`);
`mutate`    one-number mutations that make exactly one relation fail, and the mutant files.

`scripts/inject_errors.py` writes `samples/injected/`; `scripts/injected_report.py` measures what the
pipeline catches there.
"""
