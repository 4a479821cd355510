"""Is the text cut short?  A web page saved or copied half-way, a PDF missing its last pages.

`mark_truncated(doc)` sets `Document.truncated` to the reason when the text stops where no report can end:
in the middle of a sentence (…其中基本支出329.95万元,项), after a clause that announces more (具体情况如下：),
on a bare heading number (…。\n2、), inside its table of contents, or inside a `| cell |` table row that
is never closed.  A short last line after a finished sentence is a signature or date block; a number at
the end may close a table row: neither is taken for a cut.  Trailing page furniture (来源：… 附件下载)
is ignored.  The checks then judge less: the last heading of a cut text is not called empty, a cut text
misses no section (checks/structure.py); a 其中 list running into the cut is for the sums rules to leave
unsummed (`Document.truncated` is set before the checks run).

The wordings are data: schemas/checks.toml [params.truncation].
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from .model import Document


@lru_cache(maxsize=1)
def _params() -> dict:
    from .checks.rules import load_rules
    p = dict(load_rules().params["truncation"])
    for key in ("heading_only", "heading_line", "complete_line", "furniture", "open_end"):
        p[key] = re.compile(p[key])
    return p


def mark_truncated(doc: Document) -> None:
    """Set `doc.truncated` (unless a reader already did) when the text stops mid-sentence or mid-table."""
    if doc.truncated or doc.status == "failed" or not doc.text.strip():
        return
    doc.truncated = reason(doc)


def reason(doc: Document) -> Optional[str]:
    """Why the text of `doc` looks cut short, or None when it ends where a report may end."""
    p = _params()
    text = doc.text
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return None
    start, last = lines[-1]
    last = _strip_furniture(last.strip(), p)
    if not last:
        return None
    kind = _kind_at(doc, start)
    if kind == "toc":
        return "text ends inside its table of contents"
    if last.startswith("|") and not last.endswith("|"):
        return f"text ends inside a table row: …{last[-20:]}"
    if kind == "table" or last.endswith("|"):
        return None
    if p["heading_only"].fullmatch(last):
        return f"text ends on a bare heading number: {last}"
    if p["heading_line"].search(last):
        return f"text ends on a heading without its body: {last}"
    if last[-1] in p["closers"] or p["complete_line"].search(last):
        return None
    if p["open_end"].search(last):
        return f"text ends on a clause that announces more: …{last[-20:]}"
    if last[-1].isdigit() or last[-1] in "%％":
        return None          # a table row flattened into text, or a figure closing a line
    if len(last) <= p["short_line"] and not re.search(r"[，,、；;]", last) and _after_finished(lines, p):
        return None          # a signature or date block under the last sentence
    return f"text stops mid-sentence: …{last[-20:]}"


def _strip_furniture(line: str, p: dict) -> str:
    """The line without a web page's trailing furniture (来源：中国平潭 附件下载)."""
    m = p["furniture"].search(line)
    return line[:m.start()].rstrip() if m else line


def _kind_at(doc: Document, pos: int) -> str:
    for para in reversed(doc.paragraphs):
        if para.start <= pos < max(para.end, para.start + 1):
            return para.kind
        if para.end <= pos:
            break
    return "text"


def _after_finished(lines: list[tuple[int, str]], p: dict) -> bool:
    """The short lines at the end follow a finished sentence (…特此报告。 / XX局 / 2024年3月15日)."""
    for _, line in reversed(lines[:-1]):
        line = line.strip()
        if line[-1] in p["closers"]:
            return True       # 特此报告。 / the last sentence
        if len(line) <= p["short_line"] and not re.search(r"[，,、；;]", line) \
                and not p["heading_only"].fullmatch(line) and not re.match(r"^[一二三四五六七八九十]+、|^[（(]", line):
            continue          # another line of the signature block
        return line[-1] in p["closers"]
    return False
