"""Web-copied text before layout: a page flattened onto one line split back into its lines, the site's
furniture above and below the report removed (the publication date kept), and a title or heading the
page set on two lines joined.  Works on plain strings, one per line; `text.py` lays them out."""
from __future__ import annotations

import functools
import re
from typing import Optional

from .chars import HEADING_START
from .webpage import (is_breadcrumb, is_footer_line, is_tool_line, published_date, starts_at_root, strip_breadcrumb,
                      strip_furniture)

# a heading mark where a flattened page had a line break before it
_MARK = r"(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|" \
        r"\d{1,2}[、．](?!\d)|\d{1,2}\.(?![\d%])|[（(]\d{1,2}[）)]|[①-⑳])"
_SENTENCE_END = "。；;：:！？!?"
_TITLE_TAIL = re.compile(r"^(?:(?:19|20)\d{2}\s*年度?)?(?:部门|单位)?(?:整体)?(?:支出)?(?:绩效)?(?:自评|评价|自评价)*(?:情况)?(?:报告|自评表|评价表|说明)"
                         r"(?:[（(].{1,12}[）)])?$")
_REPORT_TITLE = re.compile(r"(绩效自评|自评报告|绩效评价报告|绩效报告|评价报告|自评表|决算说明|预算说明|部门决算|单位决算|"
                           r"部门预算|单位预算|预算公开|决算公开|情况说明)")
_PROSE = re.compile(r"[，。；,;]")


def is_flattened(lines: list[str]) -> bool:
    """A page whose line breaks were lost: one or two huge lines, or a line holding several headings."""
    full = [ln for ln in lines if ln.strip()]
    if not full:
        return False
    longest = max(full, key=len)
    if len(full) <= 3 and len(longest) >= 300:
        return True
    return len(longest) >= 1000 and len(re.findall(r"(?:^|\s|[。；])" + _MARK, longest)) >= 3


@functools.lru_cache(maxsize=1)
def unit_start() -> re.Pattern:
    """A unit or date word right after a number: `2014 年`, `127 号`, `959.48 万元` keep their space."""
    from ..numbers import unit_table
    words = sorted(set(unit_table()) | {"年", "月", "日", "号", "届", "期", "批", "周"}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, words)))


def split_flattened(line: str) -> list[str]:
    """The lines of a page flattened onto one: every space that stood for a line break (between two
    Chinese words, between table cells) ends a line, and a heading mark after a sentence starts one.
    A space inside a quantity (`2014 年`, `127 号`) or between Latin words stays."""
    pieces: list[str] = []
    cur = []
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch.isspace():
            j = i
            while j < n and line[j].isspace():
                j += 1
            left = "".join(cur).rstrip()
            right = line[j:]
            if left and right and not _keeps_space(left, right):
                pieces.append(left)
                cur = []
            elif left:
                cur.append(" ")
            i = j
            continue
        cur.append(ch)
        i += 1
        if i < n and (ch in _SENTENCE_END and re.match(_MARK + r"\s*[\u4e00-\u9fff“《]", line[i:])
                      or "\u4e00" <= ch <= "\u9fff" and re.match(r"[（(]\d{1,2}[）)][\u4e00-\u9fff]", line[i:])):
            pieces.append("".join(cur))           # 。一、…  or  办公室（1）承担…: a list item starts
            cur = []
    if "".join(cur).strip():
        pieces.append("".join(cur).strip())
    out: list[str] = []
    for p in pieces:                                  # a lone colon or stop belongs to the line before
        if out and re.fullmatch(r"[:：;；,，.。]+", p):
            out[-1] += p
        else:
            out.append(p)
    return out


def _keeps_space(left: str, right: str) -> bool:
    a, b = left[-1], right[0]
    seg = left[left.rfind("\n") + 1:]
    if re.fullmatch(r"[一二三四五六七八九十]{1,3}", seg):
        return True                                   # 一 部门概况: a heading numeral without its 、
    if HEADING_START.match(seg) and len(seg) <= 30 and not _PROSE.search(seg):
        return False                                  # 三、收入支出决算总体情况 2023 年…: the title ends
    if a.isascii() and a.isalpha() and b.isascii() and b.isalpha():
        return True                                   # Latin words
    if a.isdigit() and not b.isdigit() and unit_start().match(right):
        return True                                   # 2014 年, 959.48 万元
    if re.match(_MARK + r"\s*[\u4e00-\u9fff“《]", right):
        return False                                  # …0.25亿元。 2.支出结构情况: a heading starts
    if b.isdigit() and not a.isdigit():               # 预算数 39,204,800.00 元: a quantity in a sentence
        m = re.match(r"[\d,.]+\s*", right)          # (财政拨款 22 21: table cells)
        if re.match(r"[%％‰]", right[m.end():]) or unit_start().match(right[m.end():]):
            return True
    if a in "《“（(〔【" or b in "》”）)〕】，。、；：,.;:%":
        return True
    return False


