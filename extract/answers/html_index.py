"""The report's index page: the comparison table (sortable, filterable), charts, findings by category,
and the files that failed."""
from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from html import escape
from pathlib import Path

from .columns import DECIMAL_TYPES, columns, display
from .peers import schema
from .svg import category_bars, strip_chart

ASSETS = Path(__file__).resolve().parent / "assets"
NUMERIC = set(DECIMAL_TYPES) | {"int", "count"}


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def page(title: str, body: str, script: bool = True) -> str:
    js = f"<script>{asset('report.js')}</script>" if script else ""
    return (f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{asset('report.css')}</style></head>"
            f"<body>{body}{js}</body></html>")


def page_name(doc_id: str) -> str:
    return f"{doc_id[:16]}.html"


def _cell(r: dict, c, marks: dict[str, str]) -> str:
    v = display(r.get(c.key), c.type)
    cls = []
    if c.type in NUMERIC:
        cls.append("num")
    if c.key in marks:
        cls.append(marks[c.key])
    attr = f' class="{" ".join(cls)}"' if cls else ""
    if v is None:
        return f"<td{attr}></td>"
    if c.type == "bool":
        return f'<td{attr} data-v="{int(bool(v))}">{"是" if v else "否"}</td>'
    if isinstance(v, (Decimal, int)):
        return f'<td{attr} data-v="{v}">{v:,}</td>' if c.type in ("money", "per_person") else f'<td{attr} data-v="{v}">{v}</td>'
    return f"<td{attr}>{escape(str(v))}</td>"


def comparison_table(rows: list[dict], link) -> str:
    cols = columns()
    select_cols = {"level": "层级", "kind": "类型", "year": "年度"}
    index = {c.key: i for i, c in enumerate(cols)}
    selects = []
    for key, label in select_cols.items():
        values = sorted({str(display(r.get(key), "text")) for r in rows if r.get(key) is not None})
        opts = "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)
        selects.append(f'<label>{label} <select data-for="cmp" data-col="{index[key]}"><option value="">全部</option>'
                       f"{opts}</select></label>")
    head = "".join(f'<th data-type="{"num" if c.type in NUMERIC else "text"}" title="{escape(c.doc)}">'
                   f"{escape(c.header)}</th>" for c in cols)
    body = []
    for r in rows:
        marks = {k: "outlier" for k in r.get("_outlier_keys", {})}
        if r.get("contradicted"):
            marks["execution_rate_stated"] = "contradicted"
        cells = []
        for c in cols:
            if c.key == "department":
                cells.append(f'<td><a href="{escape(link(r))}">{escape(r.get("department") or "（未识别）")}</a></td>')
            else:
                cells.append(_cell(r, c, marks))
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="controls"><input id="cmp-q" type="search" placeholder="筛选：部门、地区、项目…" size="30">'
            f'{"".join(selects)}<span class="muted">显示 <b id="cmp-count">{len(rows)}</b> / {len(rows)} 行；'
            f"点击表头排序；橙色 = 离群，红色 = 所写执行率与金额矛盾</span></div>"
            f'<div class="scroll"><table id="cmp" class="grid sortable filterable"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def findings_section(findings_by_doc: dict[str, list[dict]], docs: dict[str, dict], link_doc) -> str:
    names = schema("comparison").get("categories", {})
    counts: dict[str, dict[str, int]] = {}
    reports: dict[str, set] = {}
    for doc_id, items in findings_by_doc.items():
        if doc_id not in docs:
            continue
        for f in items:
            c = f.get("category") or "other"
            counts.setdefault(c, {}).setdefault(f.get("severity") or "info", 0)
            counts[c][f.get("severity") or "info"] += 1
            reports.setdefault(c, set()).add(doc_id)
    rows = []
    for c in sorted(counts, key=lambda c: -sum(counts[c].values())):
        links = "、".join(f'<a href="{escape(link_doc(d))}#findings">{escape(docs[d].get("department") or d[:8])}</a>'
                         for d in sorted(reports[c], key=lambda d: docs[d].get("department") or ""))
        rows.append(f"<tr><td>{escape(names.get(c, c))}<br><span class='muted'>{escape(c)}</span></td>"
                    f"<td class='num sev-error'>{counts[c].get('error', 0)}</td>"
                    f"<td class='num sev-warning'>{counts[c].get('warning', 0)}</td>"
                    f"<td class='num sev-info'>{counts[c].get('info', 0)}</td><td style='white-space:normal'>{links}</td></tr>")
    table = ("<table class='grid'><thead><tr><th>类别</th><th>错误</th><th>警告</th><th>提示</th><th>报告</th></tr></thead>"
             f"<tbody>{''.join(rows)}</tbody></table>") if rows else ""
    return category_bars(counts, names) + table


def failed_section(failed: list[dict]) -> str:
    if not failed:
        return '<p class="muted">没有失败或跳过的文件。</p>'
    rows = "".join(f"<tr><td>{escape(str(r.get('source') or ''))}</td><td>{escape(str(r.get('status') or ''))}</td>"
                   f"<td style='white-space:normal'>{escape(str(r.get('error') or ''))}</td></tr>" for r in failed)
    return f"<table class='grid'><thead><tr><th>文件</th><th>状态</th><th>原因</th></tr></thead><tbody>{rows}</tbody></table>"


def index_html(rows: list[dict], docs: dict[str, dict], findings_by_doc: dict, failed: list[dict],
               others: list[dict]) -> str:
    link = lambda r: f"r/{page_name(r['doc_id'])}"
    name = lambda r: r.get("department") or r["doc_id"][:8]
    hdr = {c.key: c.header for c in columns()}
    charts = "".join(strip_chart(hdr[k], rows, k, link, name) for k in
                     ("execution_rate", "three_public_total", "self_score"))
    departments = len({r.get("department") for r in rows})
    other = ""
    if others:
        other = ("<section><h2>未比较的文件</h2><p class='muted'>不是绩效评价报告（文档类型），不进入对比表：</p><ul>"
                 + "".join(f"<li><a href='r/{page_name(d['doc_id'])}'>{escape(d.get('title') or d.get('source') or '')}"
                           f"</a>（{escape(d.get('doc_type') or '')}）</li>" for d in others) + "</ul></section>")
    body = (f"<header><h1>绩效报告对比</h1><div class='meta'>{len(rows)} 份评价（{departments} 个部门），"
            f"{len(failed)} 个文件失败或跳过 · 由 jixiao 从 Parquet 表生成，离线可用</div></header><main>"
            f"<section id='comparison'><h2>对比表</h2>{comparison_table(rows, link)}</section>"
            f"<section id='charts'><h2>分布与离群（按同组：层级·类型；红点 = 离群，点击进入报告）</h2>"
            f"<div class='charts'>{charts}</div></section>"
            f"<section id='findings'><h2>发现（按类别）</h2>{findings_section(findings_by_doc, docs, lambda d: 'r/' + page_name(d))}</section>"
            f"{other}<section id='failed'><h2>失败文件</h2>{failed_section(failed)}</section></main>")
    return page("绩效报告对比 · jixiao", body)
