"""What each rule file in `schemas/` may hold, checked when it is loaded.

A misspelt key, a key in the wrong table (TOML puts every key after a `[[table]]` header into that
table), a string where a list belongs or a regular expression that does not compile is an error that
names the file and the key — never a silently disabled rule.

Spec notation: a dict lists the keys a table may have (`name?` is optional; `*` stands for any key, for a
table whose keys are data, such as a map of grade words); `[T]` is a list of T; the scalar types are
`str`, `regex` (a string that must compile with the `regex` module), `int`, `num` (int or float),
`bool` and `decimal` (a string holding an exact decimal, such as a scale factor).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import regex

ANY = "*"

SPECS: dict[str, Any] = {
    "metadata": {
        "org_endings": ["str"], "name_prefixes": ["str"], "division_suffix_levels": [["str"]], "min_body": "int",
        "title_words": "regex", "furniture": ["regex"], "department_labels": ["str"],
        "department_qualifiers": ["str"], "project_labels": ["str"],
        "doc_type": [{"name": "str", "evaluation?": "bool", "title": ["regex"], "body": ["regex"]}],
        "title": {k: "regex" for k in ("year", "year_line", "year_suffix", "sentence", "org_hint", "contents", "kind",
                                       "project", "project_end", "project_tail", "spending_tail", "before_year",
                                       "report_tail", "genre_tail", "party_department")},
        "date": {"date": "regex", "cn_digits": "str", "date_line": "regex", "body_year": "regex", "seal": "regex"},
    },
    "sections": {
        "list_intro": "regex", "list_item": "regex", "not_title": ["regex"],
        "section": [{"canonical": "str", "name": "str", "synonyms": ["regex"], "required_in?": ["str"],
                     "standalone?": ["regex"]}],
    },
    "fields": {
        "whole": "str", "subjects": "regex", "own_budget_subjects": "regex", "measure": "regex",
        "field": [{"id": "str", "name": "str", "kind": "str", "labels": ["str"], "labels_project?": ["str"],
                   "after?": ["str"], "zero?": ["str"], "home": ["str"], "kinds?": ["str"], "sum_of?": ["str"],
                   "fallback?": "str", "share?": {"subject": "regex", "base": "regex"}, "extension?": "bool",
                   "labels_budget?": ["str"], "fallback_budget?": "str",
                   "shares_label?": "bool"}],
        "genre": {"budget_doc_types": ["str"], "budget_title": "regex", "not_budget": "regex", "budget_suffix": "regex", "numbering": "regex", "own_unit": "regex",
                  "fund_part": "regex", "statement_doc_types": ["str"], "budget_subject": "regex"},
        "grade": {"name": "str", "pattern": "regex", "map": {ANY: "str"}, "home": ["str"],
                  "project_scope_doc_types": ["str"], "project_words": "regex"},
    },
    "field_tables": {
        "unit": "regex", "total_row": "regex", "skip_header": "regex", "statement": "regex", "default_unit": "str",
        "prior_header": "regex", "final_row": "regex",
        "column": [{"field": "str", "header": "regex", "genre?": "str", "title?": "regex"}],
        "row": [{"field": "str", "labels": ["regex"], "genre?": "str", "title?": "regex"}],
    },
    "units": {
        "multipliers": {ANY: "decimal"},
        "unit": [{"names": ["str"], "kind": "str", "base?": "str", "scale": "decimal", "not_before?": "str"}],
    },
    "evaluations": {
        "form": {"title": "regex", "generic": ["str"], "project": ["str"], "unit": ["str"], "other": ["str"],
                 "whole": "regex", "head": "regex", "default_unit": "str", "grade": "regex", "gap": "int",
                 "title_word": "regex"},
        "report": {"doc_types": ["str"], "doc_title": "regex", "title": "regex", "max_title": "int"},
        "flat": {"unit_after": "regex", "group": "regex", "column_group": "regex", "closing": ["str"],
                 "pair": "regex", "max_gap": "int"},
    },
    "web_furniture": {
        "breadcrumb": {"labels": ["str"], "roots": ["str"], "separators": ["str"]},
        "info_bar": {"dates": ["str"], "values": ["str"], "font_labels": ["str"]},
        "tools": {"words": ["str"]},
        "footer": {"marks": ["str"], "link_lists": ["str"]},
    },
    "comparison": {
        "evaluated_doc_types": ["str"], "fields": ["str"],
        "execution_rate": {"budget": "str", "spent": "str", "contradicting_rules": ["str"]},
        "derived": [{"key": "str", "header": "str", "num": "str", "den": "str", "unit": "str", "doc": "str"}],
        "outliers": {"min_peers": "int", "outlier_z": "num", "metrics": ["str"]},
        "prior_year": {"fields": ["str"], "not_prior": "regex"},
        "yoy": [{"field": "str", "mode": "str"}],
        "names": {"drop_suffixes": ["str"]},
        "categories": {ANY: "str"},
    },
    "figures": {
        "number": {"op": "regex", "approx": "regex", "range": "regex", "chinese_count": "regex"},
        "bound": {"after_ge": "regex", "after_le": "regex", "before_ge": "regex", "before_le": "regex"},
        "change": {"prior_year": "regex", "up": "regex", "down": "regex"},
        "share": {"base": "regex", "base_prefix": "regex", "bare": "regex", "respectively": "regex", "joiner": "regex",
                  "joined_subjects": "regex", "subject_separator": "regex"},
        "label": {"time_words": "regex", "modifier_in_brackets": "regex", "stop_tail": "regex", "stop_head": "regex",
                  "light_head": "regex", "after_noun": "regex"},
    },
    "table_templates": {
        "column": {ANY: {"headers": ["str"], "exact?": ["str"]}},
        "block": [{"kind": "str", "all_of": ["str"], "some_of": ["str"], "some_count": "int"}],
        "composition_amount": {ANY: "str"},
        "rows": {"indicator_total": ["str"], "total_prefix": ["str"], "score_total": ["str"],
                 "indicator_subtotal": ["str"], "dashes": ["str"]},
        "units": {"money": ["str"], "caption": "regex"},
        "header_words": {"money": "regex", "counted": "regex", "change": "regex", "year": "regex",
                         "unit_column": "regex", "value": "regex", "amount_only": "regex", "row_label_prefix": "regex"},
        "operators": {ANY: ["str"]}, "operator_suffixes": {ANY: ["str"]},
    },
    "tables": {
        "version": "int",
        "tables": {ANY: {"doc": "str", "columns": [{"name": "str", "type": "str", "required?": "bool", "doc?": "str"}]}},
    },
    "checks": {
        "params": {
            "grade_bands": [["str|int"]], "execution_rate_threshold": "num", "reason_words": ["regex"],
            "execution_words": "regex", "empty_reason_cells": ["str"], "staff_over_quota_factor": "decimal",
            "reason_window": "int", "group_weight": "regex", "total_rows": ["str"], "ocr_min_confidence": "num",
            "bases": {ANY: {"name": "str", "level": "str"}},
            "field_parts": {ANY: ["str"]}, "fund_topics": {ANY: "regex"}, "section_topics": {ANY: "regex"},
            "bounded_percent": {"label": "regex"},
            "rate": [{"rate": "regex", "num": "regex", "num_not?": "regex", "den": "regex", "den_not?": "regex",
                      "den_likely?": "regex",
                      "kind": "str"}],
            "listing": {"nouns": "regex"},
            "itemised": {"marker": "regex", "attribute": "regex", "opening": "str", "clause_lead": "regex", "zeros_min_parts": "int",
                         "clause_stop": "regex", "bare_share": "regex", "share_base": "regex", "inline_base": "regex",
                         "nested": "regex", "complete_splits": [["str"]],
                         "detail_marker": "regex", "many_parts": "int", "near_gap_percent": "num",
                         "open_list": "regex", "colon_marker": "regex"},
            "restated": {"min_chars": "int", "must_name": "regex", "not_after": "regex", "doc_number": "regex",
                         "allocates": "regex"},
            "carryover": {"present": "regex", "opening": "regex", "income": "regex", "expense": "regex",
                          "closing": "regex", "income_total": "regex", "expense_total": "regex",
                          "other_terms": "regex", "table_opening": "regex", "table_income": "regex",
                          "table_expense": "regex", "table_closing": "regex", "table_income_total": "regex",
                          "table_expense_total": "regex", "table_extra_in": "regex", "table_extra_out": "regex"},
            "changes": {"this_year_items": "regex", "subjectless": "regex", "unchanged": "regex",
                        "respective": "regex"},
            "shares": {"total_words": ["str"], "broken_base": "regex", "item_marker": "regex"},
            "value_scope": {"fund": "regex", "item": "regex", "summary_heading": "regex", "grand_total": "regex"},
            "year_self_comparison": {"compare": "regex", "not_after": "regex"},
            "year_headings": {"own_document": "regex", "assets_section": "regex", "year_end": "regex",
                              "final_account": "regex", "budget": "regex"},
            "unit_slip": {"majority": "num", "min_digits": "int", "label_noise": "regex"},
            "crosscheck": {"item_head": "regex", "plan": "regex", "comparison": "regex", "budget_word": "regex",
                           "spent_word": "regex", "more": "regex", "less": "regex", "equal": "regex",
                           "form_values": {ANY: ["str"]},
                           "table_rows": {"section_words": "regex", "table_prefix": "regex", "table_suffix": "regex",
                                          "pairs": [["str"]]},
                           "empty_note": "regex", "amount_cell": "regex"},
            "indicator_fields": {ANY: "regex"}, "year_terms": {"terms": "regex"},
            "year_opening": {"heading_number": "regex", "heading_title": "regex", "subject": "regex", "not_amount_year": "regex",
                             "own_amount": "regex", "not_own": "regex", "other_year_heading": "regex", "max_gap": "int"},
            "truncation": {"closers": "str", "heading_only": "regex", "heading_line": "regex", "complete_line": "regex",
                           "open_end": "regex", "furniture": "regex", "short_line": "int"},
        },
        "rule": [{"id": "str", "category": "str", "severity": "str", "title": "str", "checks": "str",
                  "message": "str"}],
    },
}

# The example corpora that are each rule family's test (tests/test_rule_corpora.py validates them too).
SPECS.update({
    "examples/fields": {"case": [{"name": "str", "text": "str", "fields": {ANY: "str"}, "absent?": ["str"],
                                  "single?": ["str"]}]},
    "examples/figures": {"case": [{"text": "str", "figures": [["str"]]}]},
    "examples/headings": {"case": [{"text": "str", "heading?": ["str"], "none?": "bool"}]},
    "examples/outlines": {"case": [{"name": "str", "doc_type": "str", "text": "str", "headings": ["str"],
                                     "levels?": ["int"]}]},
    "examples/labels": {"case": [{"text": "str", "figure": "str", "label?": "str", "base?": "str",
                                  "qualifier?": "str", "direction?": "str"}]},
    "examples/titles": {"case": [{"title": "str", "year": "int", "department?": "str", "kind?": "str",
                                  "project?": "str"}]},
    "examples/figure_words": {"case": [{"rule": "str", "text": "str", "found?": "str", "group?": "str"}]},
    "examples/title_words": {"case": [{"rule": "str", "text": "str", "found?": "str", "group?": "str"}]},
    "table_templates.examples": {"example": [{
        "name": "str", "caption": "str", "table": "str", "findings": ["str"],
        "budget_lines?": [{ANY: "str"}], "indicators?": [{ANY: "str"}]}]},
})


class RuleFileError(ValueError):
    """A rule file that does not match its spec."""


def validate(name: str, data: Any) -> Any:
    """Check `data` (the parsed schemas/NAME.toml) against its spec; returns it unchanged."""
    if name not in SPECS:
        raise RuleFileError(f"schemas/{name}.toml has no spec in extract/rulespec.py: add one")
    _check(SPECS[name], data, f"schemas/{name}.toml")
    return data


def _check(spec: Any, value: Any, where: str) -> None:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise RuleFileError(f"{where}: expected a table, found {type(value).__name__}")
        known = {k.rstrip("?"): k for k in spec}
        for key, v in value.items():
            if key in known:
                _check(spec[known[key]], v, f"{where}.{key}")
            elif ANY in spec:
                _check(spec[ANY], v, f"{where}.{key}")
            else:
                raise RuleFileError(f"{where}: unknown key {key!r} (known: {', '.join(sorted(known))}) — "
                                    "misspelt, or placed after a [[table]] header it does not belong to?")
        for k in spec:
            if k != ANY and not k.endswith("?") and k not in value:
                raise RuleFileError(f"{where}: missing key {k!r}")
        return
    if isinstance(spec, list):
        if not isinstance(value, list):
            raise RuleFileError(f"{where}: expected a list, found {type(value).__name__}")
        for i, v in enumerate(value):
            _check(spec[0], v, f"{where}[{i}]")
        return
    if not any(_scalar_ok(t, value) for t in spec.split("|")):
        raise RuleFileError(f"{where}: expected {spec}, found {value!r}")
    if spec == "regex":
        try:
            regex.compile(value)
        except regex.error as e:
            raise RuleFileError(f"{where}: the regular expression {value!r} does not compile: {e}") from None


def _scalar_ok(t: str, v: Any) -> bool:
    if t in ("str", "regex"):
        return isinstance(v, str)
    if t == "int":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "num":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "bool":
        return isinstance(v, bool)
    if t == "decimal":
        try:
            Decimal(str(v))
            return isinstance(v, (str, int))
        except InvalidOperation:
            return False
    raise RuleFileError(f"unknown type {t!r} in a spec")
