"""One page per report: summary, findings anchored to their evidence, outline, fields, the cleaned text
with every figure highlighted, and for PDFs the page images with the figures' boxes drawn."""
from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Optional

from .columns import columns, display, field_specs, field_type
from .html_index import page
from .sheets import CERTAINTY_ZH, SEVERITY_ZH

_SEV_RANK = {"error": 0, "warning": 1, "info": 2}


def _text_html(text: str, figures: list[dict], evidence: list[tuple[str, int, int, str]],
               page_starts: list[int], sections: list[dict], field_of: dict[str, str]) -> str:
    """The cleaned text with figures as <mark>, evidence spans as <span class=ev>, anchors for sections,
    pages and evidence.  Spans may overlap: the text is cut at every boundary and each piece wrapped in
    what covers it."""
    n = len(text)
    cuts = {0, n}
    anchors: dict[int, list[str]] = {}
    for i, p in enumerate(page_starts or []):
        if 0 < p <= n or (i == 0 and p == 0):
            anchors.setdefault(min(p, n), []).append(f'<span class="pg" id="page-text-{i + 1}">第 {i + 1} 页</span>')
            cuts.add(min(p, n))
    for s in sections:
        if s.get("start") is not None and 0 <= s["start"] <= n:
            anchors.setdefault(s["start"], []).append(f'<span id="s-{escape(s["id"])}"></span>')
            cuts.add(s["start"])
    spans = []
    for f in figures:
        if f.get("start") is not None and f.get("end") is not None and 0 <= f["start"] < f["end"] <= n:
            spans.append(("fig", f["start"], f["end"], f))
            cuts.update((f["start"], f["end"]))
    for eid, a, b, sev in evidence:
        if 0 <= a < b <= n:
            spans.append(("ev", a, b, (eid, sev)))
            anchors.setdefault(a, []).append(f'<span id="{eid}"></span>')
            cuts.update((a, b))
    points = sorted(cuts)
    starts: dict[int, list] = {}
    for s in spans:
        starts.setdefault(s[1], []).append(s)
    active: list = []
    out = []
    for a, b in zip(points, points[1:] + [n]):
        out.extend(anchors.get(a, []))
        active = [s for s in active if s[2] > a] + starts.get(a, [])
        if b <= a:
            continue
        piece = escape(text[a:b])
        fig = next((s for s in active if s[0] == "fig"), None)
        if fig:
            f = fig[3]
            field = field_of.get(f["id"])
            title = f"{f.get('label') or ''} {f.get('text') or ''}" + (
                f" → {field_specs().get(field, {}).get('name', field)}" if field else "")
            first = f' id="f-{escape(f["id"])}"' if a == fig[1] else ""
            cls = "field" if field else "fig"
            piece = f'<mark class="{cls}"{first} title="{escape(title.strip())}">{piece}</mark>'
        evs = [s for s in active if s[0] == "ev"]
        if evs:
            sev = min((s[3][1] for s in evs), key=lambda x: _SEV_RANK.get(x, 3))
            piece = f'<span class="ev {escape(sev)}">{piece}</span>'
        out.append(piece)
    return "".join(out)


def _outline(sections: list[dict]) -> str:
    if not sections:
        return '<p class="muted">（未识别出标题）</p>'
    out, depth = [], 0
    for s in sections:
        level = max(1, int(s.get("level") or 1))
        while depth < level:
            out.append("<ul>")
            depth += 1
        while depth > level:
            out.append("</ul>")
            depth -= 1
        out.append(f'<li><a href="#s-{escape(s["id"])}">{escape((s.get("number") or "") + (s.get("title") or ""))}</a>'
                   f' <span class="muted">p{s.get("page") or "?"}</span></li>')
    out.append("</ul>" * depth)
    return f'<div class="outline">{"".join(out)}</div>'


