"""Text copied from web pages: breadcrumb and furniture, a page flattened onto one line, the table forms
copying leaves, line joining only for wrapped text, and ASCII punctuation inside Chinese text."""
from __future__ import annotations

from decimal import Decimal

from extract.readers import read_document
from tests.helpers import report_from_text

TITLE = "某某县林业局2024年度部门整体支出绩效自评报告"
BODY = ["一、部门基本情况", "局机关内设办公室、财务股、业务股3个股室，核定编制15名，年末在编在岗14人，退休人员6人。",
        "二、部门整体支出情况", "2024年全年预算数500.00万元，全年执行数480.00万元，预算执行率96.00%。"]


def _doc(tmp_path, text: str, name: str = "web.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_document(p)


def test_leading_breadcrumb_and_bar_go_the_report_stays(tmp_path):
    text = "\n".join(["您现在的位置: 首页 > 政务公开 > 财政预决算", "某某县林业局", TITLE,
                      "【字体: 大 中 小】【发布时间:2025-04-15 14:54】【作者:财务股】【阅读:",
                      *BODY, "打印本页 关闭窗口", "湘ICP备12345678号 湘公网安备43010202000123号"])
    doc = _doc(tmp_path, text)
    assert doc.status == "ok" and doc.text.startswith(TITLE) and doc.published == "2025-04-15"
    assert "首页" not in doc.text and "阅读" not in doc.text and "ICP" not in doc.text and "打印" not in doc.text


def test_a_breadcrumb_on_a_one_line_page_does_not_empty_the_report(tmp_path):
    line = ("当前位置： 首页政务公开财政预决算 某某乡人民政府2023年度部门决算说明 时间：2024-05-10 15:36 微信 微博 "
            "按照县财政局的通知要求，现将我单位2023年度部门决算说明如下 : 一、部门主要职责 乡政府的主要职责是： "
            "1、执行上级国家行政机关的决定和命令，接受同级党委的领导。 2、开展社会主义民主和法制的宣传教育，保障公民的权利。 "
            "二、部门基本情况 列入2023年部门决算编制范围的单位详细情况见下表: 单位名称 经费性质 人员编制数 在职人数 "
            "政府机关 财政拨款 22 21 财政所 财政拨款 3 3 计生办 财政拨款 3 3 "
            "三、收入支出决算总体情况 2023 年部门决算总收入959.48万元，总支出959.48万元。 来源：某某县")
    r = report_from_text(tmp_path, line)
    doc = r.document
    assert doc.status == "ok" and doc.published == "2024-05-10"
    assert doc.text.startswith("某某乡人民政府2023年度部门决算说明")
    assert [s.number + s.title for s in r.sections if s.level == 1] == ["一、部门主要职责", "二、部门基本情况",
                                                                        "三、收入支出决算总体情况"]
    assert doc.tables[0].row_texts() == [["单位名称", "经费性质", "人员编制数", "在职人数"],
                                         ["政府机关", "财政拨款", "22", "21"], ["财政所", "财政拨款", "3", "3"],
                                         ["计生办", "财政拨款", "3", "3"]]
    assert "2023 年部门决算总收入959.48万元" in doc.text and "来源" not in doc.text


TABLE_ROWS = [["项目", "年初预算数", "全年预算数", "全年执行数"], ["基本支出", "300.00", "310.00", "300.00"],
              ["项目支出", "200.00", "190.00", "180.00"]]


def _table_doc(tmp_path, lines):
    return _doc(tmp_path, "\n".join([TITLE, BODY[0], BODY[1], "单位：万元", *lines, BODY[2], BODY[3]]))


def test_one_cell_per_line(tmp_path):
    doc = _table_doc(tmp_path, [c for row in TABLE_ROWS for c in row])
    assert doc.tables[0].row_texts() == TABLE_ROWS and doc.tables[0].caption == "单位：万元"


def test_one_row_per_line_with_tabs_spaces_and_pipes(tmp_path):
    for sep in ("\t", "  ", " ", " | "):
        doc = _table_doc(tmp_path, [sep.join(row) for row in TABLE_ROWS])
        assert [t.row_texts() for t in doc.tables] == [TABLE_ROWS], repr(sep)


def test_markdown_pipe_rows_and_marked_cells(tmp_path):
    md = ["| " + " | ".join(TABLE_ROWS[0]) + " |", "|---|---|---|---|"] + ["| " + " | ".join(r) + " |" for r in TABLE_ROWS[1:]]
    assert _table_doc(tmp_path, md).tables[0].row_texts() == TABLE_ROWS
    marked = [c + " |" for row in TABLE_ROWS for c in row]
    assert _table_doc(tmp_path, marked).tables[0].row_texts() == TABLE_ROWS


def test_label_line_value_line(tmp_path):
    doc = _table_doc(tmp_path, ["联系人", "张三", "人员编制", "21", "实有人数", "20", "退休人数", "6"])
    assert doc.tables[0].row_texts() == [["联系人", "张三"], ["人员编制", "21"], ["实有人数", "20"], ["退休人数", "6"]]


def test_numbers_never_glue_across_a_line_break(tmp_path):
    para = "全年发放补贴资金149.2万元，有效缓解了特殊家庭住院的护理压力，市计生协安排专项帮扶资金 18"
    doc = _doc(tmp_path, "\n\n".join([TITLE, BODY[0], para, "2383 人次受益，实现全覆盖。"]))
    assert "182383" not in doc.text
    wrapped = ["工资福利支出预算 2016908.34 元，占基本支出预算81.45%，同比增加 18",
               "2383 元，增长 1.68%。商品和服务支出预算445372.24元，占基本支"] * 4
    doc = _doc(tmp_path, "\n".join([TITLE] + wrapped))
    assert "同比增加 18 2383 元" in doc.text         # joined (a wrapped line), the numbers kept apart


def test_wrapped_text_is_joined_web_paragraphs_are_not(tmp_path):
    wrapped = ["（二）按支出结构分类划分，分为基本支出预算和项目支", "出预算。基本支出预算 2476260.58 元，占一般公共预",
               "算支出的84.06%，同比减少 4966.66 元，下降 0.2%。其中：", "工资福利支出预算 2016908.34 元，占基本支出预算",
               "81.45%，同比增加 33279.22 元，增长 1.68%。商品和服务支", "出预算 445372.24 元，占基本支出预算 17.99%，同比",
               "减少 36235.88 元，下降 7.52%。"]
    doc = _doc(tmp_path, "\n".join([TITLE] + wrapped))
    assert "项目支出预算。" in doc.text and "占基本支出预算81.45%" in doc.text
    web = [TITLE, "", "国家三级甲等中医医院", "", "国家级胸痛中心、国家级心衰中心", "", "表1 部门收支总体情况", "",
           BODY[0], "", BODY[1]]
    doc = _doc(tmp_path, "\n".join(web))
    assert "国家三级甲等中医医院\n国家级胸痛中心、国家级心衰中心\n表1 部门收支总体情况\n" in doc.text


def test_page_break_inside_a_sentence_is_joined_web_paragraphs_stay(tmp_path):
    doc = _doc(tmp_path, "\n\n".join([TITLE, BODY[0], "岳阳市计划生育协会内设办公室、健康促进科等4个科室，单位现有编制为12个，",
                                      "在编在岗 10 人，退休人员 3 人。市计生协全年安排专项帮扶资金 18",
                                      "万元，惠及特殊家庭 120 户。", "二、存在的问题",
                                      "部分项目的绩效目标设置不够细化，量化指标偏少，后续将按照要求进一步完善", "三、下一步措施"]))
    assert "编制为12个，在编在岗 10 人" in doc.text and "专项帮扶资金 18万元" in doc.text
    assert "进一步完善\n三、下一步措施" in doc.text


def test_ascii_punctuation_in_chinese_text(tmp_path):
    r = report_from_text(tmp_path, "\n".join([TITLE, "一、部门基本情况", "(一)支出情况",
                                              "2024年基本支出1,234.56万元,其中:人员经费1,000.00万元,公用经费234.56万元;"
                                              "下降5.5%(上年为1,306.40万元)。"]))
    text = r.document.text
    assert "其中：人员经费1,000.00万元，公用经费234.56万元；" in text and "（上年为1,306.40万元）" in text
    assert [s.number for s in r.sections] == ["一、", "（一）"]
    f = {k: v.value for k, v in r.fields.items()}
    assert f["personnel_expenditure"] == Decimal("10000000") and f["basic_expenditure"] == Decimal("12345600")


def test_bar_run_into_the_text_keeps_the_text(tmp_path):
    doc = _doc(tmp_path, "2023年财政重点绩效评价结果公开\n发布日期:2024-11-24 09:00 文章来源:财政局为深入贯彻落实预算绩效管理"
                         "的意见精神，切实推进预算绩效信息公开，现将评价报告予以公开。\n附件: 《2023年财政重点绩效评价报告》")
    assert doc.published == "2024-11-24"
    assert "为深入贯彻落实预算绩效管理的意见精神" in doc.text and "文章来源" not in doc.text


def test_word_contents_field_codes_are_contents_lines(tmp_path):
    doc = _doc(tmp_path, "\n".join([TITLE, "目录", "一、 主要职责 PAGEREF _Toc32310 \\h 3", "二、 机构设置 PAGEREF _Toc8401 h 3",
                                    *BODY]))
    assert "PAGEREF" not in doc.text
    assert sum(p.kind == "toc" for p in doc.paragraphs) == 3


def test_pages_split_by_form_feeds_keep_their_furniture_rules(tmp_path):
    doc = _doc(tmp_path, "\f".join(["\n".join(["当前位置：首页 > 政务公开", TITLE, BODY[0], BODY[1]]),
                                    "\n".join(["日期：2025年4月3日", BODY[2]]),
                                    "\n".join([BODY[3], "打印本页 关闭窗口", "湘ICP备12345678号"])]))
    assert doc.pages == 3 and doc.text.startswith(TITLE)
    assert "日期：2025年4月3日" in doc.text and "打印" not in doc.text and "ICP" not in doc.text


def test_report_source_markup_is_read_as_its_text(tmp_path):
    """A report written in light markup (the renderer's .rpt.txt, or Markdown): the settings and line marks go,
    so it reads as the same report as its PDF rendering."""
    text = "\n".join(["%% font: sans", "%% size: 16", f"# {TITLE}", *BODY, "===page===",
                      "三、其他说明", "无。", "> 某某县林业局", "> 2025年3月1日"])
    doc = _doc(tmp_path, text, "report.rpt.txt")
    assert doc.text.startswith(TITLE) and "%%" not in doc.text and "#" not in doc.text and ">" not in doc.text
    assert doc.pages == 2 and "某某县林业局\n2025年3月1日" in doc.text


def test_plain_text_keeps_a_leading_hash(tmp_path):
    doc = _doc(tmp_path, "\n".join([TITLE, *BODY, "# 不是标记的一行"]))
    assert "# 不是标记的一行" in doc.text or "#不是标记的一行" in doc.text
