"""Inline SVG charts for the report's index: no script, no library, nothing fetched.

`strip_chart`: one row per peer group, one dot per report at its value, outliers red and named; every
dot links to its report's page and says its value in a tooltip.  `category_bars`: findings by category,
stacked by severity.  Coordinates are floats (pixels); values are shown as their Decimal text.
"""
from __future__ import annotations

import hashlib
import math
from html import escape
from typing import Callable, Optional

W, LEFT, RIGHT, ROW, TOP = 680, 150, 20, 34, 26


def _ticks(lo: float, hi: float, n: int = 5) -> list[float]:
    if hi <= lo:
        hi = lo + 1
    step = 10 ** math.floor(math.log10((hi - lo) / n))
    for m in (1, 2, 2.5, 5, 10):
        if (hi - lo) / (step * m) <= n:
            step *= m
            break
    first = math.ceil(lo / step) * step
    return [first + i * step for i in range(int((hi - first) / step) + 1)]


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:g}"


def _jitter(key: str) -> float:
    return (int(hashlib.md5(key.encode()).hexdigest()[:4], 16) / 0xFFFF - 0.5) * 16


def strip_chart(title: str, rows: list[dict], key: str, href: Callable[[dict], str],
                name: Callable[[dict], str], unit: str = "") -> str:
    points = [(r, r.get(f"_m_{key}")) for r in rows]
    points = [(r, v) for r, v in points if v is not None]
    if not points:
        return f'<div class="chart"><h3>{escape(title)}</h3><p class="muted">（无数据）</p></div>'
    groups = sorted({r.get("peer_group") or "未分组" for r, _ in points})
    lo = float(min(v for _, v in points))
    hi = float(max(v for _, v in points))
    pad = (hi - lo) * 0.05 or 1
    lo, hi = lo - pad, hi + pad
    ticks = _ticks(lo, hi)
    lo, hi = min(lo, ticks[0]), max(hi, ticks[-1])
    x = lambda v: LEFT + (float(v) - lo) / (hi - lo) * (W - LEFT - RIGHT)
    height = TOP + ROW * len(groups) + 24
    out = [f'<div class="chart"><h3>{escape(title)}</h3>',
           f'<svg viewBox="0 0 {W} {height}" role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">']
    for t in ticks:
        out.append(f'<line class="axis" x1="{x(t):.1f}" x2="{x(t):.1f}" y1="{TOP - 6}" y2="{height - 22}" '
                   f'stroke-dasharray="2 3"/><text x="{x(t):.1f}" y="{height - 8}" text-anchor="middle">{_fmt(t)}</text>')
    for gi, g in enumerate(groups):
        cy = TOP + ROW * gi + ROW / 2
        n = sum(1 for r, _ in points if (r.get("peer_group") or "未分组") == g)
        out.append(f'<text x="{LEFT - 8}" y="{cy + 4:.1f}" text-anchor="end">{escape(g)}（{n}）</text>')
        out.append(f'<line class="axis" x1="{LEFT}" x2="{W - RIGHT}" y1="{cy:.1f}" y2="{cy:.1f}"/>')
    labels = []
    for r, v in points:
        gi = groups.index(r.get("peer_group") or "未分组")
        cy = TOP + ROW * gi + ROW / 2 + _jitter(r["doc_id"] + str(r.get("evaluation")))
        z = r.get("_outlier_keys", {}).get(key)
        tip = f"{name(r)} {r.get('year') or ''}：{v}{unit}" + (f"（离群 z={z}）" if z is not None else "")
        cls = ' class="out"' if z is not None else ""
        out.append(f'<a href="{escape(href(r))}"><circle cx="{x(v):.1f}" cy="{cy:.1f}" r="{5 if cls else 4}"{cls}>'
                   f'<title>{escape(tip)}</title></circle></a>')
        if z is not None:
            anchor = "end" if x(v) > W * 0.7 else "start"
            dx = -7 if anchor == "end" else 7
            labels.append(f'<text x="{x(v) + dx:.1f}" y="{cy - 6:.1f}" text-anchor="{anchor}" '
                          f'fill="#c92a2a">{escape(name(r)[:12])}</text>')
    out += labels
    out.append("</svg></div>")
    return "".join(out)


def category_bars(counts: dict[str, dict[str, int]], names: Optional[dict[str, str]] = None) -> str:
    """counts: category → {severity: n}."""
    if not counts:
        return '<p class="muted">（没有发现）</p>'
    names = names or {}
    cats = sorted(counts, key=lambda c: -sum(counts[c].values()))
    top = max(sum(v.values()) for v in counts.values())
    row, left, width = 22, 210, 640
    height = row * len(cats) + 10
    out = [f'<div class="chart bars"><svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" '
           f'role="img" aria-label="发现按类别">']
    for i, c in enumerate(cats):
        y = 4 + i * row
        out.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end">{escape(names.get(c, c))}</text>')
        x0 = float(left)
        for sev in ("error", "warning", "info"):
            n = counts[c].get(sev, 0)
            if not n:
                continue
            w = n / top * (width - left - 60)
            out.append(f'<rect class="bar-{sev}" x="{x0:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 8}">'
                       f'<title>{escape(names.get(c, c))} {sev} {n}</title></rect>')
            x0 += w
        out.append(f'<text x="{x0 + 6:.1f}" y="{y + 14}">{sum(counts[c].values())}</text>')
    out.append("</svg></div>")
    return "".join(out)