def clean_furniture(lines: list[str], head: bool = True, tail: bool = True) -> tuple[list[str], Optional[str]]:
    """Lines with the furniture above (`head`) and below (`tail`) the report removed, and the 发布时间
    found there."""
    published = None
    out: list[str] = []
    started = not head
    after_label = False                               # the line before was a bare `当前位置：`
    for k, ln in enumerate(lines):
        if not started and k < 60 and ln:
            ln = _PIPE_JUNK.sub("", ln)
            if after_label and starts_at_root(ln):       # the path under a bare 当前位置：, maybe with the title
                after_label = False
                ln = strip_breadcrumb("当前位置：" + ln)
                if not ln:
                    continue
            if _BARE_TIME.match(ln) or _ATTACHMENT.match(ln):
                after_label = False
                continue
            if _WEB_DATE.fullmatch(ln.strip()):       # the bar's date on a line of its own (a cover's
                published = published or published_date(ln)   # 2024年4月12日 is the report's)
                continue
            s = strip_furniture(ln)
            published = published or s.published
            after_label = is_breadcrumb(ln) and not s.text
            if s.furniture or not s.text:
                if not s.text:
                    continue
                ln = s.text
            if HEADING_START.match(ln) or _is_prose(ln):
                started = True
        out.append(ln)
    if head:
        out = _drop_site_lines(out)
    if not tail:
        return out, published
    out = _cut_page_tail(out)
    while out:                                        # the tail: footer, tools, 来源/责任编辑 lines
        last = _PIPE_JUNK.sub("", out[-1])
        if not last:
            out.pop()
            continue
        s = strip_furniture(last)
        if s.text and not (s.furniture and len(s.text) < 20) and not is_footer_line(last):
            break
        published = published or s.published
        out.pop()
    return out, published


def _cut_page_tail(lines: list[str], window: int = 15) -> list[str]:
    """Below the report the page's tools and footer follow (分享到 / 打印本页 / 主办单位 / 联系电话 / ICP):
    from the first tool or footer line among the last lines on, when all that follows is short, it goes."""
    full = [k for k, ln in enumerate(lines) if ln]
    for k in full[-window:]:
        ln = lines[k]
        if (is_tool_line(ln) or is_footer_line(ln)) and all(len(x) < 80 for x in lines[k:]):
            return lines[:k]
    return lines


_PIPE_JUNK = re.compile(r"(?:\s*[|｜]){3,}\s*$")       # the empty cells of a layout table, copied as bars
_WEB_DATE = re.compile(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?")
_BARE_TIME = re.compile(r"^\d{1,2}[:：]\d{2}(?:[:：]\d{2})?$")
_ATTACHMENT = re.compile(r"^[/\\]?\S{2,80}\.(?:xlsx?|docx?|pdf|wps|ofd|zip|rar)$", re.I)


def _is_prose(line: str) -> bool:
    """A sentence of the report (not a phone number or an address line): long, mostly Chinese, punctuated."""
    if len(line) < 30 or not _PROSE.search(line):
        return False
    return sum(1 for c in line if "\u4e00" <= c <= "\u9fff") >= 0.6 * len(line)


def _drop_site_lines(lines: list[str]) -> list[str]:
    """Short lines above the report's title (site name, column name, hotline, 详细信息) are the site's;
    so are those between the title in the page header and the title repeated at the article's top."""
    full = [(k, ln) for k, ln in enumerate(lines) if ln]
    t = next((k for k, ln in full[:30] if _REPORT_TITLE.search(ln) and len(ln) < 80 and not _PROSE.search(ln)
              and not HEADING_START.match(ln)), None)
    if t is None:
        return lines
    head = [ln for ln in lines[:t] if ln]
    if all(len(ln) < 60 and not ln.endswith("。") and not HEADING_START.match(ln) for ln in head):
        if head and _names_the_unit(head[-1], lines[t]):
            t = max(k for k in range(t) if lines[k] == head[-1])
        lines = lines[t:]
    title = re.sub(r"\s+", "", lines[0])
    again = next((k for k, ln in enumerate(lines[1:12], start=1) if re.sub(r"\s+", "", ln) == title), None)
    # only the page's own words (详细信息, 公开具体内容): a cover between a title and its repetition stays
    if again and all(len(ln) <= 8 and not re.search(r"[\d：:（(]", ln) for ln in lines[1:again]):
        lines = lines[again:]
    return lines


def _names_the_unit(line: str, title: str) -> bool:
    """The line right above a title that starts with its year and names no unit (重庆市铜梁区围龙镇人民政府 /
    2025年部门预算情况说明) is the title's first line: the unit's name, not the site's."""
    from ..titles import is_org
    name = re.sub(r"\s+", "", line)
    return bool(re.match(r"\s*(?:19|20)\d{2}\s*年", title)) and len(name) <= 30 and is_org(name) \
        and not re.search(r"[：:，,。|>»/]", name)


def join_split_titles(lines: list[str]) -> list[str]:
    """A title or heading the page set on two lines: `岳阳市2018年度部门整体支出` / `绩效评价自评报告`, or a
    bare heading mark (`第一部分`) above its title."""
    out: list[str] = []
    for ln in lines:
        prev = out[-1] if out else ""
        if prev and ln and len(prev) < 60 and len(ln) < 30 and not _PROSE.search(prev + ln) \
                and not re.search(r"[:：【】\[\]|]", prev):
            if _TITLE_TAIL.match(ln) and re.search(r"\d{4}\s*年|单位|部门|局|委|办|中心|院|站|所|会|政府", prev) \
                    and not re.search(r"(报告|表|说明)$", prev) and not HEADING_START.match(prev):
                out[-1] = prev + ln
                continue
            if re.fullmatch(r"第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]",
                            prev.strip()) and not HEADING_START.match(ln):
                out[-1] = prev.strip() + ln
                continue
        out.append(ln)
    return out
