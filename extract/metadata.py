"""Document metadata: title, department, region, year, document type, kind, project, report date.

The title (see `titles.py`) names most of it.  The department comes from the title when it names an
organisation, else from a labelled line (预算单位：X, a form's 部门（单位）名称 | X cell), else from the
signature above the closing date.  The year comes from the title, a `（2024年度）` line under it, or the
first pages' text.  The region is the run of administrative divisions (GB/T 2260) the department's name
starts with.  `kind` (部门整体支出 / 项目支出) is given to self-evaluations only.
"""
from __future__ import annotations

import functools
import re
from typing import Optional

from .divisions import region_prefix
from .model import Document, Meta
from .rules import load
from .titles import (doc_type_of_body, doc_type_of_title, evaluation_types, find_title, is_furniture, is_org,
                     project_form, split_title, title_region)


@functools.lru_cache(maxsize=1)
def _dates() -> dict:
    """The date and year wording of schemas/metadata.toml `[date]`, compiled."""
    d = load("metadata")["date"]
    return {"date": re.compile(d["date"]), "digits": str.maketrans(d["cn_digits"], "0000123456789"),
            "date_line": re.compile(d["date_line"]), "body_year": re.compile(d["body_year"]),
            "seal": re.compile(d["seal"])}


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def _date(text: str) -> Optional[str]:
    t = _squash(text).translate(_dates()["digits"])
    t = re.sub(r"(?<=\d)十(?=\d)", "", t)                                   # 二十二 → 2 2
    t = re.sub(r"(?<!\d)十(?=\d)", "1", t)
    t = re.sub(r"(?<=\d)十(?!\d)", "0", t)
    t = re.sub(r"(?<![\d])十(?![\d])", "10", t)
    m = _dates()["date"].search(t)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_report_date(doc: Document) -> Optional[str]:
    """The date under the signature at the end, else a 报告日期 on the cover."""
    paras = [p for p in doc.paragraphs if p.kind == "text"]
    for p in reversed(paras[-6:]):
        t = _squash(doc.text[p.start:p.end])
        if len(t) <= 20 and not is_furniture(t) and (d := _date(t)):
            return d
    for p in paras[:12]:
        t = _squash(doc.text[p.start:p.end])
        if len(t) <= 30 and _dates()["date_line"].match(t) and (d := _date(t)):
            return d
    return None


def _label_alternatives() -> str:
    labels = sorted(load("metadata")["department_labels"], key=len, reverse=True)
    alts = "|".join(re.escape(x).replace("（", "[（(]").replace("）", "[）)]") for x in labels)
    seal = load("metadata")["date"]["seal"]
    return rf"({alts})\s*(?:{seal})?"          # 评价单位（公章）


@functools.lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    # a label, then ：/:, a table cell separator or the blank between a flattened form's cells, then the
    # name (up to the next cell or blank)
    return re.compile(rf"(?:^|[|\s]){_label_alternatives()}(?:\s*[：:]|\s*\||\s+)\s*([^|\s：:]+)")


@functools.lru_cache(maxsize=1)
def _label_line() -> re.Pattern:
    """A line that is a label only (a form's cells one a line): the name is on the next line."""
    return re.compile(rf"\s*{_label_alternatives()}\s*[：:]?\s*")


def _clean_name(name: str) -> str:
    name = _dates()["seal"].sub("", _squash(name))
    name = re.sub(r"^\d+[-－—]", "", name)                 # 219001-池州市贵池区棠溪镇人民政府: a budget code first
    for q in load("metadata")["department_qualifiers"]:
        name = name.replace(q, "")
    return name


def _labelled_department(doc: Document) -> Optional[str]:
    """A unit named by a label on the cover or in a form (预算单位：X, 部门（单位）名称 | X)."""
    labels = load("metadata")["department_labels"]
    found: list[tuple[int, str]] = []
    paras = doc.paragraphs[:40]
    for k, p in enumerate(paras):
        text = doc.text[p.start:p.end]
        if k + 1 < len(paras) and _label_line().fullmatch(text):
            # a form's cells one a line (a flattened table split back): the label, then the name
            text = text.strip() + "|" + doc.text[paras[k + 1].start:paras[k + 1].end].strip()
        for m in _label_pattern().finditer(text):
            name = _clean_name(m.group(2))
            if len(name) >= 3 and is_org(name):
                label = re.sub(r"[（(]", "（", re.sub(r"[）)]", "）", m.group(1)))
                rank = labels.index(label) if label in labels else len(labels)
                found.append((rank, name))
    return min(found)[1] if found else None


