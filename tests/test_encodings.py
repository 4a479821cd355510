"""Text encodings: BOMs, GB18030/GBK, Big5 told apart from GB18030, mixed files, whitespace-only files."""
from __future__ import annotations

import codecs

import pytest

from extract.readers import read_document
from extract.readers.encoding import decode

REPORT = "某某县林业局2024年度部门整体支出绩效自评报告\n一、部门基本情况\n核定编制46名，实有在编人员44人。\n"
BIG5 = "臺北市政府主計處一一二年度施政績效報告\n一、機關概況\n本處編制員額六十五人，實際在職人數六十二人。\n"


@pytest.mark.parametrize("encoding,bom", [("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                          ("utf-16-be", codecs.BOM_UTF16_BE), ("gb18030", b""), ("gbk", b"")])
def test_encodings_read_the_same_text(tmp_path, encoding, bom):
    p = tmp_path / "r.txt"
    p.write_bytes(bom + REPORT.encode(encoding))
    doc = read_document(p)
    assert doc.status == "ok", doc.error
    assert doc.text.startswith("某某县林业局2024年度") and "核定编制46名" in doc.text


def test_gb18030_four_byte_characters(tmp_path):
    p = tmp_path / "r.txt"
    p.write_bytes((REPORT + "㐀䶵𠀀\n").encode("gb18030"))
    assert "㐀䶵𠀀" in read_document(p).text


@pytest.mark.parametrize("text", [BIG5, BIG5.splitlines()[0], "本處設有綜合規劃科、會計科"])
def test_big5_is_not_read_as_gb18030(text):
    d = decode(text.encode("big5"))
    assert d.encoding == "cp950" and d.text == text


@pytest.mark.parametrize("text", [REPORT, "某某县林业局2024年度部门整体支出绩效自评报告", "负责全县市场综合监督管理"])
def test_gbk_is_not_read_as_big5(text):
    d = decode(text.encode("gbk"))
    assert d.encoding == "gb18030" and d.text == text


def test_big5_file(tmp_path):
    p = tmp_path / "tw.txt"
    p.write_bytes(BIG5.encode("big5"))
    doc = read_document(p)
    assert doc.status == "ok" and "臺北市政府主計處" in doc.text


def test_mixed_encodings_are_partial_with_a_count(tmp_path):
    p = tmp_path / "mixed.txt"
    utf8 = REPORT.encode("utf-8")
    other = "二、部门整体支出情况\n全年预算数500.00万元。\n"
    p.write_bytes(utf8 + other.encode("gbk"))
    doc = read_document(p)
    assert doc.status == "partial"
    wide = sum(1 for c in other if ord(c) > 0x7F)        # the characters UTF-8 cannot decode
    assert doc.error.startswith("mixed encodings") and f"{wide} characters undecodable" in doc.error
    assert "全年预算数500.00万元" in doc.text and "核定编制46名" in doc.text      # each line in its own encoding


@pytest.mark.parametrize("content", [b"  \n\t\n", codecs.BOM_UTF8 + b" \r\n ", codecs.BOM_UTF16_LE + " \n\u3000".encode("utf-16-le")])
def test_whitespace_only_fails_as_empty(tmp_path, content):
    p = tmp_path / "blank.txt"
    p.write_bytes(content)
    doc = read_document(p)
    assert doc.status == "failed" and "empty" in doc.error


def test_declared_charset_wins_unless_the_bytes_are_utf8():
    assert decode(REPORT.encode("gbk"), "gb18030").encoding == "gb18030"
    d = decode(REPORT.encode("utf-8"), "gb18030")
    assert d.encoding == "utf-8" and d.notes
