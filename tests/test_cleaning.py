"""Cleaning rules: full-width normalisation, spaces between Chinese characters, page furniture, joins."""
from __future__ import annotations

from pathlib import Path

import pytest

from extract.readers.chars import PAGE_NUMBER, TOC_LINE, normalise_chars
from extract.readers import read_document

ROOT = Path(__file__).resolve().parent.parent


def norm(s: str) -> str:
    return "".join(c for c, _ in normalise_chars([(ch, None) for ch in s]))


@pytest.mark.parametrize("raw,want", [
    ("选聘生态护林员１８６人", "选聘生态护林员186人"),
    ("满意度９５％", "满意度95%"),
    ("整体支出 绩效自评报告", "整体支出绩效自评报告"),
    ("基本支出 218.47 万元", "基本支出 218.47 万元"),
    ("（一）主要职能：", "（一）主要职能："),          # Chinese punctuation the rules rely on is kept
    ("ＡＢＣ\u3000级", "ABC 级"),
    ("一 部门概况", "一 部门概况"),                  # a heading numeral without 、 keeps its space
    ("二十  自评结论", "二十 自评结论"),
    ("十个 股室", "十个股室"),
])
def test_normalise(raw, want):
    assert norm(raw) == want


@pytest.mark.parametrize("line", ["- 3 -", "—3—", "第 3 页", "第3页 共9页", "第 3 页，共 9 页", "3/9", "12"])
def test_page_numbers(line):
    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["2025 年度基本支出", "第三部分", "一、部门基本情况"])
def test_not_page_numbers(line):
    assert not PAGE_NUMBER.match(line)


def test_toc_lines():
    assert TOC_LINE.search("一、部门基本情况………………………………3")
    assert not TOC_LINE.search("一、部门基本情况")


def _pdf(tmp_path, pages: list[list[str]], header: str = "某某县财政局", name: str = "r.pdf"):
    """A born-digital PDF drawn with reportlab's built-in CJK font: header, body lines, page footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / name
    c = canvas.Canvas(str(path), pagesize=A4)
    w, h = A4
    for i, lines in enumerate(pages, start=1):
        c.setFont("STSong-Light", 10)
        c.drawString(72, h - 40, header)
        c.drawCentredString(w / 2, 30, f"- {i} -")
        c.setFont("STSong-Light", 14)
        y = h - 90
        for ln in lines:
            x = 72
            if ln.startswith("  "):
                x, ln = 100, ln.strip()
            c.drawString(x, y, ln)
            y -= 22
        c.showPage()
    c.save()
    return path


def test_pdf_furniture_and_joins(tmp_path):
    line = "这是一段很长的正文用来测试跨行连接效果的文字内容共计二十八个"   # 28 chars: a full line
    pages = [
        ["一、部门基本情况", "  单位现有编制为 12 个，在编在岗" + "人员情况说明如下所示测试文", line, line[:26] + "在编"],
        ["在岗 10 人，退休人员 3 人。", "二、支出情况", "  基本支出 218.47 万元。"],
        ["三、其他需要说明的情况", "  无。"],
    ]
    doc = read_document(_pdf(tmp_path, pages))
    assert doc.status == "ok" and doc.pages == 3
    assert "某某县财政局" not in doc.text            # running header
    assert "- 1 -" not in doc.text and "- 2 -" not in doc.text   # page numbers
    assert "共计在编在岗 10 人" in doc.text   # joined across the page break, no space inserted
    first = doc.text.index("二、支出情况")
    assert doc.text[first - 1] == "\n"              # a heading starts its own paragraph
    i = doc.text.index("218.47")
    box = doc.bbox_of(i, i + 6)
    assert box is not None and doc.page_of(i) == 2 and box[0] > 100


def test_one_character_in_a_font_that_is_not_embedded(tmp_path):
    """STSong-Light is not embedded: on a machine without CJK fonts PDFium would drop the lone 告.
    jixiao's fallback font is the only one PDFium may use, so the box is the em box on every machine."""
    doc = read_document(_pdf(tmp_path, [["2025年度某某协会整体支出绩效自评报", "告", "一、部门基本情况"]]))
    assert "绩效自评报\n告" in doc.text or "绩效自评报告" in doc.text
    i = doc.text.index("告")
    x0, top, x1, bottom = doc.bbox_of(i, i + 1)
    assert 13.9 < x1 - x0 < 14.1 and 13.9 < bottom - top < 14.5    # the em box of the 14 pt font


def test_image_only_pdf_fails_cleanly(tmp_path):
    from PIL import Image
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas
    img = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(img)
    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(str(img), 0, 0, *A4)
    c.showPage()
    c.save()
    doc = read_document(path)
    assert doc.status == "failed" and "no usable text layer" in doc.error
    assert doc.text == ""


