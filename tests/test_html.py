"""Saved web pages: encodings, the article among the site's furniture, the publication date, tables with
merged cells (same grid path as PDF tables), broken markup, and a page a crawler saved as .pdf."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.process import process
from extract.readers import read_document

DATA = Path(__file__).resolve().parent / "data"

REPORT = """
<p><strong>一、部门基本情况</strong></p>
<p>　　局机关内设办公室、财务股、业务股3个股室，核定编制15名，年末在编在岗14人，退休人员6人。</p>
<h3>二、部门整体支出情况</h3>
<p>2024年全年预算数500.00万元，全年执行数480.00万元，预算执行率96.00%。</p>
<p>单位：万元</p>
<table border="1">
 <tr><td rowspan="2">支出项目</td><td colspan="2">金额（万元）</td></tr>
 <tr><td>预算数</td><td>执行数</td></tr>
 <tr><td>基本支出</td><td>310.00</td><td>300.00</td></tr>
 <tr><td>项目支出</td><td>190.00</td><td>180.00</td></tr>
</table>
<p><b>三、其他需要说明的情况</b></p><p>无。</p>
"""
TITLE = "某某县档案馆2024年度部门整体支出绩效自评报告"


def portal(body: str = REPORT, charset: str = "utf-8", head_meta: str = "") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="{charset}">{head_meta}<title>{TITLE}_某某县人民政府</title>
<script>document.write('统计代码');</script><style>.nav{{color:red}}</style></head><body>
<div class="header"><div class="logo">某某县人民政府</div>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bs">办事服务</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 财政预决算</div>
<div class="main"><div class="left"><ul><li><a href="#">通知公告</a></li><li><a href="#">政策文件</a></li></ul></div>
<div class="article"><h1>{TITLE}</h1>
<div class="info">发布时间：2025-04-18 09:30　来源：某某县档案馆　浏览次数：<span>128</span>　字号：[大 中 小]</div>
<div class="TRS_Editor">{body}</div>
<div class="bdshare">分享到：<a>微信</a><a>微博</a></div>
<div class="tools"><a href="javascript:print()">打印本页</a> <a href="javascript:close()">关闭窗口</a></div>
</div></div>
<div class="footer"><p>主办单位：某某县人民政府办公室 联系电话：0731-5551234</p>
<p>湘ICP备12345678号-1 湘公网安备 43010202000123号 网站标识码：4301000001</p></div></body></html>"""


