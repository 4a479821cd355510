"""sum_mismatch: the carry-over identity of a 决算 (final account) and its totals.

    年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余
    收入总计 = 本年收入 + 年初结转和结余          支出总计 = 本年支出 + 年末结转和结余

Operands are found by their own names (schemas/checks.toml [params.carryover]): an amount whose label ends
in the role's wording (部门决算总收入959.48万元，其中本年收入945.18万元 … 年初结转和结余14.30万元).  An
identity is checked inside one section only, when each of its roles is named by exactly one amount there.
Certainty: every operand in one sentence → certain (error); in one section, each the only amount so
named → likely (warning).  Anything else that enters the identity (结余分配, 用事业基金弥补收支差额,
使用非财政拨款结余 … with a non-zero amount in the section) makes the three-term form incomplete: the
identity is then not checked.
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from ..model import Figure
from .certainty import Tie
from .context import Context, Evidence, clean_label
from .intervals import Interval, total
from .sums import money_text

# (rule roles: the total, the parts added, the parts subtracted)
IDENTITIES = [
    ("closing", ["opening", "income"], ["expense"]),
    ("income_total", ["income", "opening"], []),
    ("expense_total", ["expense", "closing"], []),
]
ROLE_ZH = {"opening": "年初结转和结余", "income": "本年收入", "expense": "本年支出", "closing": "年末结转和结余",
           "income_total": "收入总计", "expense_total": "支出总计"}


def _role(ctx: Context, f: Figure, words: dict[str, re.Pattern]) -> Optional[str]:
    if f.kind != "money" or f.direction or f.qualifier or f.approx or f.op or f.table:
        return None
    label = clean_label(f.label or "")
    for role, pat in words.items():
        if pat.search(label):
            return role
    return None


def run(ctx: Context) -> None:
    p = ctx.rules.params["carryover"]
    if not re.search(p["present"], ctx.text):
        return                                  # no carry-over wording at all: nothing to read (fast path)
    words = {role: re.compile(f"(?:{p[role]})$") for role in ROLE_ZH}
    other = re.compile(p["other_terms"])
    by_section: dict[Optional[str], dict[str, list[Figure]]] = defaultdict(lambda: defaultdict(list))
    others: dict[Optional[str], list[Figure]] = defaultdict(list)
    for f in ctx.report.figures:
        sec = f.section or ctx.section_id_at(f.start)
        role = _role(ctx, f, words)
        if role:
            by_section[sec][role].append(f)
        elif f.kind == "money" and f.value != 0 and other.search(clean_label(f.label or "")):
            others[sec].append(f)
    for sec, roles in by_section.items():
        for whole_role, plus, minus in IDENTITIES:
            needed = [whole_role] + plus + minus
            if any(len({x.value for x in roles.get(r, [])}) != 1 for r in needed):
                continue                        # a role missing, or named with different amounts: whose is it?
            if others.get(sec):
                continue                        # 结余分配 / 事业基金 … enter the identity: not the three-term form
            fig = {r: roles[r][0] for r in needed}
            w = ctx.fig_interval(fig[whole_role])
            ivs = [ctx.fig_interval(fig[r]) for r in plus] + [ctx.fig_interval(fig[r]).scale(-1) for r in minus]
            s = total(ivs)
            if s.meets(w):
                continue
            sentences = {ctx.sentence_bounds(f.start) for f in fig.values()}
            basis = "same_clause" if len(sentences) == 1 else "labelled"
            like = fig[whole_role]
            expr = " + ".join(f"{ROLE_ZH[r]} {fig[r].text.strip()}" for r in plus) + "".join(
                f" − {ROLE_ZH[r]} {fig[r].text.strip()}" for r in minus)
            delta = w.mid - s.mid
            ctx.add("sum.carryover", Evidence(figures=list(fig.values()), section=sec,
                                              ties=[Tie(ROLE_ZH[r], basis) for r in needed]),
                    expected=s.mid, actual=w.mid, expression=f"{expr} = {ROLE_ZH[whole_role]}", delta=delta,
                    tolerance=s.radius + w.radius, computation=expr, sum=money_text(s, like),
                    total_label=ROLE_ZH[whole_role], total=like.text.strip(),
                    delta_text=money_text(Interval.exact(abs(delta)), like))

