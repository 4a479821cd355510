"""Report metadata: title, department, region, year, kind, project, report date.

The year comes from `YYYY年度` in the title (never the first year seen in the text); the department
from the title, else from the cover's 名称 line (which is often left blank for the seal), else from
the signature block at the end.
"""
from __future__ import annotations

import re
from typing import Optional

from .model import Document, Meta, Section
from .rules import load

TITLE_HINT = re.compile(r"(绩效自评|自评报告|绩效评价报告|绩效报告|自评情况)")
REPORT_TAIL = re.compile(r"(?:(?:部门|单位)?整体支出|支出)?绩效(?:自评|评价)?(?:情况)?(?:报告|自评表)$")
KIND_WORDS = re.compile(r"(部门整体支出|整体支出|部门整体)")
REGION = re.compile(r"(?:.{1,7}?(?:特别行政区|自治区|自治州|自治县|自治旗|省|市|州|盟|县|区|旗))")
DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
CN_DATE_DIGITS = str.maketrans("〇零○Ｏ一二三四五六七八九", "0000123456789")


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def find_title(doc: Document) -> Optional[str]:
    """The report title: the first display-size paragraph naming the report, else the first such line."""
    first = doc.paragraphs[:40]
    for want_display in (True, False):
        for p in first:
            t = _squash(doc.text[p.start:p.end])
            if (p.display or not want_display) and p.kind in ("text", "cover") and TITLE_HINT.search(t) \
                    and len(t) <= 80 and not t.startswith(("根据", "按照", "为")):
                return t.rstrip("。")
    return None


def _org_pattern() -> re.Pattern:
    endings = sorted(load("metadata")["org_endings"], key=len, reverse=True)
    # 中共某某县委宣传部: a party committee's department ends at the department, not at 委
    return re.compile(r"^(.{2,}?(?:委.{1,4}?(?:部|办公室|办)|" + "|".join(map(re.escape, endings)) + r"))(?=.{2,}项目)")


def split_department(s: str, known: Optional[str] = None) -> tuple[Optional[str], str]:
    """`桐庐县文化和广电旅游体育局农村文化礼堂提质项目` → (department, project): the department named
    elsewhere in the report when the title starts with it, else up to the first organisation ending."""
    if known and s.startswith(known) and len(s) > len(known) + 2:
        return known, s[len(known):]
    m = _org_pattern().match(s)
    return (m.group(1), s[m.end():]) if m else (None, s)


def split_title(title: str, known_department: Optional[str] = None) -> dict:
    """Year, department, kind and project named by a title such as
    `常德市档案馆2025年度馆藏档案数字化项目支出绩效自评报告`, `2025年度岳阳市计划生育协会整体支出绩效自评报告`
    or `桐庐县文化和广电旅游体育局农村文化礼堂提质项目2025年度绩效自评报告`."""
    out: dict = {}
    m = re.search(r"(\d{4})\s*年度?", title)
    if not m:
        return out
    out["year"] = int(m.group(1))
    before, after = title[:m.start()], title[m.end():]
    rest = REPORT_TAIL.sub("", after)
    before = re.sub(r"(关于|对|的)$", "", before)
    if before and not rest and re.search(r"项目(?:资金)?$", before):   # unit + project + year + 绩效自评报告
        dept, subject = split_department(before, known_department)
        if dept:
            out["department"] = dept
    elif before:
        out["department"] = before
        subject = rest
    elif KIND_WORDS.search(rest):
        dept = KIND_WORDS.split(rest)[0]
        out["department"] = re.sub(r"(项目支出|支出)$", "", dept)
        subject = rest[len(dept):]
    elif re.search(r"项目(?:资金)?$", rest):   # `2025年度[某某局]农村人居环境整治项目绩效自评报告`
        dept, subject = split_department(rest, known_department)
        if dept:
            out["department"] = dept
    else:
        out["department"] = re.sub(r"(项目支出|支出)$", "", rest)
        subject = ""
    if KIND_WORDS.search(after) or not re.search(r"项目", subject):
        out["kind"] = "部门整体支出"
    else:
        out["kind"] = "项目支出"
        out["project"] = re.sub(r"(支出|资金)$", "", subject) or None
    return out


_DIVISION_RANK = [("特别行政区", 0), ("自治区", 0), ("省", 0), ("自治州", 1), ("市", 1), ("州", 1), ("盟", 1),
                  ("自治县", 2), ("自治旗", 2), ("县", 2), ("区", 2), ("旗", 2)]


def _rank(division: str) -> int:
    return next(r for suffix, r in _DIVISION_RANK if division.endswith(suffix))


def region_of(department: Optional[str]) -> Optional[str]:
    """The administrative divisions a department name starts with: 岳阳市, 湖南省岳阳市, 景东彝族自治县."""
    if not department:
        return None
    region, pos, rank = "", 0, -1
    while (m := REGION.match(department, pos)) and len(m.group(0)) >= 2:
        r = _rank(m.group(0))
        if r <= rank:            # 马鞍山市|城市管理局: a division never sits inside one of its own rank
            break
        region, pos, rank = region + m.group(0), m.end(), r
    return region or None


def _date(text: str) -> Optional[str]:
    t = _squash(text).translate(CN_DATE_DIGITS)
    t = re.sub(r"(?<=\d)十(?=\d)", "", t)                                   # 二十二 → 2 2
    t = re.sub(r"(?<!\d)十(?=\d)", "1", t)
    t = re.sub(r"(?<=\d)十(?!\d)", "0", t)
    t = re.sub(r"(?<![\d])十(?![\d])", "10", t)
    m = DATE.search(t)
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
        if len(t) <= 20 and (d := _date(t)):
            return d
    for p in paras[:12]:
        t = _squash(doc.text[p.start:p.end])
        if len(t) <= 30 and re.match(r"^(报告日期|日期|时间)?[：:]?[\d〇零○一二三四五六七八九十]{4}年", t) and (d := _date(t)):
            return d
    return None


def _named_department(doc: Document) -> Optional[str]:
    """A department written on the cover (名称：X) or above the closing date."""
    for p in doc.paragraphs[:15]:
        m = re.search(r"(?:(?:部门|单位|部门（单位）|项目单位)名称|项目实施单位|实施单位|项目单位)[：:]\s*([^\s：:]+)",
                      doc.text[p.start:p.end])
        if m:
            name = re.sub(r"[（(]\s*盖章\s*[)）]", "", _squash(m.group(1)))
            if len(name) >= 3:
                return name
    paras = [p for p in doc.paragraphs if p.kind == "text"]
    for i in range(len(paras) - 1, max(len(paras) - 4, 0), -1):
        if _date(doc.text[paras[i].start:paras[i].end]):
            name = _squash(doc.text[paras[i - 1].start:paras[i - 1].end])
            if 3 <= len(name) <= 30 and not re.search(r"[，。；：]", name):
                return name
    return None


def extract_meta(doc: Document, sections: list[Section]) -> Meta:
    meta = Meta(pages=doc.pages)
    meta.title = find_title(doc)
    named = _named_department(doc)
    parts = split_title(meta.title, named) if meta.title else {}
    meta.year = parts.get("year")
    meta.department = parts.get("department") or named
    if named and meta.department and region_of(meta.department) == meta.department and named.startswith(meta.department):
        meta.department = named      # 安仁县2024年度…项目: the title names the county; the cover names the unit
    meta.kind = parts.get("kind") or ("项目支出" if any(s.canonical == "project_expenditure" for s in sections[:3])
                                      else "部门整体支出")
    meta.project = parts.get("project")
    meta.region = region_of(meta.department)
    meta.report_date = find_report_date(doc)
    return meta
