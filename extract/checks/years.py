"""Rules about years: a sentence that states the report year's own amounts under another year (opening
years, 截至 dates, budget sentences), and amounts dated in another year than the report's."""
from __future__ import annotations

import re
from typing import Optional

from ..model import Figure
from .certainty import Tie
from .context import Context, Evidence


def _opening_prefix_ok(prefix: str, p: dict) -> bool:
    """What stands before the year in its sentence: nothing, a heading number, or a subject (本单位 / 怀远县水利局)."""
    prefix = re.sub(p["heading_number"], "", prefix.strip()).strip()
    prefix = re.sub(p["heading_title"], "", prefix).strip()    # 政府性基金支出决算情况2022年度… run on
    return not prefix or bool(re.fullmatch(p["subject"], prefix))


def _opening_years(ctx: Context) -> dict[int, tuple[int, Figure, re.Match]]:
    """Sentences that open with a year before the report's and state this year's own amount (2022年本年收入
    合计…, 2022年度年初预算…, 本单位2022年度总支出… in a 2023 report), under headings that name no other
    year: offset of the year → (year, the amount, the match).  Comparisons (上年/比/较/同期 before the amount),
    plans (预计/计划/拟), dates (2022年12月) and sections about another year (2022年预算执行情况) are not the
    report year's amounts; a report whose own year is not its usual one is not judged."""
    out: dict[int, tuple[int, Figure, re.Match]] = {}
    if not ctx.year:
        return out
    p = ctx.rules.params["year_opening"]
    text = ctx.text
    n_own = len(re.findall(rf"{ctx.year}\s*年", text))
    for m in re.finditer(r"((?:19|20)\d{2})\s*年(?:度)?", text):
        y = int(m.group(1))
        if y >= ctx.year or ctx.in_table(m.start()):
            continue
        if len(re.findall(rf"{y}\s*年", text)) > n_own or not n_own:
            continue     # the report's year is not the usual one: the report year itself is in doubt
        s, e = ctx.sentence_bounds(m.start(), "。；;！？\n：:")
        sec = ctx.section_at(m.start())
        if sec is not None and s < sec.body_start <= m.start():
            s = sec.body_start      # a heading run into its first sentence
        if not _opening_prefix_ok(text[s:m.start()], p):
            continue
        if re.match(p["not_amount_year"], text[m.end():e]):
            continue     # a date (2022年12月), a time span (2022年以来)
        figs = [f for f in ctx.figures_between(m.end(), e) if f.kind == "money"]
        if not figs:
            continue
        f = figs[0]
        if not re.search(p["own_amount"], text[m.start() + 4:f.start]):
            # no words name this year's amount: the report's own field stated here (共计239万元) still is one
            f = next((g for g in figs if g.start - m.end() <= p["max_gap"] and _home_of_field(ctx, g)), f)
        lead = text[m.end():f.start]
        if len(lead) > p["max_gap"] or not (re.search(p["own_amount"], text[m.start() + 4:f.start])
                                            or _home_of_field(ctx, f)) \
                or re.search(p["not_own"], lead) or re.search(r"(?:19|20)\d{2}\s*年", lead) \
                or f.qualifier or f.direction:
            continue
        heads = []
        if sec is not None and sec.start <= m.start() < sec.body_start:
            sec = next((x for x in ctx.report.sections if x.id == sec.parent), None) if sec.parent else None
        while sec is not None:    # the headings over the sentence (not a heading the sentence itself is)
            heads.append(sec.title or "")
            sec = next((x for x in ctx.report.sections if x.id == sec.parent), None) if sec.parent else None
        if any(re.search(rf"{y}\s*年|{p['other_year_heading']}", h) for h in heads):
            continue     # a section about another year (2022年预算执行情况 in a 2023 budget)
        out[m.start()] = (y, f, m)
    return out


def _home_of_field(ctx: Context, f: Figure) -> bool:
    """`f` is where the report states one of its own unit-wide amounts (the field's figure)."""
    name = ctx.field_of.get(f.id)
    fv = ctx.field(name) if name else None
    return bool(fv is not None and fv.figure == f.id and not fv.alternatives)


def check_opening_years(ctx: Context, opening: dict, reported: set[int]) -> None:
    """year.report_year_amount: each sentence of `_opening_years` not already reported as year.budget_sentence."""
    for pos, (y, f, m) in opening.items():
        if pos in reported:
            continue
        ctx.add("year.report_year_amount",
                Evidence(figures=[f], spans=[(m.start(), f.end)], section=ctx.section_id_at(m.start()),
                         ties=[Tie("年度", "heading"), Tie("本年金额", "words")]),
                expected=ctx.year, actual=y, year=ctx.year, snippet=ctx.text[m.start():f.end].strip())


