#!/usr/bin/env python3
"""N distinct reports from the report sources, for the answers benchmark (export and report on 1,000 reports).

Copies of one report are the same report to jixiao (`documents.duplicate_of`: same department, year, kind
and project) and are compared once, so a benchmark of 1,000 copies of the development PDFs measures 11
reports.  This script makes each of N reports a different one: from the report sources (samples/sources/*.rpt
and samples/heldout/*.rpt, 57 of them) it writes variants in which

- the department's own division (the last of the region its name starts with, by schemas/divisions.tsv) is
  replaced everywhere by a sibling division of the same level and suffix: 桂东县林业局 → 汝城县林业局;
- every year is moved back by 0–5 years, also in 〔2025〕 document numbers and in 二〇二五年 dates;
- every amount of money is multiplied by a whole factor (1, 2 or 3): amounts in 元/万元/亿元 in the text and
  in indicator cells, and the amount columns of the budget tables (a header naming 预算/执行/决算… under a
  (万元)/(元) caption).  A whole factor keeps every printed digit exact at the printed precision, so sums,
  differences, rates, shares and per-unit costs stay as true as in the source; percentages, scores, counts
  and non-money units (万亩, 人次) are left as they are.

Variant 0 of each source is the source itself; no two variants share a title (department, year, kind and
project are in the title), so no file is a duplicate_of another.  tests/test_distinct_reports.py checks it.

Rendering: PDFs with reportlab's STSong-Light CID font (the `rl` producer of shared/tools/render.py, copied
here so the benchmark needs nothing outside the repository), ~30 ms a report; `--format txt` writes the
.txt rendering (`| a | b |` rows are tables to jixiao's text reader).

Usage: distinct_reports.py OUT_DIR [--n 1000] [--format pdf|txt] [--workers 2]
"""
from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
from concurrent.futures import ProcessPoolExecutor
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCE_DIRS = (ROOT / "samples" / "sources", ROOT / "samples" / "heldout")
YEAR_SHIFTS = (0, -1, -2, -3, -4, -5)       # back only: a report is never dated after today
FACTORS = (1, 2, 3)
CN_DIGITS = "〇一二三四五六七八九"

YEAR = re.compile(r"(?<![\d.,])(20[0-4]\d)(?=\s*(?:年|〕|\]|】|-|—|－|至|～|~|）|\)))")
CN_YEAR = re.compile(r"二〇[〇一二三四][〇一二三四五六七八九](?=年)")
NUMBER = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
MONEY = re.compile(NUMBER + r"(?=\s*(?:余|多)?\s*(?:亿|万|千)?(?:余|多)?元)")
CELL_NUMBER = re.compile(r"^([-－−]?)" + NUMBER + r"$")
MONEY_HEADER = re.compile(r"预算|执行数|决算|支出|收入|金额|资金|结转|结余|拨款|合计|投入|增减额")
NOT_MONEY_HEADER = re.compile(r"率|分值|得分|权重|比|%|％|指标|数量|人|个数")


# --- the source: parse as shared/tools/render.py does -------------------------------------------------

def parse(src: str):
    """(style options, blocks): title / center / right / para / table (rows of cells) / page."""
    opts, blocks, table = {}, [], None
    for raw in src.splitlines():
        line = raw.rstrip()
        if line.startswith("%%"):
            k, _, v = line[2:].partition(":")
            opts[k.strip()] = v.strip()
            continue
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if table is None:
                table = []
                blocks.append(("table", table))
            table.append(cells)
            continue
        table = None
        if not line.strip():
            continue
        if line.strip() == "===page===":
            blocks.append(("page", None))
        elif line.startswith("## "):
            blocks.append(("center", line[3:]))
        elif line.startswith("# "):
            blocks.append(("title", line[2:]))
        elif line.startswith("> "):
            blocks.append(("right", line[2:]))
        else:
            blocks.append(("para", line.strip()))
    return opts, blocks


def title_of(blocks) -> str:
    for kind, val in blocks:
        if kind == "title":
            return val
    return ""


# --- variation -----------------------------------------------------------------------------------------

def own_division(src: str):
    """The division the department is named after (the last of the title's region), or None."""
    from extract.divisions import _table, region_prefix
    opts, blocks = parse(src)
    by_name, _ = _table()
    for line in (title_of(blocks), opts.get("header", ""), *(v for k, v in blocks if k in ("center", "right"))):
        region = region_prefix(re.sub(r"^\s*\d{4}\s*年度?", "", line))
        if region:
            for n in range(min(12, len(region)), 1, -1):
                for d in by_name.get(region[-n:], ()):
                    return d
    return None