def test_txt_boilerplate_and_gb18030(tmp_path):
    text = ("首页 > 政务公开 > 财政预决算\n索引号：000014349/2025-00012\n发布机构：某某县林业局\n\n"
            "某某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n核定编制 46 名。\n")
    p = tmp_path / "web.txt"
    p.write_bytes(text.encode("gb18030"))
    doc = read_document(p)
    assert doc.status == "ok"
    assert doc.text.startswith("某某县林业局2024年度")
    assert "索引号" not in doc.text


@pytest.mark.parametrize("content,reason", [(b"", "empty file (0 bytes)"), (b"  \n\t\n", "whitespace only"),
                                            (b"\x00\x01\x02binary", "not a format jixiao reads"),
                                            (b"%PDF-1.7\n1 0 obj<<", "broken PDF")])
def test_bad_files(tmp_path, content, reason):
    p = tmp_path / "bad.pdf"
    p.write_bytes(content)
    doc = read_document(p)
    assert doc.status == "failed" and reason in doc.error


def test_mislabelled_text_is_read_and_noted(tmp_path):
    p = tmp_path / "report.pdf"
    p.write_bytes("某某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n核定编制 46 名。\n".encode())
    doc = read_document(p)
    assert doc.status == "ok" and doc.file_type == "txt" and "核定编制" in doc.text
    assert doc.warnings == ["named .pdf but its content is plain text; read as such"]


def test_reading_order_within_a_line():
    """Quote marks drawn after the words (another font's run) go back where their x puts them."""
    from extract.readers.pdf_page import reading_order as _reading_order

    def run(text: str, xs: list[float], top: float = 100.0) -> list:
        return [(c, (x, top, x + 12, top + 12)) for c, x in zip(text, xs)]

    line = run("三公经费", [20, 32, 56, 68]) + [("“", (10, 101, 15, 106)), ("”", (45, 101, 50, 106))]
    assert "".join(c for c, _ in _reading_order(line)) == "“三公”经费"
    two_lines = run("上一行", [20, 32, 44]) + run("下", [10], top=130)    # a wrap PDFium did not mark
    assert "".join(c for c, _ in _reading_order(two_lines)) == "上一行下"


def test_import_after_the_application_opened_pdfium_documents():
    """jixiao restarts PDFium at import (for its fallback font) only when nothing is open in it."""
    import subprocess
    import sys
    code = ("import pypdfium2 as pdfium, sys\n"
            "d = pdfium.PdfDocument(sys.argv[1])\n"
            "import extract.readers.pdf_page as pl\n"
            "assert not pl._FONT_PATHS\n"
            "print(d[0].get_textpage().count_chars())\n")
    pdf = next(p for p in (ROOT / "samples" / "corpus").glob("*.pdf"))
    out = subprocess.run([sys.executable, "-c", code, str(pdf)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout) > 0 and "fallback font is not in use" in out.stderr


def test_white_rectangles_behind_text_runs_are_not_table_cells(tmp_path):
    """Some producers put a white, unstroked rectangle behind every run of text (长沙's 2026 部门预算):
    they draw nothing, so the prose stays prose; a stroked grid of the same shape is still a table."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    runs = [["（一）收入预算：包括一般公共预算", "、", "政府性基金等财政拨款收入。"],
            ["2026", "年本单位收入预算", "1935.36", "万元。"],
            ["其中一般公共预算拨款", "1935.36", "万元。"]]

    def draw(path, stroke: int):
        c = canvas.Canvas(str(path), pagesize=A4)
        w, h = A4
        y = h - 120
        for line in runs:
            x = 80
            for run in line:
                width = pdfmetrics.stringWidth(run, "STSong-Light", 14)
                c.setFillColorRGB(1, 1, 1)
                c.setStrokeColorRGB(0, 0, 0)
                c.rect(x, y - 5, width + 4, 21, stroke=stroke, fill=1)
                c.setFillColorRGB(0, 0, 0)
                c.setFont("STSong-Light", 14)
                c.drawString(x + 2, y, run)
                x += width + 4
            y -= 21
        c.showPage()
        c.save()
        return path

    doc = read_document(draw(tmp_path / "white.pdf", stroke=0))
    assert [p.kind for p in doc.paragraphs] == ["text"] * len(doc.paragraphs)
    assert "2026 年本单位收入预算 1935.36 万元" in doc.text.replace("\n", "")
    ruled = read_document(draw(tmp_path / "ruled.pdf", stroke=1))
    assert any(p.kind == "table" for p in ruled.paragraphs)