def check_years(ctx: Context, opening: Optional[dict] = None) -> set[int]:
    """A budget sentence naming another year than the report's (2022年度基本支出… in a 2023 report).  A sentence
    of `opening` (certainly this year's amount) is left to year.report_year_amount unless it repeats one of the
    report's own amounts (year.budget_sentence).  Returns the offsets reported here."""
    reported: set[int] = set()
    opening = opening or {}
    if not ctx.year:
        return reported
    terms = ctx.rules.params["year_terms"]["terms"]
    text = ctx.text
    own = {}
    for name, fv in ctx.report.fields.items():
        if fv.figure and fv.unit == "元":
            own.setdefault(fv.value, name)
    # a budget term right after the year, or the report's own score (2024年度部门整体支出绩效自评综合得分)
    pattern = re.compile(rf"((?:19|20)\d{{2}})\s*年(?:度)?(?:全年|度)?(?:[^，。；\n]{{0,6}}?({terms})"
                         rf"|[^，。；\n]{{0,16}}?(?:自评|综合|最终)[^，。；\n]{{0,4}}?得分)")
    uses: dict[int, int] = {}
    for m in pattern.finditer(text):
        uses[int(m.group(1))] = uses.get(int(m.group(1)), 0) + 1
    own_year = len(re.findall(rf"{ctx.year}\s*年", text))     # in captions and dates too
    for m in pattern.finditer(text):
        y = int(m.group(1))
        if y == ctx.year or uses.get(y, 0) > max(uses.get(ctx.year, 0), own_year):
            continue  # the report's own year must be the usual one, else the report year itself is in doubt
        pre = text[max(0, m.start() - 4):m.start()]
        if re.search(r"[上较与比同去至〔\[（(]|截至|截止", pre):
            continue
        s, e = ctx.sentence_bounds(m.start(), "。；;\n")
        clause = text[m.start():e]
        if re.search(r"相比|同期|上年|计划|预计|将|拟|目标", clause[:40]):
            continue
        kind = "money" if m.group(2) else "score"
        figs = [f for f in ctx.figures_between(m.end(), e) if f.kind == kind]
        if not figs:
            continue
        f = figs[0]
        if kind == "score":
            if ctx.field_of.get(f.id) == "self_score" or ctx.field("self_score") and ctx.field("self_score").value == f.value:
                _own_amount_in_other_year(ctx, m, f, y, "自评得分")
            continue
        snippet = text[m.start():f.end].strip()
        sec = ctx.section_id_at(m.start())
        fname = own.get(f.base_value)
        elsewhere = [g for g in ctx.report.figures if g.kind == "money" and g.base_value == f.base_value
                     and not (s <= g.start < e) and ctx.field_of.get(g.id) and not g.qualifier and not g.direction]
        names = {"basic_expenditure": "基本支出", "total_expenditure": "支出合计", "project_expenditure": "项目支出",
                 "personnel_expenditure": "人员经费", "public_expenditure": "公用经费", "total_budget": "全年预算数",
                 "total_income": "收入合计", "three_public_total": "“三公”经费"}
        if fname and elsewhere and f.base_value != 0:   # a zero repeats by coincidence, not by copying
            _own_amount_in_other_year(ctx, m, f, y, names.get(fname, fname))
            reported.add(m.start())
        elif m.start() not in opening:
            ctx.add("year.other_year_amount", Evidence(figures=[f], spans=[(m.start(), m.end())], section=sec),
                    expected=ctx.year, actual=y, year=ctx.year, snippet=snippet)
    return reported


def _own_amount_in_other_year(ctx: Context, m: re.Match, f, year: int, name: str) -> None:
    """year.budget_sentence: the report's own amount (or score) `f`, written under `year` at match `m`."""
    ctx.add("year.budget_sentence", Evidence(figures=[f], spans=[(m.start(), m.end())],
                                             section=ctx.section_id_at(m.start())),
            expected=ctx.year, actual=year, year=ctx.year, snippet=ctx.text[m.start():f.end].strip(),
            report_year=ctx.year, name=name)


def check_cutoff_years(ctx: Context) -> None:
    """截至2024年12月31日，本局全年实际支出… in a 2025 report: this year's own amount dated before the year."""
    if not ctx.year:
        return
    terms = ctx.rules.params["year_terms"]["terms"]
    text = ctx.text
    pattern = re.compile(rf"截[至止]\s*((?:19|20)\d{{2}})\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?|底|末)?"
                         rf"[，,]?[^。；\n]{{0,12}}?({terms}|实际支出|支出)")
    for m in pattern.finditer(text):
        y = int(m.group(1))
        if y >= ctx.year:
            continue            # 截至2025年3月 in a 2024 report: a later date, as reports are written after the year
        _, e = ctx.sentence_bounds(m.start(), "。；;\n")
        figs = [f for f in ctx.figures_between(m.end(), e) if f.kind == "money"]
        if not figs or not ctx.field_of.get(figs[0].id) or re.search(r"累计|上年|同期", text[m.start():figs[0].start]):
            continue            # only the report's own field, not a cumulative or prior-year amount
        _own_amount_in_other_year(ctx, m, figs[0], y, figs[0].label or ctx.field_of.get(figs[0].id))


