"""Held-out reports (samples/heldout): reports written in other words, to check that the rules generalise.

Their expected files are the truth, but the rules must never be tuned to their sentences.  This test is a
regression guard only: it pins the meta and the canonical fields that the pipeline gets right today (listed
explicitly below) and records the known gaps as non-strict xfails, so a fix shows up as XPASS.  The full
comparison is `python ../shared/tools/score.py samples/heldout -v`.
"""
from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import pytest

from extract.process import process
from extract.report_json import to_json

HELDOUT = Path(__file__).resolve().parent.parent / "samples" / "heldout"

# Fields each report gets right today; they must stay right.
GUARDED = {
    "beiliu-weijian-2024": """internal_units staff_quota staff_actual retirees total_budget total_expenditure execution_rate
        basic_expenditure personnel_expenditure public_expenditure project_budget project_expenditure three_public_total
        reception_expenditure vehicle_expenditure gov_fund_expenditure state_capital_expenditure
        social_insurance_expenditure self_score self_grade""",
    "fuliang-shenji-2023": """internal_units staff_quota staff_actual retirees total_budget total_expenditure execution_rate
        basic_expenditure personnel_expenditure public_expenditure project_expenditure three_public_total
        reception_expenditure vehicle_expenditure overseas_expenditure gov_fund_expenditure self_score self_grade""",
    "juxian-jiaotong-2024": """internal_units staff_quota staff_actual retirees total_budget total_expenditure execution_rate
        basic_expenditure personnel_expenditure public_expenditure project_expenditure three_public_total
        reception_expenditure vehicle_expenditure overseas_expenditure self_score self_grade""",
    "lintan-danganguan-2025": """internal_units staff_quota staff_actual retirees total_budget total_expenditure execution_rate
        basic_expenditure public_expenditure project_expenditure three_public_total overseas_expenditure
        gov_fund_expenditure state_capital_expenditure social_insurance_expenditure self_grade""",
    "nanjiang-ziranziyuan-2024": """internal_units staff_quota staff_actual retirees total_budget total_expenditure
        execution_rate basic_expenditure personnel_expenditure public_expenditure personnel_share public_share
        project_budget project_expenditure three_public_total reception_expenditure vehicle_expenditure
        overseas_expenditure gov_fund_expenditure self_score self_grade""",
    "shexian-jingdian-2025": "total_budget self_score self_grade",
}
# Known gaps (see the held-out report): expected to fail today, welcome to pass.
KNOWN_GAPS = {
    "beiliu-weijian-2024": ["personnel_share", "public_share",  # “分别占基本支出的86.26％和11.74％”
                            "overseas_expenditure"],  # 因公出国（境）费0万元 after an unquoted 三公经费 → label “（境）费”
    "fuliang-shenji-2023": ["state_capital_expenditure", "social_insurance_expenditure"],  # 无A、B和C支出
    "lintan-danganguan-2025": ["personnel_expenditure", "reception_expenditure", "vehicle_expenditure",
                               "self_score"],  # “绩效评价得分90分”
    "shexian-jingdian-2025": ["total_expenditure", "execution_rate"],  # kind 项目支出 not recognised
}
KIND_GAPS = {"shexian-jingdian-2025"}  # title “…项目绩效自评报告” without 支出


def dec(v):
    try:
        return Decimal(str(v).replace(",", "")).normalize()
    except (InvalidOperation, ValueError):
        return None


@lru_cache(maxsize=None)
def result(name: str) -> tuple[dict, dict]:
    truth = json.loads((HELDOUT / f"{name}.expected.json").read_text(encoding="utf-8"))
    return truth, to_json(process(HELDOUT / truth["file"]))


def same(want, got) -> bool:
    gv = got.get("value") if isinstance(got, dict) else got
    if dec(want) is not None:
        return dec(want) == dec(gv)
    return str(want) == str(gv)


NAMES = sorted(GUARDED)


@pytest.mark.parametrize("name", [
    pytest.param(n, marks=pytest.mark.xfail(reason="kind not recognised", strict=False)) if n in KIND_GAPS else n
    for n in NAMES])
def test_meta_year_kind(name):
    truth, got = result(name)
    assert got["meta"]["year"] == truth["meta"]["year"]
    assert got["meta"]["kind"] == truth["meta"]["kind"]


@pytest.mark.parametrize("name", NAMES)
def test_guarded_fields_stay_right(name):
    truth, got = result(name)
    wrong = [f"{k}: want {truth['fields'][k]} got {got['fields'].get(k)}"
             for k in GUARDED[name].split() if not same(truth["fields"][k], got["fields"].get(k))]
    assert not wrong, wrong


@pytest.mark.parametrize("name,field", [
    pytest.param(n, k, marks=pytest.mark.xfail(reason="known held-out gap", strict=False))
    for n, ks in sorted(KNOWN_GAPS.items()) for k in ks])
def test_known_gaps(name, field):
    truth, got = result(name)
    assert same(truth["fields"][field], got["fields"].get(field))


def test_guard_lists_cover_every_expected_field():
    for name in NAMES:
        truth, _ = json.loads((HELDOUT / f"{name}.expected.json").read_text(encoding="utf-8")), None
        listed = set(GUARDED[name].split()) | set(KNOWN_GAPS.get(name, []))
        assert listed == set(truth["fields"]), name


def test_scan_is_not_ok():
    got = to_json(process(HELDOUT / "lintan-danganguan-2025-scan.pdf"))
    assert got["status"] in ("failed", "partial")
    assert not got["figures"]
