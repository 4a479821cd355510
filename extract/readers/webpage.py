"""Site furniture of government web pages, by its wording: the breadcrumb, the 发布时间/来源/浏览次数 bar
(whose date is kept as the publication date), page tools (打印本页, 关闭窗口, share buttons) and the footer
(ICP and 公安 filing numbers, sponsor, site code).  Shared by the saved-page reader (`html.py`, for
blocks near the article) and the web-text reader (`text.py`, for the lines above and below the report).

The wordings are data: `schemas/web_furniture.toml`.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Optional

from ..rules import load

DATE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
_BULLET = r"[\s\-•·*●◆■□▪]*"
# where an organisation's name ends, when a 来源 value runs into the text after it (文章来源:财政局为深入贯彻…)
_ORG_END = re.compile(r"^.{1,18}?(?:委员会|办公室|人民政府|政府|中心|委|办|局|院|所|站|部|厅|处|科|馆|会|社|网|报|室|队)")


@dataclass
class Stripped:
    text: str                         # what is left of the line ("" when it was all furniture)
    published: Optional[str] = None   # YYYY-MM-DD from a 发布时间/发布日期 label
    furniture: bool = False           # some furniture was found and removed


@functools.lru_cache(maxsize=1)
def _rules() -> dict:
    data = load("web_furniture")
    alt = lambda words: "|".join(map(re.escape, sorted(words, key=len, reverse=True)))  # noqa: E731
    bc = data["breadcrumb"]
    seps = alt(bc["separators"])
    info = data["info_bar"]
    return {
        "breadcrumb": re.compile(rf"^{_BULLET}(?:{alt(bc['labels'])})\s*[:：]\s*|^{_BULLET}(?=(?:{alt(bc['roots'])})\s*(?:{seps}))"),
        "path": re.compile(rf"^\s*[^\s]+?(?:\s*(?:{seps})\s*[^\s]+?)*(?=\s|$)"),
        "root": re.compile(rf"^{_BULLET}(?:{alt(bc['roots'])})"),
        "path_seps": re.compile(rf"(?:{seps})"),
        "roots": re.compile(rf"^(?:{alt(bc['roots'])})"),
        "date_label": re.compile(rf"(?:^|(?<=[\s【\[（(|｜•·\-]))(?:{alt(info['dates'])})\s*[:：]\s*"),
        "value_label": re.compile(rf"(?:^|(?<=[\s【\[（(|｜•·\-\]】]))(?:{alt(info['values'])})\s*[:：]"),
        "bracketed": re.compile(rf"[\[【]\s*((?:{alt(info['dates'] + info['values'])}))\s*[\]】]\s*[:：]?\s*"),
        "font": re.compile(rf"[【\[]?\s*(?:{alt(info['font_labels'])})\s*[:：]?\s*(?:[【\[]?\s*(?:大|中|小|默认|[+-]|\s)*[】\]]?)"),
        "tools": frozenset(data["tools"]["words"]),
        "tool_split": re.compile(r"[\s【】\[\]|｜/•·:：]+"),
        "footer": re.compile("|".join(map(re.escape, data["footer"]["marks"]))),
        "link_lists": frozenset(data["footer"]["link_lists"]),
    }


def published_date(text: str) -> Optional[str]:
    m = DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    return f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else None


def is_breadcrumb(line: str) -> bool:
    return bool(_rules()["breadcrumb"].match(line))


def starts_at_root(line: str) -> bool:
    """A breadcrumb path's first step (首页…), e.g. on the line under a bare 当前位置：."""
    return bool(_rules()["root"].match(line))


def strip_breadcrumb(line: str) -> str:
    """What follows the breadcrumb's path on its line ("" for a line that is only the breadcrumb)."""
    r = _rules()
    m = r["breadcrumb"].match(line)
    if not m:
        return line
    rest = line[m.end():].lstrip()
    if not rest:
        return ""
    if r["path_seps"].search(rest):           # 首页 > 政务公开 > 标题: the path runs to the last separator's segment
        p = r["path"].match(rest)
        return rest[p.end():].strip() if p else ""
    return rest.split(None, 1)[1].strip() if len(rest.split(None, 1)) > 1 else ""   # 首页政务公开…公开 (no separators)


