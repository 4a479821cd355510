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


def _cell_amount(ctx: Context, row: list, i: int) -> Optional[tuple[Optional[Figure], bool]]:
    """The amount printed for the label in cell i of a statement row: the last number before the next label
    (项目 | 行次 | 金额 → the 金额, not the 行次); (None, True) when that cell is blank (nothing = 0)."""
    last = None
    for c in row[i + 1:]:
        t = c.text.replace(",", "").strip()
        if t and not re.fullmatch(r"-?\d+(?:\.\d+)?", t):
            break
        last = c
    if last is None:
        return None
    if not last.text.strip():
        return None, True
    figs = [f for f in ctx.figures_between(last.start, last.end) if f.kind == "money"]
    return (figs[0], False) if len(figs) == 1 else None


def check_statement(ctx: Context, words: dict[str, re.Pattern]) -> None:
    """收入支出决算总表 (and 财政拨款收入支出决算总表): rows 本年收入合计 | 年初结转和结余 | 收入总计 on the income
    side, 本年支出合计 | 年末结转和结余 | 总计 on the spending side, each label followed by its amount in its
    row; cells are certain, so a break of the identity is an error.  Rows of other terms
    (使用非财政拨款结余 / 结余分配 …) are added on their side; a role printed twice in a table is not read."""
    p = ctx.rules.params["carryover"]
    extra_in, extra_out = re.compile(p["table_extra_in"]), re.compile(p["table_extra_out"])
    for table in ctx.report.document.tables:
        found: dict[str, list[Figure]] = defaultdict(list)
        extras: dict[str, list[Figure]] = defaultdict(list)
        side_cols: dict[str, int] = {}
        totals: list[tuple[int, Figure]] = []
        for row in table.rows:
            for i, c in enumerate(row):
                label = re.sub(r"^[一二三四五六七八九十]+、|\s", "", c.text)
                if not label or re.fullmatch(r"[\d.,]+", label):
                    continue
                role = next((r for r, pat in words.items() if pat.fullmatch(label)), None)
                extra = "in" if extra_in.fullmatch(label) else "out" if extra_out.fullmatch(label) else None
                if role is None and extra is None and label != "总计":
                    continue
                got = _cell_amount(ctx, row, i)
                if got is None:
                    continue
                fig, blank = got
                if label == "总计":
                    if fig is not None:
                        totals.append((c.col, fig))
                elif role is not None:
                    if fig is not None:
                        found[role].append(fig)
                        side_cols.setdefault("in" if role in ("income", "opening") else
                                             "out" if role in ("expense", "closing") else role, c.col)
                elif fig is not None and fig.value != 0:
                    extras[extra].append(fig)
        for col, fig in totals:       # 总计 on the income side (its column) or the spending side
            if col == side_cols.get("in"):
                found["income_total"].append(fig)
            elif col == side_cols.get("out"):
                found["expense_total"].append(fig)
        if not found:
            continue
        for whole_role, plus, minus in IDENTITIES:
            needed = [whole_role] + plus + minus
            if any(len(found.get(r, [])) != 1 for r in needed):
                continue
            fig = {r: found[r][0] for r in needed}
            add = [fig[r] for r in plus]
            sub = [fig[r] for r in minus]
            if whole_role in ("closing", "income_total"):
                add += extras.get("in", [])
            if whole_role in ("closing",):
                sub += extras.get("out", [])
            if whole_role == "expense_total":
                add += extras.get("out", [])
            _report(ctx, whole_role, fig[whole_role], add, sub, "cell", table_section(ctx, table))


def table_section(ctx: Context, table) -> Optional[str]:
    return ctx.section_id_at(table.start)


def _report(ctx: Context, whole_role: str, whole: Figure, add: list[Figure], sub: list[Figure], basis: str,
            sec: Optional[str]) -> None:
    w = ctx.fig_interval(whole)
    s = total([ctx.fig_interval(f) for f in add] + [ctx.fig_interval(f).scale(-1) for f in sub])
    if s.meets(w):
        return
    name = lambda f: clean_label(f.label or "") or "?"   # noqa: E731
    expr = " + ".join(f"{name(f)} {f.text.strip()}" for f in add) + "".join(f" − {name(f)} {f.text.strip()}" for f in sub)
    delta = w.mid - s.mid
    ctx.add("sum.carryover", Evidence(figures=[whole] + add + sub, section=sec,
                                      ties=[Tie(ROLE_ZH[whole_role], basis)] + [Tie(name(f), basis) for f in add + sub]),
            expected=s.mid, actual=w.mid, expression=f"{expr} = {ROLE_ZH[whole_role]}", delta=delta,
            tolerance=s.radius + w.radius, computation=expr, sum=money_text(s, whole),
            total_label=ROLE_ZH[whole_role], total=whole.text.strip(),
            delta_text=money_text(Interval.exact(abs(delta)), whole))


def run(ctx: Context) -> None:
    p = ctx.rules.params["carryover"]
    if not re.search(p["present"], ctx.text):
        return                                  # no carry-over wording at all: nothing to read (fast path)
    check_statement(ctx, {role: re.compile(p["table_" + role]) for role in ROLE_ZH})
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