def _summary(rows: list[dict]) -> str:
    blocks = []
    for r in rows:
        cells = []
        for c in columns():
            if c.key in ("doc_id", "title", "source", "status", "department", "region", "year", "kind", "project"):
                continue
            v = display(r.get(c.key), c.type)
            if v is None or (c.type == "int" and c.key == "copies" and not v):
                continue
            v = ("是" if v else "否") if c.type == "bool" else (f"{v:,}" if c.type in ("money", "per_person") else v)
            mark = " ⚠" if c.key in r.get("_outlier_keys", {}) or (c.key == "execution_rate_stated" and r.get("contradicted")) else ""
            flag = " class='flag'" if mark else ""
            cells.append(f"<div{flag}><span>{escape(c.header)}</span><b>{escape(str(v))}{mark}</b></div>")
        title = r.get("project") or r.get("department") or ""
        blocks.append(f"<h3>{escape(title)} <span class='muted'>{escape(r.get('evaluation') or '')}</span></h3>"
                      f"<div class='kvgrid'>{''.join(cells)}</div>")
    return "".join(blocks)


def _findings(findings: list[dict], figure_ids: set[str]) -> str:
    if not findings:
        return '<p class="muted">（没有发现）</p>'
    out = []
    for i, f in enumerate(sorted(findings, key=lambda f: _SEV_RANK.get(f.get("severity"), 3))):
        sev = f.get("severity") or "info"
        quotes = []
        for k, e in enumerate(f.get("evidence") or []):
            page = f"（第{e['page']}页）" if e.get("page") else ""
            quotes.append(f'<a href="#{f["_ev"][k]}"><q>{escape(e.get("text") or "")}</q></a>{page}')
        if not quotes:
            links = [f'<a href="#f-{escape(x)}">{escape(x)}</a>' for x in (f.get("figures") or []) if x in figure_ids]
            if links:
                quotes.append("数字：" + " ".join(links))
            elif f.get("section"):
                quotes.append(f'<a href="#s-{escape(f["section"])}">所在章节</a>')
        pages = "、".join(str(p) for p in f.get("pages") or [])
        out.append(f'<div class="finding {escape(sev)}"><span class="badge {escape(sev)}">{SEVERITY_ZH.get(sev, sev)}</span> '
                   f'<span class="muted">{escape(f.get("category") or "")} · {escape(f.get("rule") or "")} · '
                   f'{CERTAINTY_ZH.get(f.get("certainty"), f.get("certainty") or "")}'
                   f'{" · 第" + pages + "页" if pages else ""}</span><div>{escape(f.get("message") or "")}</div>'
                   f'<div>{" ".join(quotes)}</div></div>')
    return "".join(out)


def _fields(fields: list[dict]) -> str:
    rows = []
    for f in fields:
        name = f["field"]
        ftype = field_type(name) if name in field_specs() else "text"
        v = f["value_decimal"] if f.get("value_decimal") is not None else f.get("value_text")
        shown = display(v, ftype) if isinstance(v, Decimal) else v
        unit = {"money": "万元", "percent": "%"}.get(ftype, f.get("unit") or "")
        link = f'<a href="#f-{escape(f["figure"])}">{escape(f.get("text") or "")}</a>' if f.get("figure") else escape(f.get("text") or "")
        rows.append(f"<tr><td>{escape(field_specs().get(name, {}).get('name', name))}</td><td class='num'>{escape(str(shown))}</td>"
                    f"<td>{escape(unit)}</td><td>{link}</td><td class='muted'>p{f.get('page') or '-'} · {escape(f.get('origin') or '')}</td></tr>")
    return "<table class='kv'>" + "".join(rows) + "</table>" if rows else '<p class="muted">（没有字段）</p>'


