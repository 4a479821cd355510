#!/usr/bin/env python3
"""Render report sources (.rpt) as the web pages Chinese government portals publish them on.

Each page carries the site's furniture around the report: a header with the site name and navigation,
a breadcrumb (当前位置：首页 > 政务公开 > …), the title, the 发布时间/来源/浏览次数/字号 bar, the article
(paragraphs in <p>; headings in <p><strong>, <h3> or bold <p> depending on the site; tables with the
source's merged cells as rowspan/colspan), share and print/close links, and a footer with the sponsor,
phone number, ICP and 公安 filing numbers.  Four site styles rotate:

  trs      UTF-8 with <meta charset>, TRS-style <div class="TRS_Editor">, headings in <p><strong>
  tables   an older site laid out in nested tables (the info bar a table of its own), GB2312 declared
           by http-equiv (GBK bytes), <font> tags, unclosed <p>s, the title repeated at the top of the body
  html5    UTF-8, <header>/<nav>/<article>/<footer>, headings in <h3>/<h4>, ASCII punctuation (, : ; ( ))
  gbk      <meta charset="gbk">, the title only in <title> (with the site's name), 【】 info bar,
           paragraphs split by <br> inside one <p>, &nbsp; indents, ASCII punctuation
  word     a report pasted from Word: MsoNormal paragraphs of <span>s, <o:p> tags, conditional comments,
           table cells holding <p>s, the HTML source wrapped mid-sentence, GB2312 declared by http-equiv

Usage: make_portal_pages.py OUT_DIR SOURCE.rpt [SOURCE.rpt …] [--expected-from DIR …]
With --expected-from, each page gets NAME.expected.json: the source report's expected file (looked up
as NAME.expected.json in the given folders) with "file" pointing at the page.
"""
from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from pathlib import Path

HEADING = re.compile(r"^\s*(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
STYLES = ("trs", "tables", "html5", "gbk", "word")
ASCII_PUNCT = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")"})
SITES = ["人民政府", "财政局", "人民政府门户网站"]


def parse(src: str):
    """The .rpt source as blocks (title, center, right, para, table), as shared/tools/render.py reads it:
    `distinct_reports.parse` without the style options and page breaks, texts stripped."""
    from distinct_reports import parse as parse_source
    _, blocks = parse_source(src)
    return [(kind, val.strip() if isinstance(val, str) else val) for kind, val in blocks if kind != "page"]


def first_title(blocks) -> str:
    """The page title: the source's first run of title lines (a title set on two lines is one line)."""
    out = []
    for kind, val in blocks:
        if kind == "title":
            out.append(val)
        elif out:
            break
    return "".join(out)


def without_first_title(blocks) -> list:
    """The blocks after the page title; a later title line (a cover's title repeated) stays in the body."""
    out, seen, done = [], False, False
    for kind, val in blocks:
        if kind == "title" and not done:
            seen = True
            continue
        done = done or seen
        out.append(("center", val) if kind == "title" else (kind, val))
    return out


def spans(rows: list[list[str]]) -> list[list[tuple[str, int, int]]]:
    """Merged cells the way an editor makes them: a label repeated or left blank under itself in the first
    two columns becomes one cell spanning those rows; a cell followed by blanks to the row's end spans
    them.  Returns per row the (text, rowspan, colspan) of the cells that are written."""
    ncols = max(len(r) for r in rows)
    grid = [r + [""] * (ncols - len(r)) for r in rows]
    covered = set()
    out: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(grid):
        cells = []
        for c in range(ncols):
            if (r, c) in covered:
                continue
            text, rs, cs = row[c], 1, 1
            if c < 2 and text and not re.search(r"\d", text):
                while r + rs < len(grid) and grid[r + rs][c] in ("", text) and any(grid[r + rs][2:]) \
                        and (c == 0 or grid[r + rs][0] in ("", grid[r][0])):
                    rs += 1
            if text and rs == 1 and all(not x for x in row[c + 1:]) and c + 1 < ncols and r > 0:
                cs = ncols - c
            for dr in range(rs):
                for dc in range(cs):
                    covered.add((r + dr, c + dc))
            cells.append((text, rs, cs))
        out.append(cells)
    return out


