#!/usr/bin/env python3
"""Render report sources (.rpt) as the text a user gets by selecting a portal page and copying it.

The page is the one `make_portal_pages.py` renders; the copy is what a browser puts on the clipboard:
the site name and menu one item a line, the breadcrumb, the title, the 发布时间/来源/浏览次数 bar, the
report's paragraphs one a line, tables one row a line with cells separated by tabs (a cell a row span
covers is not copied, so such rows come out short), then share/print links and the footer.  Two
flavours rotate:

  browser  the copy as above, the source's full-width punctuation
  ascii    the same with ASCII punctuation in the text (`,` `:` `;` `(` `)`), blank lines between
           paragraphs, and the page flattened onto one line for every third source (an archive's copy)

Usage: make_web_copies.py OUT_DIR SOURCE.rpt [SOURCE.rpt …] [--expected-from DIR …]
"""
from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from make_portal_pages import ASCII_PUNCT, copy_key, first_title, parse, spans, without_first_title  # noqa: E402


def copy_text(blocks, flavour: str, seed: int) -> str:
    rnd = random.Random(seed)
    title = first_title(blocks)
    region = re.match(r"(.{2,6}?(?:自治县|自治州|省|市|县|区|州|旗))", title)
    site = (region.group(1) if region else "某某县") + "人民政府"
    year = int(m.group(1)) + 1 if (m := re.search(r"(\d{4})", title)) else 2025
    date = f"{year}-{rnd.randint(4, 9):02d}-{rnd.randint(10, 28):02d} {rnd.randint(8, 17):02d}:{rnd.randint(0, 59):02d}"
    lines = [site, "首页", "政务公开", "办事服务", "互动交流", "当前位置：首页 > 政务公开 > 财政预决算 > 绩效评价", title,
             f"发布时间：{date}　来源：{site}　浏览次数：{rnd.randint(30, 3000)}　字号：大 中 小"]
    for kind, val in without_first_title(blocks):
        if kind == "table":
            for cells in spans(val):
                lines.append("\t".join(text for text, _, _ in cells))
        else:
            lines.append(val)
    lines += ["分享到：微信 微博 QQ空间", "打印本页 关闭窗口", f"主办单位：{site}办公室 联系电话：0{rnd.randint(730, 799)}-5551234",
              f"湘ICP备{rnd.randint(10**7, 10**8 - 1)}号 湘公网安备{rnd.randint(10**13, 10**14 - 1)}号"]
    if flavour == "ascii":
        lines = [ln.translate(ASCII_PUNCT) for ln in lines]
        if seed % 3 == 2:                       # an archive that kept the page on one line
            return " ".join(ln.replace("\t", " ") for ln in lines) + "\n"
        return "\n\n".join(lines) + "\n"
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("--expected-from", type=Path, action="append", default=[])
    a = ap.parse_args()
    a.out_dir.mkdir(parents=True, exist_ok=True)
    for i, src in enumerate(a.sources):
        name = src.name.removesuffix(".rpt.txt").removesuffix(".rpt")
        flavour = ("browser", "ascii")[i % 2]
        target = a.out_dir / f"{name}.txt"
        target.write_text(copy_text(parse(src.read_text(encoding="utf-8")), flavour, seed=i), encoding="utf-8")
        copy_key(name, [src.parent] + a.expected_from, target)
        print(f"{target} ({flavour})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