def _pages(images: list[dict], figures: list[dict], field_of: dict[str, str], finding_figs: set[str]) -> str:
    """Each page: an SVG whose viewBox (PDF points) selects the page's stripe of the sprite image, with
    the figures' boxes (PDF points, origin top-left) drawn over it."""
    out = []
    for im in images:
        w, h, n, top = im["width"], im["height"], im["page"], im["top"]
        rects = []
        for f in figures:
            if f.get("page") != n or f.get("bbox_x0") is None:
                continue
            x0, t, x1, b = f["bbox_x0"], f["bbox_top"] + top, f["bbox_x1"], f["bbox_bottom"] + top
            cls = " ".join(c for c, on in (("field", f["id"] in field_of), ("finding", f["id"] in finding_figs)) if on)
            rects.append(f'<a href="#f-{escape(f["id"])}"><rect id="box-{escape(f["id"])}" class="{cls}" x="{x0 - 1:.1f}" '
                         f'y="{t - 1:.1f}" width="{x1 - x0 + 2:.1f}" height="{b - t + 2:.1f}"><title>{escape(f.get("text") or "")}'
                         f'</title></rect></a>')
        out.append(f'<div class="page" id="page-{n}" style="max-width:{w * 1.4:.0f}px">'
                   f'<svg viewBox="0 {top:.2f} {w:.2f} {h:.2f}" xmlns="http://www.w3.org/2000/svg" role="img" '
                   f'aria-label="第{n}页"><image href="../pages/{escape(im["file"])}" x="0" y="0" '
                   f'width="{im["sprite_width"]}" height="{im["sprite_height"]}"/>{"".join(rects)}</svg>'
                   f'<span class="label">第 {n} 页</span></div>')
    return "".join(out)


def report_html(doc: dict, text: str, page_starts: list[int], sections: list[dict], figures: list[dict],
                fields: list[dict], findings: list[dict], rows: list[dict], images: Optional[list[dict]],
                copies: list[str]) -> str:
    field_of = {f["id"]: f["field"] for f in figures if f.get("field")}
    evidence = []
    for i, f in enumerate(findings):
        f["_ev"] = []
        for k, e in enumerate(f.get("evidence") or []):
            eid = f"ev-{i}-{k}"
            f["_ev"].append(eid)
            if e.get("start") is not None and e.get("end") is not None:
                evidence.append((eid, int(e["start"]), int(e["end"]), f.get("severity") or "info"))
    finding_figs = {x for f in findings for x in (f.get("figures") or [])}
    meta = " · ".join(escape(str(x)) for x in (doc.get("department"), doc.get("region"), doc.get("year"),
                                                doc.get("doc_type"), doc.get("kind"), doc.get("project")) if x)
    status = escape(doc.get("status") or "") + (f"（{escape(doc['error'])}）" if doc.get("error") else "")
    copy_note = ("<div>同一报告的其他文件：" + "、".join(escape(c) for c in copies) + "</div>") if copies else ""
    right = (f"<section><h2>页面（绿色框 = 数字，黄色 = 字段，红边 = 发现涉及）</h2>{_pages(images, figures, field_of, finding_figs)}</section>"
             if images else f"<section><h2>字段</h2>{_fields(fields)}</section>")
    body = (f"<header><div><a href='../index.html'>← 返回对比表</a></div><h1>{escape(doc.get('title') or doc.get('source') or '')}</h1>"
            f"<div class='meta'>{meta}</div><div class='meta'>文件 {escape(doc.get('source') or '')} · 状态 {status} · "
            f"{doc.get('pages') or 0} 页 · doc_id {escape(doc['doc_id'][:16])}…</div>{copy_note}</header><main>"
            f"<section id='summary'><h2>概要</h2>{_summary(rows) if rows else '<p class=muted>（不在对比表中）</p>'}</section>"
            f"<section id='findings'><h2>发现（{len(findings)}）</h2>{_findings(findings, {f['id'] for f in figures})}</section>"
            f"<section id='outline'><h2>提纲</h2>{_outline(sections)}</section>"
            f"<div class='layout'><section id='text'><h2>正文（绿色 = 数字，深绿 = 字段，黄色 = 发现的依据）</h2>"
            f"<div class='text'>{_text_html(text or '', figures, evidence, page_starts, sections, field_of)}</div></section>"
            f"{right}</div>"
            + (f"<section id='fields'><h2>字段</h2>{_fields(fields)}</section>" if images else "")
            + "</main>")
    return page(doc.get("title") or doc["doc_id"], body, script=False)