def table_html(rows: list[list[str]], style: str) -> str:
    attrs = ' border="1" cellspacing="0" cellpadding="4"' if style in ("tables", "gbk") else ' class="data"'
    parts = [f"<table{attrs}>"]
    if style == "html5":
        parts.append("<tbody>")
    for r, cells in enumerate(spans(rows)):
        parts.append("<tr>")
        for text, rs, cs in cells:
            tag = "th" if r == 0 and style == "html5" else "td"
            span = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
            inner = html.escape(text) or ("&nbsp;" if style in ("tables", "gbk") else "")
            if style == "trs":
                inner = f'<p style="text-align:center">{inner}</p>'
            parts.append(f"<{tag}{span}>{inner}</{tag}>")
        parts.append("</tr>")
    parts.append("</tbody></table>" if style == "html5" else "</table>")
    return "\n".join(parts)


def body_html(blocks, style: str, title: str) -> str:
    out = []
    if style == "tables":
        out.append(f'<p align="center"><font size="4"><b>{html.escape(title)}</b></font></p>')
    pending_br: list[str] = []

    def flush_br():
        if pending_br:
            out.append("<p>" + "<br>\n".join(pending_br) + "</p>")
            pending_br.clear()

    for i, (kind, val) in enumerate(without_first_title(blocks)):
        if kind == "table":
            flush_br()
            out.append(table_html(val, style))
            continue
        text = html.escape(val)
        if kind == "center":
            flush_br()
            out.append(f'<p style="text-align:center">{text}</p>')
        elif kind == "right":
            flush_br()
            out.append(f'<p style="text-align:right">{text}</p>')
        elif HEADING.match(val):
            flush_br()
            out.append(heading_html(val, style))
        elif style == "gbk" and len(pending_br) < 2 and i % 3:
            pending_br.append("&nbsp;&nbsp;&nbsp;&nbsp;" + text)
        else:
            flush_br()
            if style == "tables":
                out.append(f'<p style="text-indent:2em"><font face="仿宋_GB2312">{text}</font>')   # no </p>
            elif style == "gbk":
                out.append(f'<p>&nbsp;&nbsp;&nbsp;&nbsp;<span style="font-family:仿宋">{text}</span></p>')
            else:
                out.append(f'<p style="text-indent:2em">{text}</p>')
    flush_br()
    return "\n".join(out)


def word_html(blocks) -> str:
    """Word's "save as web page": every paragraph a MsoNormal <p> of <span>s, source lines wrapped."""
    out = []
    for kind, val in [("title", first_title(blocks))] + without_first_title(blocks):
        if kind == "title":
            out.append(f"<p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;"
                       f"font-family:方正小标宋简体'>{html.escape(val)}<o:p></o:p></span></b></p>")
        elif kind == "table":
            out.append("<div align=center><table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 "
                       "style='border-collapse:collapse;border:none'>")
            for cells in spans(val):
                out.append(" <tr style='height:20.0pt'>")
                for text, rs, cs in cells:
                    span = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
                    out.append(f"  <td width=80{span} valign=top style='border:solid windowtext 1.0pt'>"
                               f"<p class=MsoNormal align=center style='text-align:center'><span "
                               f"style='font-size:10.5pt'>{html.escape(text)}<o:p>&nbsp;</o:p></span></p></td>")
                out.append(" </tr>")
            out.append("</table></div>")
        else:
            align = {"center": " align=center style='text-align:center'", "right": " align=right style='text-align:right'"}
            bold = kind == "para" and HEADING.match(val)
            text = html.escape(val)
            if bold:
                text = f"<b style='mso-bidi-font-weight:normal'>{text}</b>"
            # Word splits a run where the formatting changes: a number in its own span
            text = re.sub(r"(\d[\d,.]*)", r"</span><span lang=EN-US style='font-family:\"Times New Roman\"'>\1</span>"
                          r"<span style='font-family:仿宋_GB2312'>", text)
            out.append(f"<p class=MsoNormal{align.get(kind, chr(32) + 'style=' + chr(39) + 'text-indent:32.0pt' + chr(39))}>"
                       f"<span style='font-family:仿宋_GB2312'>{text}<o:p></o:p></span></p>")
    src = "\n".join(out)
    # Word wraps its HTML source at about 76 columns, between Chinese characters
    return re.sub(r"([\u4e00-\u9fff]{38})(?=[\u4e00-\u9fff])", "\\1\n", src)


def heading_html(val: str, style: str) -> str:
    """A heading line; a run-in heading (（一）基本支出。基本支出…) keeps its body in the same paragraph."""
    m = re.match(r"^(.{2,40}?[。：:])(.+)$", val)
    head, rest = (m.group(1), m.group(2)) if m and len(val) > 40 else (val, "")
    h, r = html.escape(head), html.escape(rest)
    if style == "html5" and not rest:
        level = "h3" if re.match(r"^(第.+部分|[一二三四五六七八九十]+、)", val) else "h4"
        return f"<{level}>{h}</{level}>"
    if style == "gbk":
        return f'<p style="font-weight:bold">{h}</p>' if not rest else f"<p><b>{h}</b>{r}</p>"
    if style == "tables":
        return f"<p><b><font face=\"黑体\">{h}</font></b>{r}</p>"
    return f"<p><strong>{h}</strong>{r}</p>"