def siblings(div) -> list:
    """Divisions of the same parent and level whose name is unique in the country, by code."""
    from extract.divisions import _table
    by_name, by_code = _table()
    out = [d for d in by_code.values() if d.parent == div.parent and d.level == div.level and d.code != div.code
           and len(by_name.get(d.name, ())) == 1]
    return sorted(out, key=lambda d: d.code)


def _shift_year(m: re.Match, delta: int) -> str:
    return str(int(m.group(1)) + delta)


def _shift_cn_year(m: re.Match, delta: int) -> str:
    y = int("".join(str(CN_DIGITS.index(c)) for c in m.group(0))) + delta
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def scale_number(whole: str, frac: str | None, factor: int) -> str:
    """whole(,ddd)* [.frac] × factor at the printed precision, commas kept when printed."""
    value = Decimal(whole.replace(",", "") + (frac or "")) * factor
    places = len(frac) - 1 if frac else 0
    return f"{value:,.{places}f}" if "," in whole else f"{value:.{places}f}"


def _scale_money(text: str, factor: int) -> str:
    return MONEY.sub(lambda m: scale_number(m.group(1), m.group(2), factor), text)


def _scale_table(rows: list[list[str]], factor: int, unit_before: bool) -> list[list[str]]:
    """Amount columns: under a header row naming 预算/执行/决算… when the header or the caption says 元."""
    out, money_cols = [], set()
    for row in rows:
        if not any(CELL_NUMBER.match(c) for c in row) and any(MONEY_HEADER.search(c) for c in row):
            has_unit = unit_before or any("元" in c for c in row)
            money_cols = {j for j, c in enumerate(row) if has_unit and MONEY_HEADER.search(c)
                          and not NOT_MONEY_HEADER.search(c.replace("（万元）", "").replace("（元）", ""))}
            out.append([_scale_money(c, factor) for c in row])
            continue
        new = []
        for j, c in enumerate(row):
            m = CELL_NUMBER.match(c)
            new.append(m.group(1) + scale_number(m.group(2), m.group(3), factor) if m and j in money_cols
                       else _scale_money(c, factor))
        out.append(new)
    return out


def vary(src: str, old: str | None, new: str | None, delta: int, factor: int) -> str:
    """The source with the division renamed, years moved by delta and money multiplied by factor."""
    lines, out, table = src.splitlines(), [], []
    unit_before = False

    def flush():
        nonlocal table
        if table:
            rows = [[c.strip() for c in t.strip().strip("|").split("|")] for t in table]
            out.extend("| " + " | ".join(r) + " |" for r in _scale_table(rows, factor, unit_before))
        table = []

    for line in lines:
        if old and new:
            line = line.replace(old, new)
        line = YEAR.sub(lambda m: _shift_year(m, delta), line)
        line = CN_YEAR.sub(lambda m: _shift_cn_year(m, delta), line)
        if line.startswith("|") and factor != 1:
            table.append(line)
            continue
        flush()
        if not line.startswith("%%") and factor != 1:
            if line.strip():
                unit_before = bool(re.search(r"单位[：:]\s*(?:亿元|万元|千元|元)|[（(](?:亿元|万元|千元|元)[)）][：:]?\s*$", line))
            line = _scale_money(line, factor)
        out.append(line)
    flush()
    return "\n".join(out) + "\n"


def sources() -> list[Path]:
    return sorted(p for d in SOURCE_DIRS for p in d.glob("*.rpt"))


def plan(n: int, seed: int = 2026) -> list[tuple[Path, str | None, str | None, int, int, str]]:
    """n variants (source, old division, new division, year shift, money factor, name), the sources in
    turn, each source's variants in a fixed shuffled order of (division, shift); titles all different."""
    srcs = sources()
    if not srcs:
        raise SystemExit("no report sources (samples/sources/*.rpt, samples/heldout/*.rpt)")
    queues = []
    for p in srcs:
        text = p.read_text(encoding="utf-8")
        div = own_division(text)
        names = [div.name] + [d.name for d in siblings(div)] if div else [None]
        combos = list(itertools.product(names, YEAR_SHIFTS))[1:]
        random.Random(f"{seed}-{p.stem}").shuffle(combos)
        queues.append((p, text, div.name if div else None, [(names[0], 0)] + combos))
    seen, out = set(), []
    for k in itertools.count():
        progressed = False
        for p, text, old, combos in queues:
            if len(out) == n:
                return out
            if k >= len(combos):
                continue
            progressed = True
            new, delta = combos[k]
            title = title_of(parse(vary(text, old, new, delta, 1))[1])
            if title in seen:
                continue
            seen.add(title)
            factor = FACTORS[k % len(FACTORS)]
            out.append((p, old, new, delta, factor, f"{len(out):05d}-{p.stem}-v{k}"))
        if not progressed:
            raise SystemExit(f"only {len(out)} distinct variants can be made from {len(srcs)} sources")
    return out


