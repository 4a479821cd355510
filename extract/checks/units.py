"""unit.slip: an amount printed in 元 where the document states the same amount in 万元 (or the reverse).

支出合计 1234.56元 in a report whose amounts are in 万元, while 1234.56万元 is the same field elsewhere (or the
same row of a table whose unit is 万元): the digits are one quantity's, the unit is the slip.  Certain only when
the twin is the same field (or carries the same label); the same digits under another label may be a
coincidence, so that is an info note (待核实) with both readings.  The unit in the minority among the
document's printed amounts is the slipped one; a document without a clear majority is not judged."""
from __future__ import annotations

import re
from decimal import Decimal

from ..model import Figure
from .certainty import Tie
from .context import Context, Evidence, clean_label

UNITS = ("元", "万元")


def _label(f: Figure, p: dict) -> str:
    return re.sub(p["label_noise"], "", clean_label(f.label))


def _same_quantity(ctx: Context, a: Figure, b: Figure, p: dict) -> bool:
    fa, fb = ctx.field_of.get(a.id), ctx.field_of.get(b.id)
    if fa and fa == fb:
        return True
    la, lb = _label(a, p), _label(b, p)
    return min(len(la), len(lb)) >= 2 and (la.endswith(lb) or lb.endswith(la))


def check_unit_slip(ctx: Context) -> None:
    p = ctx.rules.params["unit_slip"]
    money = [f for f in ctx.report.figures if f.kind == "money" and f.unit in UNITS and not f.approx and f.op is None]
    counts = {u: sum(1 for f in money if f.unit == u) for u in UNITS}
    total = sum(counts.values())
    if not total:
        return
    major = max(UNITS, key=lambda u: counts[u])
    if Decimal(counts[major]) / total < Decimal(str(p["majority"])):
        return
    by_value: dict[Decimal, list[Figure]] = {}
    for f in money:
        if f.unit == major:
            by_value.setdefault(f.value.normalize(), []).append(f)
    for f in money:
        if f.unit == major or f.table:
            continue
        digits = re.sub(r"\D", "", format(f.value.normalize(), "f")).lstrip("0")
        if len(digits) < int(p["min_digits"]):
            continue            # 10元 and 10万元 may be two quantities; 1234.56 twice is one
        twins = by_value.get(f.value.normalize(), [])
        if not twins:
            continue
        same = [g for g in twins if _same_quantity(ctx, f, g, p)]
        twin = same[0] if same else twins[0]
        where = "表中" if twin.table else "正文"
        if same:
            ties = [Tie("误写单位的金额", "same_clause"), Tie("同一项目", "cell" if twin.table else "same_clause")]
            readings = []
        else:
            ties = [Tie("误写单位的金额", "same_clause"), Tie("同一项目", "inferred")]
            readings = [f"“{f.label or '金额'}”与“{twin.label or '金额'}”是同一数额而单位写错", "两处是不同的数额，数字巧合"]
        ctx.add("unit.slip", Evidence(figures=[f, twin], ties=ties, readings=readings),
                expected=f"{f.value}{major}", actual=f"{f.value}{f.unit}", expression=f"unit == {major}",
                label=clean_label(f.label) or "金额", slip=f.text.strip(), twin=twin.text.strip(), where=where,
                unit=major)


def run(ctx: Context) -> None:
    check_unit_slip(ctx)
