"""Saved web pages (.html, .htm, .shtml — also a page a crawler saved under a .pdf name).

The encoding comes from a byte-order mark, the page's own `<meta charset>`/`http-equiv` declaration or
detection (`encoding.py`); the DOM is parsed with lxml (libxml2's HTML parser: fast, and it recovers
from the unclosed tags, stray end tags and tables inside paragraphs government CMSes produce).  The
article is found among the site's furniture (`html_dom.find_article`), its title placed first as the
display line, the 发布时间 of the bar under it kept as `Document.published`, and the article's blocks
laid out like every other format: paragraphs through `Builder.paragraph`, tables as grids through
`emit_table` (the same path as PDF grids, so the tables stage reads them alike).
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

from ..model import Document
from . import html_dom as dom
from .builder import Builder, emit_table
from .toc import mark_toc
from .chars import HEADING_START
from .encoding import apply_decoding, decode, declared_charset
from .rulings import GridCell
from .webpage import DATE, is_footer_line, is_tool_line, published_date, strip_furniture

MAX_HTML_BYTES = 30 * 1024 * 1024
_TITLE_NAME = re.compile(r"title|tit\b|biaoti|headline|(?:^|[\s_-])bt(?:$|[\s_-])", re.I)
_ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|wps|ofd|zip|rar)\s*$", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PROSE = re.compile(r"[，。；,;]")


def read_html(path: Path, doc: Document) -> None:
    size = path.stat().st_size
    if size > MAX_HTML_BYTES:
        doc.status, doc.error = "failed", f"web page too large ({size} bytes)"
        return
    data = path.read_bytes()
    decoded = decode(data, declared_charset(data[:4096]))
    apply_decoding(doc, decoded)
    try:
        import lxml.html
        from lxml import etree
        text = _CONTROL.sub("", re.sub(r"^\s*<\?xml[^>]*\?>", "", decoded.text))
        parser = lxml.html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, no_network=True)
        root = lxml.html.document_fromstring(text or "<html></html>", parser=parser)
    except (etree.ParserError, ValueError) as e:
        doc.status, doc.error = "failed", f"not a readable web page: {e}"
        return
    try:
        read_dom(root, doc)
    except RecursionError:
        doc.status, doc.error = "failed", "web page markup nested too deep to read"


def read_dom(root, doc: Document) -> None:
    meta_title, meta_date = _meta(root)
    body = root.find("body")
    if body is None:
        body = root
    dom.flatten_deep(body)
    dom.clean(body)
    article = dom.find_article(body)
    title_el, title = _title(body, article, meta_title)
    blocks = dom.blocks(article)
    published = meta_date or _bar_date(body, article, title_el)
    blocks, bar_date = _drop_furniture(blocks, title)
    published = published or bar_date
    _attachments(article, doc)
    b = Builder(doc)
    last_text = ""
    if title and not (blocks and blocks[0].kind == "text" and _squash(blocks[0].text) == _squash(title)):
        b.paragraph(_chars(title), 1, display=True)
        # the title repeated at the article's top (below the bar) is not read twice
        blocks = [blk for k, blk in enumerate(blocks) if k > 5 or blk.kind != "text" or _squash(blk.text) != _squash(title)]
        last_text = b.parts[-1] if b.parts else ""
    for i, blk in enumerate(blocks):
        if blk.kind == "table":
            rows = [(1, [GridCell(r, c, None, _chars(t)) for c, t in enumerate(row)])
                    for r, row in enumerate(blk.rows)]
            emit_table(b, rows, doc, last_text)
            continue
        display = i == 0 and title is not None and _squash(blk.text) == _squash(title)
        if b.paragraph(_chars(blk.text), 1, display=display or blk.tag in ("h1",) and i < 3):
            last_text = b.parts[-1]
    doc.pages = 1
    b.finish(1)
    mark_toc(doc)
    doc.published = published
    if not doc.text.strip() and doc.status != "failed":
        doc.status, doc.error = "failed", "the web page holds no article text"


def _chars(s: str) -> list:
    return [(ch, None) for ch in s]


def _squash(s: Optional[str]) -> str:
    return re.sub(r"\s+", "", s or "")


def _meta(root) -> tuple[Optional[str], Optional[str]]:
    """Title and publication date the page's <meta> tags and <title> state."""
    title = date = None
    for m in root.iter("meta"):
        name = (m.get("name") or m.get("property") or m.get("itemprop") or "").lower()
        content = (m.get("content") or "").strip()
        if not content:
            continue
        if name in ("articletitle", "og:title", "title", "dc.title") and not title:
            title = content
        elif re.search(r"pubdate|publishdate|publish_date|published|firstpublishedtime|dc\.date|^date$", name) \
                and not date:
            date = published_date(content)
    if not title:
        t = root.find(".//title")
        if t is not None and t.text and t.text.strip():
            title = _site_suffix_off(t.text.strip())
    return title, date


