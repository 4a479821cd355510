"""Who a report is about when the title does not say it: the unit's name on the line above a title that
starts with its year, a label on a cover or in a form (with a seal mark, or with the name on the next line
when a flattened form is split back into cells), and a 自评表's 项目名称."""
from __future__ import annotations

from pathlib import Path

from extract.metadata import extract_meta
from extract.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
BODY = ["一、单位基本情况", "本单位内设综合办公室、财务股2个股室，核定编制15名，年末在编在岗14人。",
        "二、收支预算情况", "2025年收支预算总额500.00万元，比上年增加20.00万元，主要是人员经费增加。"]


def _meta(tmp_path, lines: list[str]):
    p = tmp_path / "page.txt"
    p.write_text("\n".join(lines), encoding="utf-8")
    return extract_meta(read_document(p))


def test_unit_line_above_a_year_first_title_is_part_of_the_title(tmp_path):
    m = _meta(tmp_path, ["重庆市铜梁区围龙镇人民政府", "2025年部门预算情况说明", *BODY])
    assert m.title == "重庆市铜梁区围龙镇人民政府2025年部门预算情况说明"
    assert m.department == "重庆市铜梁区围龙镇人民政府" and m.region == "重庆市铜梁区" and m.year == 2025


def test_site_lines_above_a_title_that_names_its_unit_still_go(tmp_path):
    m = _meta(tmp_path, ["某某县人民政府", "某某县林业局2025年部门预算情况说明", *BODY])
    assert m.title == "某某县林业局2025年部门预算情况说明" and m.department == "某某县林业局"


def test_label_with_a_seal_mark_names_the_unit(tmp_path):
    m = _meta(tmp_path, ["前山镇部门整体支出绩效自评报告", "评价年度:2024", "评价单位(公章):徐闻县前山镇人民政府",
                         *BODY])
    assert m.department == "徐闻县前山镇人民政府" and m.region == "徐闻县"


def test_flattened_form_label_then_name_and_project():
    """A 项目支出绩效自评表 copied from a portal onto one line (samples/web, 池州市贵池区棠溪镇)."""
    m = extract_meta(read_document(ROOT / "samples" / "web" / "guichi-tangxi-2022-weituo.txt"))
    assert m.department == "池州市贵池区棠溪镇人民政府" and m.region == "池州市贵池区"
    assert m.kind == "项目支出" and m.project == "委托业务项目" and m.year == 2022


def test_a_department_report_keeps_its_kind_whatever_project_a_form_names(tmp_path):
    m = _meta(tmp_path, ["某某县林业局2024年度部门整体支出绩效自评报告", "项目名称：森林防火项目", *BODY])
    assert m.kind == "部门整体支出" and m.project is None


def test_a_bare_breadcrumb_is_not_the_title(tmp_path):
    m = _meta(tmp_path, ["政务公开 > 财政 > 财政专题 > 2021市级部门决算专题", "", "北京市文物局2021年度部门决算",
                         "日期:2022-09-01 10:00    来源:北京市文物局", *BODY])
    assert m.title == "北京市文物局2021年度部门决算" and m.department == "北京市文物局" and m.region == "北京市"


def test_a_regions_final_account_is_no_departments_and_names_its_region(tmp_path):
    m = _meta(tmp_path, ["重庆市永川区2024年决算报告", *BODY])
    assert m.doc_type == "其他" and m.department is None and m.region == "重庆市永川区" and m.year == 2024


def test_a_final_accounts_note_set_against_its_first_budget_is_a_final_account(tmp_path):
    """No title: 一般公共预算 is a fund and 年初预算 the budget a final account compares with (samples/web2 hlx)."""
    m = _meta(tmp_path, ["一、“三公”经费财政拨款支出总体情况说明。",
                         "2018年度本部门一般公共预算财政拨款安排的“三公”经费支出2.05万元，年初预算为2.95万元，差值为0.9万元。"
                         "其中：因公出国（境）支出0万元，年初预算为0万元；公务用车运行维护费用支出0万元，年初预算为0.95万元；"
                         "公务接待费支出2.05万元，年初预算为2万元。"])
    assert m.doc_type == "部门决算"