def _usual_year(ctx: Context, p: dict) -> bool:
    """Is the report's year the one the text itself speaks in (not only one it compares with)?  A fragment whose
    every 2022 is 较2022年度… may be a 2023 report whose year was read from its comparisons."""
    text = ctx.text
    own = [m for m in re.finditer(rf"{ctx.year}\s*年", text)]
    compared = [m for m in own if re.search(f"(?:{p['compare']})\\s*$", text[max(0, m.start() - 4):m.start()])]
    return len(own) - len(compared) >= 2 and len(own) - len(compared) > len(compared)


def check_self_comparison(ctx: Context, reported: frozenset = frozenset()) -> None:
    """year.self_comparison: a year's amount compared with the same year (2026年，…收入预算9628.22万元，比2026年预算增加
    793.14万元 / 本单位2022年度总支出…，较2022年度决算数增加…): the comparison is with the year before.  The year
    compared with is the one the sentence states (certain); without one, the report's own year (likely), when the
    text speaks in that year rather than only comparing with it."""
    if not ctx.year:
        return
    p = ctx.rules.params["year_self_comparison"]
    text = ctx.text
    usual = None
    for m in re.finditer(rf"(?:{p['compare']})\s*((?:19|20)\d{{2}})\s*年(?:度)?", text):
        if ctx.in_table(m.start()) or re.match(p["not_after"], text[m.end():m.end() + 8]):
            continue
        y = int(m.group(1))
        s, _ = ctx.sentence_bounds(m.start(), "。！？!?；;")
        stated = [int(x) for x in re.findall(r"((?:19|20)\d{2})\s*年", text[s:m.start()])]
        if any(s <= pos < m.start() for pos in reported):
            continue
        if stated:
            if stated[-1] != y:
                continue
            tie = Tie("本年", "same_clause")
        else:
            if y != ctx.year:
                continue
            usual = _usual_year(ctx, p) if usual is None else usual
            if not usual:
                continue
            tie = Tie("本年", "carried")
        _, e = ctx.sentence_bounds(m.end(), "。！？!?；;，,")
        ctx.add("year.self_comparison", Evidence(spans=[(m.start(), m.end())], section=ctx.section_id_at(m.start()),
                                                 ties=[tie, Tie("比较年度", "same_clause")]),
                expected=y - 1, actual=y, year=y, snippet=text[max(s, m.start() - 40):e].strip())


def check_heading_years(ctx: Context) -> None:
    """year.heading: a heading naming the document itself under another year (第三部分 …2023年度部门决算情况说明 in a
    2024 决算 whose other titles say 2024), and the year-end date of a 国有资产占有使用情况 section that is not the
    document's (a 决算 states its assets at the end of its year, a 预算 at the end of the year before)."""
    if not ctx.year:
        return
    p = ctx.rules.params["year_headings"]
    text = ctx.text
    doc_type = ctx.report.meta.doc_type or ""
    for sec in ctx.report.sections:
        title = sec.title or ""
        m = re.search(p["own_document"], title)
        if m and int(m.group("year")) != ctx.year and len(re.findall(rf"{ctx.year}\s*年", text)) > max(
                len(re.findall(rf"{y}\s*年", text)) for y in (ctx.year - 1, ctx.year + 1)):
            ctx.add("year.heading", Evidence(spans=[(sec.start, sec.body_start)], section=sec.id,
                                             ties=[Tie("标题年度", "heading")]),
                    expected=ctx.year, actual=m.group("year"), year=ctx.year, want=ctx.year,
                    snippet=f"{sec.number or ''}{title}".strip())
        if not re.search(p["assets_section"], title):
            continue
        want = ctx.year if re.search(p["final_account"], doc_type) else \
            ctx.year - 1 if re.search(p["budget"], doc_type) else None
        if want is None:
            continue
        for d in re.finditer(p["year_end"], text[sec.body_start:sec.end]):
            if int(d.group("year")) != want:
                a = sec.body_start + d.start()
                ctx.add("year.heading", Evidence(spans=[(a, sec.body_start + d.end())], section=sec.id,
                                                 ties=[Tie("标题年度", "heading")]),
                        expected=want, actual=d.group("year"), year=ctx.year, want=want, snippet=d.group(0).strip())
            break


def run(ctx: Context) -> None:
    check_heading_years(ctx)
    opening = _opening_years(ctx)
    reported = check_years(ctx, opening)
    check_opening_years(ctx, opening, reported)
    check_self_comparison(ctx, frozenset(opening) | frozenset(reported))
    check_cutoff_years(ctx)