def page(blocks, style: str, seed: int) -> tuple[str, str]:
    rnd = random.Random(seed)
    title = first_title(blocks)
    region = re.match(r"(.{2,6}?(?:自治县|自治州|省|市|县|区|州|旗))", title)
    site = (region.group(1) if region else "某某县") + SITES[seed % len(SITES)]
    year = int(m.group(1)) + 1 if (m := re.search(r"(\d{4})", title)) else 2025
    date = f"{year}-{rnd.randint(4, 9):02d}-{rnd.randint(10, 28):02d}"
    clock = f"{rnd.randint(8, 17):02d}:{rnd.randint(0, 59):02d}"
    views = rnd.randint(30, 3000)
    icp = f"{rnd.choice('湘赣川渝粤闽冀鲁')}ICP备{rnd.randint(10000000, 99999999)}号-{rnd.randint(1, 3)}"
    police = f"公网安备 {rnd.randint(10**13, 10**14 - 1)}号"
    phone = f"0{rnd.randint(730, 799)}-{rnd.randint(2000000, 8999999)}"
    if style in ("html5", "gbk"):
        blocks = [(k, v.translate(ASCII_PUNCT) if k == "para" else v) if k != "table" else
                  (k, [[c.translate(ASCII_PUNCT) for c in row] for row in v]) for k, v in blocks]
    body = body_html(blocks, style, title)
    nav = "".join(f'<li><a href="/{i}/">{w}</a></li>' for i, w in
                  enumerate(["首页", "政务公开", "政务服务", "互动交流", "走进" + site[:2], "专题专栏"]))
    crumb = '<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/czyjs/">财政预决算</a> &gt; <a href="#">绩效评价</a>'
    share = '<div class="bdsharebuttonbox"><span>分享到：</span><a class="bds_weixin">微信</a><a class="bds_tsina">微博</a><a class="bds_qzone">QQ空间</a></div>'
    tools = '<div class="article-tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>'
    footer_lines = [f"主办单位：{site}办公室　承办：{site}信息中心", f"地址：{site}人民路1号　联系电话：{phone}",
                    f"{icp}　{police}　网站标识码：{rnd.randint(10**9, 10**10 - 1)}", "建议使用1920×1080分辨率浏览"]
    esc_title = html.escape(title)
    if style == "trs":
        return "utf-8", f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{esc_title}_{site}</title>
<meta name="ArticleTitle" content="{esc_title}"><meta name="PubDate" content="{date} {clock}">
<script>var _hmt = _hmt || []; document.write("统计");</script><style>.nav li{{float:left}}</style></head>
<body><div class="header"><div class="logo">{site}</div><ul class="nav">{nav}</ul>
<div class="search"><input type="text" value="请输入关键字"><button>搜索</button></div></div>
<div class="position">当前位置：{crumb}</div>
<div class="main"><div class="left-menu"><ul>{nav}</ul></div>
<div class="content"><h1 class="article-title">{esc_title}</h1>
<div class="article-info">发布时间：{date} {clock}　　来源：{site}　　浏览次数：<span id="hits">{views}</span>　　字号：<a>大</a> <a>中</a> <a>小</a></div>
<div class="TRS_Editor">{body}</div>
{share}{tools}
<div class="prev-next"><p>上一篇：<a href="#">关于做好预算公开工作的通知</a></p><p>下一篇：<a href="#">2024年政府信息公开年度报告</a></p></div>
</div></div>
<div class="footer">{''.join(f'<p>{x}</p>' for x in footer_lines)}</div></body></html>
"""
    if style == "tables":
        return "gb18030", f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{esc_title}</title></head>
<body topmargin="0"><table width="1000" align="center" border="0"><tr><td>
<table width="100%"><tr><td class="banner"><font size="6" color="#cc0000">{site}</font></td></tr>
<tr><td class="menu"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/bs/">办事服务</a> | <a href="/hd/">互动交流</a></td></tr></table>
<table width="100%"><tr><td class="weizhi">您现在的位置：{crumb}</td></tr></table>
<table width="100%" border="0"><tr><td width="200" valign="top" class="leftnav"><a href="#">通知公告</a><br><a href="#">财政预决算</a><br><a href="#">绩效评价</a></td>
<td valign="top"><table width="100%"><tr><td align="center" height="40"><font size="5"><b>{esc_title}</b></font></td></tr>
<tr><td align="center"><table class="info"><tr><td>发布日期：{date.replace('-', '年', 1).replace('-', '月')}日</td><td>信息来源：{site}</td><td>点击数：{views}</td></tr></table></td></tr>
<tr><td class="zw">{body}</td></tr>
<tr><td align="right"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></td></tr></table>
</td></tr></table>
<table width="100%" class="bottom"><tr><td align="center">{'<br>'.join(footer_lines)}</td></tr></table>
</td></tr></table></body></html>
"""
    if style == "html5":
        return "utf-8", f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8"><meta name="viewport" content="width=device-width">