def _site_suffix_off(t: str) -> Optional[str]:
    """`重庆市…预算公开_重庆市财政局` → the article's part; None when <title> names only the site or the
    column (`部门决算公开_平潭综合实验区党工委管委会`)."""
    parts = [p for p in re.split(r"\s*(?:_|\||｜|—|--| - )\s*", re.sub(r"\s+", " ", t)) if p.strip()]
    named = [p for p in parts if re.search(r"(?:19|20)\d{2}|报告|说明|自评|决算|预算|公开|评价", p) and len(p) >= 8]
    return max(named, key=len) if named else None


def _title(body, article, meta_title: Optional[str]):
    """The article's title element and text: a heading or `title`-classed element before (or at the top
    of) the article, preferring the one the page's own <title> names."""
    want = _squash(meta_title)
    candidates = []
    for el in dom.iter_before(body, article) + list(article.iter())[:60]:
        tag = dom.tag_of(el)
        names = " ".join(filter(None, (el.get("class"), el.get("id"))))
        if tag in ("h1", "h2", "h3") or (names and _TITLE_NAME.search(names) and not dom.is_furniture(el)):
            t = dom.cap_text(el)
            if 4 <= len(_squash(t)) <= 120 and not is_footer_line(t) and not DATE.fullmatch(t.strip()):
                candidates.append((el, t))
    if want:
        for el, t in candidates:
            s = _squash(t)
            if s == want or (len(s) >= 6 and (s in want or want in s)):
                return el, t
    inside = set(article.iter())
    for el, t in reversed([c for c in candidates if dom.tag_of(c[0]) in ("h1", "h2")] or candidates):
        if el not in inside or dom.tag_of(el) == "h1":
            return el, t
    return None, meta_title


def _bar_date(body, article, title_el) -> Optional[str]:
    """The 发布时间 of the bar between the title and the article (or at the article's top)."""
    seen_title = title_el is None
    for el in dom.iter_before(body, article) + list(article.iter())[:40]:
        if el is title_el:
            seen_title = True
            continue
        if not seen_title or len(el):
            continue
        t = dom.cap_text(el)
        if t and re.search(r"(?:发布|更新|发文|公开)?(?:时间|日期)\s*[:：]", t):
            s = strip_furniture(t)
            if s.published:
                return s.published
    return None


def _drop_furniture(blocks: list, title: Optional[str]) -> tuple[list, Optional[str]]:
    """Breadcrumb, info bar, tools and footer lines at the top and bottom of the article."""
    published = None
    out = list(blocks)
    i = 0
    while i < len(out) and i < 25:               # the head: up to the first heading or sentence
        blk = out[i]
        if blk.kind != "text":
            if _furniture_table(blk):                # the bar laid out as a table of its own
                published = published or _table_date(blk)
                del out[i]
                continue
            break
        s = strip_furniture(blk.text)
        published = published or s.published
        if not s.text:
            del out[i]
            continue
        if s.furniture:
            out[i] = dom.Block("text", s.text, blk.tag)
        if HEADING_START.match(s.text) or (len(s.text) >= 30 and _PROSE.search(s.text)):
            break
        i += 1
    while out and (out[-1].kind == "text" or _furniture_table(out[-1])):   # the tail: tools, footer, 来源
        if out[-1].kind == "table":
            out.pop()
            continue
        s = strip_furniture(out[-1].text)
        if s.text and not (s.furniture and len(s.text) < 20):
            break
        out.pop()
    out = [blk for blk in out if blk.kind != "text" or not (is_tool_line(blk.text) and len(blk.text) >= 2)]
    return out, published


def _furniture_table(blk) -> bool:
    cells = [c for row in blk.rows for c in row if c.strip()]
    return bool(cells) and len(blk.rows) <= 3 and all(not strip_furniture(c).text for c in cells)


def _table_date(blk) -> Optional[str]:
    return next((d for row in blk.rows for c in row if (d := strip_furniture(c).published)), None)


def _attachments(article, doc: Document) -> None:
    names = []
    for a in article.iter("a"):
        t = dom.cap_text(a)
        href = (a.get("href") or "") + " " + (a.get("onclick") or "")
        if _ATTACHMENT.search(t) or re.search(r"\.(pdf|docx?|xlsx?|wps|ofd)\b", href, re.I):
            names.append(t or href.strip())
    if names:
        doc.warnings.append(f"the page links {len(names)} attachment(s), not read: " + "；".join(names[:5]))
