"""Plain text files (.txt): text copied from a web page or a PDF, UTF-8 or GB18030."""
from __future__ import annotations

import re
from pathlib import Path

import regex

from ..model import Document
from .builder import Builder, emit_table
from .toc import mark_toc
from .chars import HEADING_START
from .rulings import GridCell

MAX_TEXT_BYTES = 50 * 1024 * 1024


_BOILERPLATE = re.compile(r"^(首页|当前位置|您当前的位置|索引号|发布机构|发文机关|发布日期|成文日期|主题分类|文\s*号|来源|"
                          r"信息来源|浏览次数|访问量|字号|【|分享到|打印|关闭|扫一扫|所属机构|公开方式|公开范围|"
                          r"发布时间|作者|责任编辑|>|»)")
_TITLE = re.compile(r"(绩效自评|自评报告|绩效评价报告|绩效报告)")


def _decode(data: bytes) -> str:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def read_txt(path: Path, doc: Document) -> None:
    size = path.stat().st_size
    if size > MAX_TEXT_BYTES:
        doc.status, doc.error = "failed", f"text file too large ({size} bytes)"
        return
    text = _decode(path.read_bytes()).replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    lines_by_page = [[ln.strip() for ln in pg.split("\n")] for pg in pages]
    # web-page boilerplate before the title: drop it when a title line comes within the first 30 lines
    first = lines_by_page[0]
    t = next((i for i, ln in enumerate(first[:30]) if _TITLE.search(ln) and len(ln) < 80), None)
    if t:
        head = [ln for ln in first[:t] if ln]
        if all(_BOILERPLATE.match(ln) or len(ln) < 40 for ln in head):
            lines_by_page[0] = first[t:]
    lines_by_page[-1] = _drop_trailing_boilerplate(lines_by_page[-1])
    lay_out_lines(doc, [_join_broken_lines([ln for ln in page if ln]) for page in lines_by_page])


_OPEN_END = regex.compile(r"[\p{Han}\d，、（(“]$")
_TITLE_END = re.compile(r"(报告|情况|说明|目录|封面|问题|措施|建议|结论)$")


def _join_broken_lines(lines: list[str]) -> list[str]:
    """Text copied from a PDF breaks sentences at page ends (`在编` / `在岗 10 人`): a long line that
    stops mid-sentence continues on the next line unless that one starts a heading or a table row."""
    out: list[str] = []
    for ln in lines:
        if out and len(out[-1]) >= 15 and _OPEN_END.search(out[-1]) and not _TITLE_END.search(out[-1]) \
                and not HEADING_START.match(ln) and _table_row(ln) is None and _table_row(out[-1]) is None:
            out[-1] = out[-1] + ln
        else:
            out.append(ln)
    return out


def _drop_trailing_boilerplate(lines: list[str]) -> list[str]:
    out = list(lines)
    while out and (not out[-1] or _BOILERPLATE.match(out[-1])):
        out.pop()
    return out


def _table_row(line: str) -> list[str] | None:
    if line.startswith("|") and line.count("|") >= 2:
        return [c.strip() for c in line.strip().strip("|").split("|")]
    if line.count("\t") >= 2:
        return [c.strip() for c in line.split("\t")]
    return None


def lay_out_lines(doc: Document, lines_by_page: list[list[str]]) -> None:
    """Plain text: one paragraph per line; `|`- or tab-separated runs of lines are tables."""
    b = Builder(doc)
    last_text = ""
    for pno, lines in enumerate(lines_by_page, start=1):
        rows: list[tuple[int, list]] = []
        for ln in lines + [""]:
            cells = _table_row(ln.replace("\u3000", " ").strip()) if ln else None
            if cells is not None:
                rows.append((pno, [GridCell(len(rows), i, None, [(ch, None) for ch in c])
                                   for i, c in enumerate(cells)]))
                continue
            if rows:
                emit_table(b, rows, doc, last_text)
                rows = []
            if ln:
                if b.paragraph([(ch, None) for ch in ln], pno):
                    last_text = b.parts[-1]
    doc.pages = len(lines_by_page)
    b.finish(doc.pages)
    mark_toc(doc)