<title>{esc_title} - {site}</title><meta property="article:published_time" content="{date}T{clock}:00+08:00"></head>
<body><header><div class="site-name">{site}</div><nav><ul>{nav}</ul></nav></header>
<main><div class="breadcrumb">您当前的位置：{crumb}</div>
<article><h1>{esc_title}</h1>
<div class="meta"><span>发布时间：{date} {clock}</span> <span>来源：{site}</span> <span>浏览次数：{views}</span></div>
<div class="article-body">{body}</div>
<div class="share">分享到：<a>微信</a><a>微博</a></div></article>
<aside class="related"><h2>相关文章</h2><ul><li><a href="#">{site}2023年部门预算公开</a></li><li><a href="#">{site}2023年部门决算公开</a></li></ul></aside>
</main>
<footer><p>{'</p><p>'.join(footer_lines)}</p></footer></body></html>
"""
    if style == "word":
        return "gb18030", f"""<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=Generator content="Microsoft Word 15"><title>{esc_title}</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {{margin:0cm;font-size:16.0pt;font-family:仿宋_GB2312}} --></style></head>
<body lang=ZH-CN style='tab-interval:21.0pt'>
<div class="top"><a href="/">{site}</a> <a href="/zwgk/">政务公开</a></div>
<div class="crumb">您所在的位置：{crumb}</div>
<div class="article"><div class="title">{esc_title}</div>
<div class="sub">时间：{date} {clock}　来源：{site}　阅读次数：{views}</div>
<div class=WordSection1 style='layout-grid:15.6pt'>
{word_html(blocks)}
</div>
<div class="tools">【<a href="#">打印</a>】【<a href="#">关闭</a>】</div></div>
<div class="copyright">{'　'.join(footer_lines)}</div>
</body></html>
"""
    return "gb18030", f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="gbk" /><title>{esc_title}_{site}</title></head>
<body><div id="top"><div class="logo"><img src="logo.png" alt="{site}" /></div><div class="menu">{nav}</div></div>
<div class="dqwz">当前位置：{crumb}</div>
<div class="wrap"><div class="detail">
<div class="xx">【发布时间：{date}】【来源：{site}】【浏览次数：{views}】【字号：大 中 小】</div>
<div id="zoom">{body}</div>
<div class="dayin"><a href="#">[打印]</a> <a href="#">[关闭]</a></div>
</div></div>
<div id="foot">{'<br />'.join(footer_lines)}</div></body></html>
"""


def copy_key(name: str, folders: list[Path], target: Path) -> None:
    """The answer key of report `name` (the first found in `folders`), beside `target`, naming it."""
    exp = next((d / f"{name}.expected.json" for d in folders if (d / f"{name}.expected.json").exists()), None)
    if exp is not None:
        truth = json.loads(exp.read_text(encoding="utf-8"))
        truth["file"] = target.name
        (target.parent / f"{name}.expected.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                            encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("sources", type=Path, nargs="+")
    ap.add_argument("--expected-from", type=Path, action="append", default=[])
    ap.add_argument("--styles", default=",".join(STYLES))
    a = ap.parse_args()
    styles = a.styles.split(",")
    a.out_dir.mkdir(parents=True, exist_ok=True)
    for i, src in enumerate(a.sources):
        name = src.name.removesuffix(".rpt.txt").removesuffix(".rpt")
        style = styles[i % len(styles)]
        enc, text = page(parse(src.read_text(encoding="utf-8")), style, seed=i)
        suffix = ".shtml" if style == "gbk" else ".html"
        target = a.out_dir / f"{name}{suffix}"
        target.write_bytes(text.encode(enc))
        copy_key(name, [src.parent] + a.expected_from, target)
        print(f"{target} ({style}, {enc})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