def write(tmp_path: Path, name: str, html: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(html.encode(encoding))
    return p


def test_article_furniture_and_publication_date(tmp_path):
    r = process(write(tmp_path, "page.html", portal()))
    doc = r.document
    assert doc.status == "ok" and doc.file_type == "html" and doc.published == "2025-04-18"
    assert doc.text.startswith(TITLE) and doc.paragraphs[0].display
    for furniture in ("首页", "当前位置", "浏览次数", "字号", "分享到", "打印本页", "关闭窗口", "ICP备", "公网安备",
                      "网站标识码", "联系电话", "统计代码", "通知公告"):
        assert furniture not in doc.text, furniture
    assert r.meta.title == TITLE and r.meta.year == 2024 and r.meta.department == "某某县档案馆"
    assert [s.number for s in r.sections] == ["一、", "二、", "三、"]
    f = {k: v.value for k, v in r.fields.items()}
    assert f["staff_quota"] == 15 and f["execution_rate"] == 96


def test_rowspan_and_colspan_expand_into_the_grid(tmp_path):
    doc = read_document(write(tmp_path, "page.html", portal()))
    table = doc.tables[0]
    assert table.row_texts() == [["支出项目", "金额（万元）", ""], ["", "预算数", "执行数"],
                                 ["基本支出", "310.00", "300.00"], ["项目支出", "190.00", "180.00"]]
    assert [[c.col for c in row] for row in table.rows] == [[0, 1, 2]] * 4
    assert table.caption == "单位：万元"
    for cell in table.rows[2]:
        assert doc.text[cell.start:cell.end] == cell.text


def test_nested_tables(tmp_path):
    """A page laid out in tables (the article in a cell of a cell) keeps its data table as a table."""
    body = f"<table><tr><td><table><tr><td>{REPORT}</td></tr></table></td><td><a href='#'>链接</a></td></tr></table>"
    doc = read_document(write(tmp_path, "layout.htm", portal(body)))
    assert len(doc.tables) == 1 and len(doc.tables[0].rows) == 4
    assert "核定编制15名" in doc.text


@pytest.mark.parametrize("encoding,declared", [("gbk", "gb2312"), ("gb18030", "gbk"), ("utf-8", "gb2312"),
                                               ("gbk", None), ("big5", "big5")])
def test_encodings(tmp_path, encoding, declared):
    html = portal(charset=declared or "x")
    if declared is None:
        html = html.replace('<meta charset="x">', "")
    if encoding == "big5":      # a traditional-Chinese page
        html = "<html><head><meta charset='big5'></head><body><div><h1>臺北市政府主計處績效報告</h1><p>本處預算執行率為百分之九十五，" \
               "實際支出數為四億一千萬元，較上年度增加。</p></div></body></html>"
    doc = read_document(write(tmp_path, "page.shtml", html, encoding))
    assert doc.status == "ok", doc.error
    assert ("某某县档案馆" in doc.text) if encoding != "big5" else ("臺北市政府主計處" in doc.text)
    if encoding == "utf-8" and declared == "gb2312":
        assert any("declared GB18030 but the bytes are UTF-8" in w for w in doc.warnings)


def test_utf8_bom_and_meta_date(tmp_path):
    html = portal(head_meta='<meta name="PubDate" content="2025-05-06 10:00">').replace("发布时间：2025-04-18 09:30", "")
    doc = read_document(write(tmp_path, "bom.html", "\ufeff" + html))
    assert doc.status == "ok" and doc.published == "2025-05-06"


@pytest.mark.parametrize("html", ids=["unclosed", "table-in-p", "deep", "controls", "xml-declaration"], argvalues=[
    "<html><body><div id=zoom><p>一、部门概况<p>核定编制15名<table><td>项目<td>金额<tr><td>基本支出<td>300</table>"
    "<p>二、支出</div>",                                          # unclosed p and td, td outside tr
    "<p>说明<table><tr><td>a</td><td>1</td></tr><tr><td>b</td><td>2</td></tr></table>后文</ a></p>",
    "<div>" * 1500 + "<p>深层嵌套的正文内容，共计100.00万元。</p>" + "</div>" * 1500,
    "<html><body>\x01\x02<p>控制字符\x0b之后的正文，共计5.00万元。</p></body></html>",
    "<?xml version='1.0' encoding='gb2312'?><html><body><p>带XML声明的页面正文，共计5.00万元。</p></body></html>",
])
def test_broken_markup_is_read(tmp_path, html):
    doc = read_document(write(tmp_path, "broken.html", html))
    assert doc.status == "ok", doc.error
    assert doc.text


def test_markup_nested_past_the_parser_limit_fails_clearly(tmp_path):
    doc = read_document(write(tmp_path, "deep.html", "<div>" * 5000 + "<p>正文</p>" + "</div>" * 5000))
    assert doc.status == "failed" and doc.error


def test_a_page_without_article_text_fails_clearly(tmp_path):
    doc = read_document(write(tmp_path, "nav.html", "<html><body><ul class='nav'><li><a href='/'>首页</a></li></ul>"
                                                    "<div class='footer'>湘ICP备12345678号</div></body></html>"))
    assert doc.status == "failed" and "no article text" in doc.error


def test_the_bar_and_tools_laid_out_as_tables(tmp_path):
    body = ('<div class="content"><h1>' + TITLE + '</h1><table><tr><td>发布时间：2025-04-18</td><td>来源：某某县档案馆</td>'
            '<td>浏览次数：12</td></tr></table>' + REPORT + '<table><tr><td>【打印本页】</td><td>【关闭窗口】</td></tr></table></div>')
    doc = read_document(write(tmp_path, "t.html", f"<html><body>{body}</body></html>"))
    assert doc.published == "2025-04-18" and len(doc.tables) == 1
    assert "来源" not in doc.text and "打印" not in doc.text


def test_title_from_a_title_classed_element_when_title_tag_names_the_column(tmp_path):
    """A TRS portal (as 平潭's): <title> holds the column and site, the title is a div.article_title, the
    bar a bare 时间：, the breadcrumb a list."""
    html = f"""<html><head><meta charset="utf-8"><title>部门决算公开_ 某某县人民政府 </title></head><body>
<div class="breadcrumb"><span>当前位置：</span><ul><li><a>首页</a></li><li><a>政务公开</a></li></ul></div>
<div class="article_component"><div class="article_title_group"><div class="article_title">{TITLE}</div></div>
<div class="article_extend"><span class="article_time">时间：2017-08-08 08:05</span><span class="article_views"></span></div>
<div class="article_content">{REPORT}</div></div></body></html>"""
    doc = read_document(write(tmp_path, "trs.html", html))
    assert doc.text.startswith(TITLE + "\n一、部门基本情况") and doc.published == "2017-08-08"


def test_html_named_pdf_from_a_crawler():
    """A real 重庆 page the crawler saved as .pdf: read as a web page (it only links the report's PDF)."""
    doc = read_document(DATA / "chongqing-guokuzhifu-2026-saved-page.pdf")
    assert doc.status == "ok" and doc.file_type == "html"
    assert any("named .pdf but its content is a web page" in w for w in doc.warnings)
    assert any("attachment" in w and "单位预算情况说明.pdf" in w for w in doc.warnings)
    assert doc.published == "2026-03-02"
    assert doc.text.startswith("重庆市财政国库支付中心2026年单位预算公开")
    assert "见附件" in doc.text and "国务院部门网站" not in doc.text and "索引号" not in doc.text