# --- rendering -----------------------------------------------------------------------------------------

def render_pdf(opts, blocks, path: Path) -> None:
    """reportlab with the STSong-Light CID font: shared/tools/render.py's `rl` producer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    if font not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    size = float(opts.get("size", "12"))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    w, h = A4
    left, right, top, bottom = 72, w - 72, h - 80, 80
    lead = size * 1.8
    y, page = top, 1

    def footer():
        c.setFont(font, 9)
        c.drawCentredString(w / 2, 40, f"第 {page} 页")

    def newpage():
        nonlocal y, page
        footer()
        c.showPage()
        page += 1
        y = top

    def wrap(text, sz, width):
        lines, cur, cur_w = [], "", 0.0
        for ch in text:
            cw = pdfmetrics.stringWidth(ch, font, sz)
            if cur and cur_w + cw > width:
                lines.append(cur)
                cur, cur_w = ch, cw
            else:
                cur, cur_w = cur + ch, cur_w + cw
        lines.append(cur)
        return lines

    for kind, val in blocks:
        if kind == "page":
            newpage()
            continue
        if kind == "table":
            ncols = max(len(r) for r in val)
            cw = (right - left) / ncols
            sz = max(7, size - 3)
            for row in val:
                cells = [wrap(row[j] if j < len(row) else "", sz, cw - 6) for j in range(ncols)]
                rh = max(len(cl) for cl in cells) * sz * 1.4 + 6
                if y - rh < bottom:
                    newpage()
                c.setFont(font, sz)
                for j, cl in enumerate(cells):
                    x = left + j * cw
                    c.rect(x, y - rh, cw, rh)
                    for k, ln in enumerate(cl):
                        c.drawString(x + 3, y - 3 - (k + 1) * sz * 1.4 + sz * 0.3, ln)
                y -= rh
            y -= lead / 2
            continue
        sz = size + 4 if kind == "title" else size
        indent = sz * 2 if kind == "para" else 0
        for i, ln in enumerate(wrap(val, sz, right - left - indent)):
            if y - lead < bottom:
                newpage()
            c.setFont(font, sz)
            if kind in ("title", "center"):
                c.drawCentredString(w / 2, y - lead, ln)
            elif kind == "right":
                c.drawRightString(right, y - lead, ln)
            else:
                c.drawString(left + (indent if i == 0 else 0), y - lead, ln)
            y -= lead
    footer()
    c.save()


def render_txt(blocks, path: Path) -> None:
    """Plain text: one paragraph a line, tables as `| a | b |` rows, pages separated by form feeds."""
    lines = []
    for kind, val in blocks:
        if kind == "page":
            lines.append("\f")
        elif kind == "table":
            lines.extend("| " + " | ".join(r) + " |" for r in val)
            lines.append("")
        else:
            lines.append(val)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _make(job) -> str:
    (src, old, new, delta, factor, name), folder, fmt = job
    opts, blocks = parse(vary(src.read_text(encoding="utf-8"), old, new, delta, factor))
    path = Path(folder) / f"{name}.{fmt}"
    (render_pdf(opts, blocks, path) if fmt == "pdf" else render_txt(blocks, path))
    return str(path)


def build(n: int, folder: Path, fmt: str = "pdf", workers: int = 2) -> list[Path]:
    """Write n distinct reports into folder; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    jobs = [(v, str(folder), fmt) for v in plan(n)]
    if workers > 1 and n > 20:
        with ProcessPoolExecutor(workers) as pool:
            return [Path(p) for p in pool.map(_make, jobs, chunksize=16)]
    return [Path(_make(j)) for j in jobs]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--format", choices=("pdf", "txt"), default="pdf")
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    paths = build(a.n, a.out_dir, a.format, a.workers)
    print(f"{len(paths)} reports in {a.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
