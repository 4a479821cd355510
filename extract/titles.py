"""A document's title and what it names: year, department, document type, kind (部门整体/项目), project.

The title is the cover's (or the web article's) title line — not a heading, a form caption, a file name
or site furniture: the first line near the top that reads like a title (a document-type word such as
决算/预算/自评报告 with a year or an organisation), joined with the line before it when the title was
broken after the unit's name (重庆市铜梁区围龙镇人民政府 / 2025年部门预算情况说明) and with a year line
after it (部门整体绩效自评表 / （2024年度）).  The wording lives in `schemas/metadata.toml`.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

import regex

from .model import Document
from .outline import match_heading
from .rules import load

def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    data = load("metadata")
    return {
        "furniture": [re.compile(p) for p in data["furniture"]],
        "title_words": re.compile(data["title_words"]),
        "doc_types": [(d["name"], [regex.compile(p) for p in d["title"]], [re.compile(p) for p in d["body"]],
                       bool(d.get("evaluation"))) for d in data["doc_type"]],
        "min_body": data["min_body"],
        "org": _org_end(data["org_endings"]),
        "title": {k: re.compile(v) for k, v in data["title"].items()},
    }


def _t(name: str) -> re.Pattern:
    """A title wording rule of schemas/metadata.toml `[title]` (year, report_tail, kind …)."""
    return _rules()["title"][name]


def _org_end(endings: list[str]) -> re.Pattern:
    """A name that ends like an organisation (…局, …中心, 深圳市司法局（本级）)."""
    alts = "|".join(map(re.escape, sorted(endings, key=len, reverse=True)))
    return re.compile(rf"(?:{alts})(?:[（(][\u4e00-\u9fff]{{1,4}}[）)])?$")


def is_furniture(line: str) -> bool:
    t = line.strip()
    return any(p.match(t) for p in _rules()["furniture"]) or bool(re.search(r"\.(pdf|docx?|xlsx?|wps)$", t, re.I))


def is_org(name: str) -> bool:
    return bool(name) and bool(_rules()["org"].search(name))


def evaluation_types() -> set[str]:
    return {name for name, _, _, ev in _rules()["doc_types"] if ev}


def doc_type_of_title(title: Optional[str]) -> Optional[str]:
    if not title:
        return None
    t = _squash(title)
    for name, pats, _, _ in _rules()["doc_types"]:
        if any(p.search(t) for p in pats):
            return name
    return None


def doc_type_of_body(text: str) -> Optional[str]:
    """For a document without a title (a fragment): the type whose words occur most, if often enough."""
    best, count = None, 0
    for name, _, pats, _ in _rules()["doc_types"]:
        n = sum(len(p.findall(text)) for p in pats)
        if n > count:
            best, count = name, n
    return best if count >= _rules()["min_body"] else None


def project_form(title: Optional[str], doc_type: Optional[str]) -> bool:
    """A 自评表, or a title about a project that does not say 部门整体 (项目支出绩效自评表): its 项目名称
    names the project."""
    t = _squash(title or "")
    return not _t("kind").search(t) and (doc_type == "绩效自评表" or bool(_t("project").search(t)))


def _title_like(t: str) -> bool:
    """Short, not a sentence, not a heading, with a title word and a year, an organisation or a type."""
    if not t or len(t) > 90 or _t("sentence").search(t) or is_furniture(t) or match_heading(t) is not None:
        return False
    if not _rules()["title_words"].search(t):
        return False
    return bool(_t("year").search(t) or doc_type_of_title(t) or _t("org_hint").search(t))


def _head_line(t: str) -> bool:
    """A line that may open a broken title: a unit's name or a year and a subject, nothing more."""
    return 2 <= len(t) <= 40 and not _t("sentence").search(t) and not is_furniture(t) and match_heading(t) is None \
        and not re.search(r"[：:，,]", t)