def is_tool_line(line: str) -> bool:
    """A line made only of page tools (打印本页 关闭窗口, 分享到：微信 微博, 【大 中 小】)."""
    r = _rules()
    sized = bool(r["font"].search(line))
    line = r["font"].sub(" ", line)
    words = [w for w in r["tool_split"].split(line) if w]
    # a lone 中 or 大 (a table cell) is not a tool line: it takes a real tool word or the 字号 switch
    return all(w in r["tools"] for w in words) and (sized or any(len(w) >= 2 for w in words))


def is_footer_line(line: str) -> bool:
    r = _rules()
    return bool(r["footer"].search(line)) or line.strip() in r["link_lists"]


def strip_info_bar(line: str) -> Stripped:
    """Take the 发布时间/来源/浏览次数/字号 items out of a line; keep what is not furniture."""
    r = _rules()
    published = None
    found = False
    out = r["bracketed"].sub(lambda m: f" {m.group(1)}：", line)      # [ 发布日期 ] 2026-03-02
    # dates first: 发布时间：2024-05-10 09:30 (a bare 日期/时间 only with a web-style date: a report's
    # cover writes 日期：2024年4月12日)
    pos = 0
    while (m := r["date_label"].search(out, pos)):
        d = DATE.match(out, m.end())
        bare = re.match(r"(?:日期|时间)\s*[:：]", out[m.start():m.end()])
        if bare and not (d and re.match(r"\d{4}[-/.]\d", d.group(0))):
            pos = m.end()
            continue
        if d:
            published = published or published_date(d.group(0))
        end = d.end() if d else m.end()
        if not d and (digits := re.match(r"\s*\d{6,8}\b", out[end:])):      # 公开日期:2024926
            end += digits.end()
        out = out[:m.start()] + " " + out[end:]
        pos = m.start() + 1
        found = True
    while (m := r["value_label"].search(out)):
        end = _value_end(out, m.end())
        out = out[:m.start()] + " " + out[end:]
        found = True
    if r["font"].search(out):
        out = r["font"].sub(" ", out)
        found = True
    out = re.sub(r"\s{2,}", " ", out).strip(_JUNK)
    if found and (is_tool_line(out) or DATE.fullmatch(out)):     # 来源:财务科 2019-07-09 16:55: a bare date
        published = published or published_date(out)
        out = ""
    return Stripped(out, published, found)


_JUNK = " 　|｜•·【】[]-—*●◆■□▪"


def _value_end(s: str, i: int) -> int:
    """End of a label's value: a short name or number, up to a space, a bracket or the next label; a
    name run into the text after it ends with its organisation word (财政局为深入贯彻… → 财政局)."""
    j = i
    while j < len(s) and s[j] in " 　":
        j += 1
    m = re.match(r"[^\s【】\[\]|｜•·]*", s[j:])
    value = m.group(0) if m else ""
    nxt = _rules()["value_label"].search(value)
    if nxt and nxt.start() > 0:
        value = value[:nxt.start()]
    if len(value) > 12 or re.search(r"[，。；《]", value):
        org = _ORG_END.match(value)
        value = org.group(0) if org else ("" if re.search(r"[\u4e00-\u9fff]", value) else value)
    return j + len(value)


def strip_furniture(line: str) -> Stripped:
    """One line near the top or bottom of a page, with breadcrumb, info bar, tools and footer removed."""
    s = line.strip()
    if not s:
        return Stripped("")
    if is_footer_line(s):
        return Stripped("", furniture=True)
    bc = is_breadcrumb(s)
    if bc:
        s = strip_breadcrumb(s)
    info = strip_info_bar(s)
    s = info.text
    if s and is_tool_line(s):
        return Stripped("", info.published, True)
    return Stripped(s, info.published, bc or info.furniture)
