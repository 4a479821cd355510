"""A saved web page's DOM (lxml) into the report's blocks: the article found among the site's furniture,
its paragraphs and headings in document order, and its `<table>`s as grids with row and column spans
expanded.

The article is the element that holds most of the page's prose: from `<body>` down, the child that
carries most of the non-link text is followed until no child dominates (navigation, link lists and
footers are mostly link text or little text; a report is a long run of sentences).  Layout tables
(a table whose cells hold other tables, whole articles or a single column) are walked like `<div>`s;
data tables become grids.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator, Optional

DROP_TAGS = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas", "select",
             "button", "input", "textarea", "map", "audio", "video", "img", "link", "meta", "head", "title"}
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt", "blockquote",
              "pre", "center", "section", "article", "main", "header", "footer", "nav", "aside", "form", "table",
              "tr", "td", "th", "caption", "address", "figure", "figcaption", "hr", "tbody", "thead", "tfoot"}
CONTAINERS = {"body", "div", "section", "article", "main", "center", "form", "span", "font", "td", "th", "table",
              "tbody", "tr", "blockquote", "dd", "li", "ul"}
# class or id words of the site's furniture around (or inside) the article
FURNITURE_NAME = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumb|crumbs?|position|location|weizhi|dqwz|"
                            r"share|bdshare|bshare|social|toolbar|tools?|print|dayin|fontsize|font-size|zihao|"
                            r"footer|foot|bottom|copyright|banquan|sidebar|side|aside|related|xgxx|xgwz|"
                            r"pager|prevnext|prev|next|qrcode|ewm|erweima|search|login|top-bar|topbar|skip|gotop)"
                            r"(?:$|[\s_-]|\d)", re.I)
_WS = re.compile(r"[ \t\r\n\f\v]+")
_PROSE = re.compile(r"[，。；：,;:]")


@dataclass
class Block:
    kind: str                                   # text | table
    text: str = ""
    tag: str = ""
    rows: list[list[str]] = field(default_factory=list)


MAX_DEPTH = 120


def flatten_deep(root) -> None:
    """Markup nested deeper than any real page (a hostile or broken file) is cut at MAX_DEPTH: what lies
    below keeps its text, as one line, so the walks below never run out of stack."""
    stack = [(root, 0)]
    while stack:
        el, depth = stack.pop()
        if depth >= MAX_DEPTH and len(el):
            text = _WS.sub(" ", "".join(el.itertext())).strip()
            for child in list(el):
                el.remove(child)
            el.text = text
            continue
        stack.extend((child, depth + 1) for child in el)


def clean(root) -> None:
    """Drop scripts, styles, form controls, comments and hidden elements."""
    for el in list(root.iter()):
        if el.getparent() is None:
            continue
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag.lower() in DROP_TAGS or _hidden(el):
            _remove(el)


def _hidden(el) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or el.get("hidden") is not None \
        or (el.get("aria-hidden") or "").lower() == "true"


def _remove(el) -> None:
    """Remove an element but keep the text that follows it (its tail)."""
    parent = el.getparent()
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def tag_of(el) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def is_furniture(el) -> bool:
    tag = tag_of(el)
    if tag in ("nav", "aside"):
        return True
    names = " ".join(filter(None, (el.get("class"), el.get("id"))))
    return bool(names) and bool(FURNITURE_NAME.search(names))


def _weights(root) -> dict:
    """Per element: the number of prose characters below it, link text counted at a tenth."""
    weight: dict = {}

    def visit(el, in_link: bool) -> float:
        tag = tag_of(el)
        link = in_link or tag == "a"
        w = _text_weight(el.text, link)
        for child in el:
            w += visit(child, link)
            w += _text_weight(child.tail, in_link)
        if is_furniture(el):
            w *= 0.1
        weight[el] = w
        return w

    visit(root, False)
    return weight


def _text_weight(s: Optional[str], link: bool) -> float:
    if not s:
        return 0.0
    n = len(_WS.sub("", s))
    if not n:
        return 0.0
    return n * (0.1 if link else 1.0) * (1.0 if _PROSE.search(s) or n >= 20 else 0.5)


def find_article(body):
    """The element holding the report: follow the dominant child down from `<body>`."""
    weight = _weights(body)
    node = body
    while True:
        total = weight.get(node, 0.0)
        kids = [c for c in node if tag_of(c) in CONTAINERS and not (tag_of(c) == "table" and not is_layout_table(c))]
        best = max(kids, key=lambda c: weight.get(c, 0.0), default=None)
        if best is None or total <= 0 or weight.get(best, 0.0) < 0.8 * total:
            return node
        node = best


def is_layout_table(table) -> bool:
    """A table used for page layout rather than data: cells holding tables, headings or whole articles,
    or a single column throughout."""
    rows = own_rows(table)
    if not rows:
        return True
    if all(len(own_cells(tr)) <= 1 for tr in rows):
        return True
    for tr in rows:
        for td in own_cells(tr):
            if any(tag_of(d) in ("table", "h1", "h2") for d in td.iter() if d is not td):
                return True
            if len(_WS.sub("", "".join(td.itertext()))) > 800:
                return True
    return False


def own_rows(table) -> list:
    out = []
    for child in table:
        tag = tag_of(child)
        if tag == "tr":
            out.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child if tag_of(c) == "tr")
    return out


def own_cells(tr) -> list:
    return [c for c in tr if tag_of(c) in ("td", "th")]


def grid(table) -> list[list[str]]:
    """The table's text as a full grid: a cell spanning rows or columns keeps its text in its top-left
    position and leaves the positions it covers empty (as a merged PDF cell does)."""
    taken: dict[tuple[int, int], str] = {}
    nrows = 0
    for r, tr in enumerate(own_rows(table)):
        c = 0
        for td in own_cells(tr):
            while (r, c) in taken:
                c += 1
            rs, cs = _span(td.get("rowspan"), 200), _span(td.get("colspan"), 60)
            text = cell_text(td)
            for dr in range(rs):
                for dc in range(cs):
                    taken[(r + dr, c + dc)] = text if dr == 0 and dc == 0 else ""
            c += cs
        nrows = r + 1
    if not taken:
        return []
    ncols = max(c for _, c in taken) + 1
    rows = [[taken.get((r, c), "") for c in range(ncols)] for r in range(nrows)]
    return [row for row in rows if any(x.strip() for x in row)]


def _span(v: Optional[str], cap: int) -> int:
    m = re.match(r"\s*(\d+)", v or "")
    return max(1, min(int(m.group(1)), cap)) if m else 1


def cell_text(td) -> str:
    parts: list[str] = []
    for line in _lines(td):
        parts.append(line)
    return " ".join(parts)


def _lines(el) -> Iterator[str]:
    """The text of an element as lines: block elements and <br> end a line."""
    buf: list[str] = []

    def flush():
        s = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        return s

    def visit(e):
        tag = tag_of(e)
        if tag == "br":
            s = flush()
            if s:
                yield s
        elif tag in BLOCK_TAGS:
            s = flush()
            if s:
                yield s
        if e.text and tag != "br":
            buf.append(e.text)
        for c in e:
            yield from visit(c)
            if c.tail:
                buf.append(c.tail)
        if tag in BLOCK_TAGS:
            s = flush()
            if s:
                yield s

    yield from visit(el)
    s = flush()
    if s:
        yield s


def blocks(article) -> list[Block]:
    """Paragraphs, headings and tables of the article in document order."""
    out: list[Block] = []
    buf: list[str] = []
    tags: list[str] = []

    def flush():
        s = _WS.sub(" ", "".join(buf)).strip()
        buf.clear()
        if s:
            out.append(Block("text", s, tags[-1] if tags else "p"))

    def visit(e, top: bool):
        tag = tag_of(e)
        if not top and is_furniture(e):
            return
        if tag == "table" and not is_layout_table(e):
            flush()
            cap = next((c for c in e if tag_of(c) == "caption"), None)
            if cap is not None and cap_text(cap):
                out.append(Block("text", cap_text(cap), "caption"))
            rows = grid(e)
            if rows:
                out.append(Block("table", rows=rows))
            return
        if tag == "br" or tag in BLOCK_TAGS:
            flush()
        if tag in BLOCK_TAGS:
            tags.append(tag)
        if e.text and tag != "br":
            buf.append(e.text)
        for c in e:
            visit(c, False)
            if c.tail:
                buf.append(c.tail)
        if tag in BLOCK_TAGS:
            flush()
            tags.pop()

    visit(article, True)
    flush()
    return out


def cap_text(el) -> str:
    return _WS.sub(" ", "".join(el.itertext())).strip()


def iter_before(body, article) -> list:
    """Elements that come before the article in document order (not its ancestors)."""
    out = []
    ancestors = set(article.iterancestors())
    for el in body.iter():
        if el is article:
            break
        if el not in ancestors:
            out.append(el)
    return out