def find_title(doc: Document) -> Optional[str]:
    """The title near the top of the document (cover / first page, or the article's first lines)."""
    paras = [p for p in doc.paragraphs[:60] if p.page <= 2 and p.kind in ("text", "cover", "toc")]
    lines = [_squash(doc.text[p.start:p.end]) for p in paras]
    shown = [p.display for p in paras]
    order = sorted(range(len(lines)), key=lambda i: (not shown[i], i)) if any(shown) else range(len(lines))
    for i in order:
        t = lines[i]
        if paras[i].kind == "toc" or not _title_like(t):
            continue
        title = t
        if i > 0 and _head_line(lines[i - 1]) and paras[i - 1].kind != "toc" and not _title_like(lines[i - 1]) \
                and (_t("year").match(t) or doc_type_of_title(t) and not is_org(_subject(t))) \
                and (is_org(lines[i - 1]) or _t("year").search(lines[i - 1])):
            title = lines[i - 1] + t        # 重庆市铜梁区围龙镇人民政府 / 2025年部门预算情况说明
        if i + 1 < len(lines) and _t("year_line").match(lines[i + 1]) and not _t("year").search(title):
            title += lines[i + 1]           # 部门整体绩效自评表 / （2024年度）
        return _t("contents").sub("", title.rstrip("。"))
    for i in order:                          # a cover with the year and the unit only (2023年度…街道办事处)
        t = lines[i]
        if paras[i].kind != "toc" and _head_line(t) and _t("year").match(t) and is_org(t):
            return t
    return None


def _subject(title: str) -> str:
    """What a title names before its year (常德市档案馆2025年度… → 常德市档案馆)."""
    m = _t("year").search(title)
    return title[:m.start()] if m else ""


def title_region(title: Optional[str]) -> Optional[str]:
    """The region a title names before its year when it names no unit (重庆市永川区2024年决算报告)."""
    subject = _subject(_squash(title or ""))
    return subject if subject and _only_region(subject) else None


def split_title(title: str, known_department: Optional[str] = None) -> dict:
    """Year, department, kind and project named by a title such as
    `常德市档案馆2025年度馆藏档案数字化项目支出绩效自评报告`, `2026年深圳市司法局（本级）部门预算`
    or `桐庐县文化和广电旅游体育局农村文化礼堂提质项目2025年度绩效自评报告`."""
    out: dict = {}
    t = _squash(title)
    m = _t("year").search(t)
    if not m:
        return out
    out["year"] = int(m.group(1))
    before, after = t[:m.start()], t[m.end():]
    after = _t("year_suffix").sub("", after)
    before = _t("before_year").sub("", before)
    doc_type = doc_type_of_title(t)
    evaluation = doc_type in evaluation_types() or doc_type is None and _t("report_tail").search(after)
    if not evaluation:
        rest = _t("genre_tail").sub("", after)
        for name in (before, rest):
            if name and is_org(name) and not _only_region(name):
                out["department"] = name
                break
        return out
    rest = _t("report_tail").sub("", after)
    subject = ""
    if before and not rest and _t("project_end").search(before):   # unit + project + year + 绩效自评报告
        dept, subject = split_department(before, known_department)
        if dept:
            out["department"] = dept
    elif before:
        if is_org(before) and not _only_region(before):
            out["department"] = before
        subject = rest
    elif _t("kind").search(rest):
        dept = _t("kind").split(rest)[0]
        out["department"] = _t("spending_tail").sub("", dept)
        subject = rest[len(dept):]
    elif _t("project_end").search(rest):   # `2025年度[某某局]农村人居环境整治项目绩效自评报告`
        dept, subject = split_department(rest, known_department)
        if dept:
            out["department"] = dept
    else:
        out["department"] = _t("spending_tail").sub("", rest)
    if not out.get("department"):
        out.pop("department", None)
    if _t("kind").search(after) or not _t("project").search(subject):
        out["kind"] = "部门整体支出"
    else:
        out["kind"] = "项目支出"
        out["project"] = _t("project_tail").sub("", subject) or None
    return out


def _only_region(name: str) -> bool:
    from .divisions import region_prefix
    return region_prefix(name) == name


@functools.lru_cache(maxsize=1)
def _org_pattern() -> re.Pattern:
    data = load("metadata")
    endings = sorted(data["org_endings"], key=len, reverse=True)
    party = data["title"]["party_department"]          # 中共某某县委宣传部 ends at 部, not at 委
    return re.compile(r"^(.{2,}?(?:" + party + "|" + "|".join(map(re.escape, endings)) + r"))(?=.{2,}项目)")


def split_department(s: str, known: Optional[str] = None) -> tuple[Optional[str], str]:
    """`桐庐县文化和广电旅游体育局农村文化礼堂提质项目` → (department, project): the department named
    elsewhere in the report when the title starts with it, else up to the first organisation ending."""
    if known and s.startswith(known) and len(s) > len(known) + 2:
        return known, s[len(known):]
    m = _org_pattern().match(s)
    return (m.group(1), s[m.end():]) if m else (None, s)