def _labelled_project(doc: Document) -> Optional[str]:
    """The project a form names (项目名称：X, or 项目名称 on a line and X on the next)."""
    labels = "|".join(map(re.escape, load("metadata")["project_labels"]))
    paras = doc.paragraphs[:40]
    for k, p in enumerate(paras):
        text = doc.text[p.start:p.end].strip()
        m = re.fullmatch(rf"(?:{labels})\s*(?:[：:|]\s*(.+))?", text)
        if not m:
            continue
        name = m.group(1) or (doc.text[paras[k + 1].start:paras[k + 1].end].strip() if k + 1 < len(paras) else "")
        name = _squash(name.split("|")[0])
        if 2 <= len(name) <= 40 and not re.search(r"[，。；：:,;]", name):
            return name
    return None


def _signed_department(doc: Document) -> Optional[str]:
    """The unit named above the closing date."""
    paras = [p for p in doc.paragraphs if p.kind == "text"]
    for i in range(len(paras) - 1, max(len(paras) - 4, 0), -1):
        if _date(doc.text[paras[i].start:paras[i].end]):
            name = _squash(doc.text[paras[i - 1].start:paras[i - 1].end])
            if 3 <= len(name) <= 30 and not re.search(r"[，。；：]", name) and is_org(name):
                return name
    return None


def _body_year(doc: Document) -> Optional[int]:
    """The year the first pages speak of most (not one they compare with: 较2022年…), when no title
    names it; a tie goes to the later year (a report looks back at the year before its own)."""
    from collections import Counter
    years: Counter = Counter()
    for p in doc.paragraphs[:40]:
        t = doc.text[p.start:p.end]
        if is_furniture(t):
            continue
        years.update(int(m.group(1)) for m in _dates()["body_year"].finditer(t))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def _opens_with_project(doc: Document) -> bool:
    """A report whose first headings are about a project (一、项目基本情况) is a project's evaluation."""
    from .outline import canonical_of, match_heading
    seen = 0
    for p in doc.paragraphs[:40]:
        if p.kind != "text":
            continue
        hm = match_heading(doc.text[p.start:p.end])
        if hm is None:
            continue
        if canonical_of(hm.title) == "project_expenditure":
            return True
        seen += 1
        if seen >= 3:
            break
    return False


def extract_meta(doc: Document) -> Meta:
    meta = Meta(pages=doc.pages)
    meta.title = find_title(doc)
    named = _labelled_department(doc)
    parts = split_title(meta.title, named) if meta.title else {}
    meta.year = parts.get("year") or _body_year(doc)
    meta.department = parts.get("department") or named or _signed_department(doc)
    if named and meta.department and region_prefix(meta.department) == meta.department and named.startswith(meta.department):
        meta.department = named      # 安仁县2024年度…项目: the title names the county; the cover names the unit
    if meta.department:
        meta.department = _clean_name(meta.department)
    meta.doc_type = doc_type_of_title(meta.title) or doc_type_of_body(doc.text[:6000])
    if meta.doc_type in evaluation_types():
        meta.kind = parts.get("kind") or ("项目支出" if _opens_with_project(doc) else "部门整体支出")
        meta.project = parts.get("project")
        labelled = _labelled_project(doc)
        if not meta.project and labelled and project_form(meta.title, meta.doc_type):
            meta.kind, meta.project = "项目支出", labelled      # 项目支出绩效自评表 … 项目名称 | 委托业务项目
    meta.region = region_prefix(meta.department) or title_region(meta.title)
    meta.report_date = find_report_date(doc)
    return meta


__all__ = ["extract_meta", "find_report_date", "split_title"]
