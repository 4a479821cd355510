"""Worked examples of every rule: one report where it fires, one where it does not.

They are the unit tests' data (tests/test_checks.py) *and* the examples of docs/rules.md
(scripts/rule_catalogue.py), so the documentation cannot drift from what the code does.  Reports are
built by hand from the model dataclasses (no extraction modules involved), from a small markup:

    基本支出[[218.47万元|基本支出|F=basic_expenditure]]

is the figure `218.47万元` labelled 基本支出 and mapped to the field basic_expenditure.  Options: F= field,
B= base_label, D= direction, Q= qualifier, T= table id, U= unit when the cell prints none, OP= operator,
HOME (this figure is the field's home when several carry it).  Lines starting with 一、 / （一） / 1. are
headings.  A case's `table` (`| cell |` lines, printed after the text) becomes a `Table` of the document
and, unless the case gives its rows, is read into budget lines and indicators as a .txt report's would be.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from extract.model import Cell, Document, Evaluation, Figure, FieldValue, Meta, Report, Section, Table
from extract.outline import canonical_of

MARK = re.compile(r"\[\[(.+?)\]\]")
HEADING = re.compile(r"^(?P<num>[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)(?P<title>[^。\n]*)")
MONEY = {"元": 1, "万元": 10000, "亿元": 100000000}
COUNT_UNITS = {"人", "名", "个", "项", "件", "起", "座", "次", "人次", "宗", "户", "家", "万人次"}
@dataclass
class Case:
    """One worked example: `fires` says whether `rule` must raise a finding on this report."""
    rule: str
    fires: bool
    text: str
    year: int = 2024
    kind: str = "部门整体支出"
    doc_type: str = "绩效自评报告"                         # what the document is (genre rules follow it)
    budget_lines: list[dict] = field(default_factory=list)
    indicators: list[dict] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)   # field → words stating 0 (无…支出)
    grade: Optional[str] = None
    note: str = ""
    table: str = ""                                       # `| cell |` lines printed after the text
    severity: Optional[str] = None                        # when it fires: the severity it must have (info: 待核实)
    truncated: Optional[str] = None                       # the document is marked cut short (Document.truncated)
    evaluations: list = field(default_factory=list)      # extract.model.Evaluation of the evaluated projects


def _parse_number(printed: str) -> tuple[Decimal, str]:
    m = re.match(r"^\s*(-?[\d,，]+(?:\.\d+)?)\s*(.*)$", printed)
    if not m:
        raise ValueError(f"not a number: {printed}")
    return Decimal(m.group(1).replace(",", "").replace("，", "")), m.group(2).strip()


def _kind(unit: str) -> str:
    if unit in ("%", "％"):
        return "percent"
    if unit in MONEY:
        return "money"
    if unit == "分":
        return "score"
    if unit in COUNT_UNITS:
        return "count"
    return "measure"


def build(case: Case) -> Report:
    """A `Report` for a case: text with figures, sections, fields and the given table rows."""
    text_parts: list[str] = []
    figures: list[Figure] = []
    pos = 0
    last = 0
    homes: dict[str, str] = {}
    field_of: dict[str, str] = {}
    for m in MARK.finditer(case.text):
        text_parts.append(case.text[last:m.start()])
        pos += m.start() - last
        tokens = m.group(1).split("|")
        printed = tokens[0]
        opts = dict(t.split("=", 1) if "=" in t else (t, "1") for t in tokens[2:])
        value, unit = _parse_number(printed)
        unit = unit or opts.get("U", "")
        kind = _kind(unit)
        scale = MONEY.get(unit, 10000 if unit.startswith("万") and kind == "count" else 1)
        fid = f"f{len(figures) + 1}"
        figures.append(Figure(id=fid, start=pos, end=pos + len(printed), text=printed, value=value, unit=unit,
                              kind=kind, base_value=value * scale, base_unit="元" if kind == "money" else unit,
                              page=1, label=tokens[1] if len(tokens) > 1 else "", base_label=opts.get("B"),
                              direction=opts.get("D"), qualifier=opts.get("Q"),
                              table=opts.get("T"), op=opts.get("OP")))
        if opts.get("F"):
            field_of[fid] = opts["F"]
            if "HOME" in opts or opts["F"] not in homes:
                homes[opts["F"]] = fid
        text_parts.append(printed)
        pos += len(printed)
        last = m.end()
    text_parts.append(case.text[last:])
    text = "".join(text_parts)
    tables = []
    if case.table:
        caption = text.rstrip("\n").rsplit("\n", 1)[-1]
        text = text.rstrip("\n") + "\n"
        tables.append(_table(case.table, len(text), caption))
        text += case.table.strip() + "\n"
    sections = _sections(text)
    for f in figures:
        inner = [s for s in sections if s.start <= f.start < s.end]
        f.section = max(inner, key=lambda s: s.level).id if inner else None
    fields: dict[str, FieldValue] = {}
    by_id = {f.id: f for f in figures}
    for name, fid in homes.items():
        f = by_id[fid]
        fields[name] = FieldValue(field=name, value=f.base_value, unit=f.base_unit if f.kind == "money" else f.unit,
                                  figure=fid, section=f.section, page=1, start=f.start, end=f.end, text=f.text,
                                  origin="table" if f.table else "text")
    for name, words in case.words.items():
        at = text.find(words)
        fields[name] = FieldValue(field=name, value=Decimal(0), unit="元", figure=None, page=1,
                                  start=at if at >= 0 else None, end=at + len(words) if at >= 0 else None,
                                  text=words, origin="words")
    if case.grade:
        fields["self_grade"] = FieldValue(field="self_grade", value=case.grade, unit="", origin="text")
    doc = Document(source="example.txt", doc_id="example", text=text, page_starts=[0], pages=1, tables=tables)
    doc.truncated = case.truncated
    budget_lines, indicators = case.budget_lines, case.indicators
    if tables and not budget_lines and not indicators:
        from extract.tables import read_tables
        budget_lines, indicators = read_tables(doc)
    return Report(document=doc, meta=Meta(year=case.year, kind=case.kind, doc_type=case.doc_type, pages=1), sections=sections,
                  figures=figures, fields=fields, budget_lines=budget_lines, indicators=indicators,
                  field_of=field_of, evaluations=list(case.evaluations))


def _table(lines: str, start: int, caption: str) -> Table:
    """`| a | b |` lines starting at offset `start` of the text → a Table of Cells (column = cell index)."""
    rows: list[list[Cell]] = []
    pos = start
    for r, line in enumerate(lines.strip().split("\n")):
        bars = [i for i, ch in enumerate(line) if ch == "|"]
        row = []
        for c, (a, b) in enumerate(zip(bars, bars[1:])):
            raw = line[a + 1:b]
            cell_start = pos + a + 1 + len(raw) - len(raw.lstrip())
            row.append(Cell(row=r, col=c, text=raw.strip(), start=cell_start, end=cell_start + len(raw.strip()), page=1))
        rows.append(row)
        pos += len(line) + 1
    return Table(id="tbl1", page=1, start=start, end=pos - 1, rows=rows, caption=caption)


def _sections(text: str) -> list[Section]:
    """Headings of the example text: 一、 = 1, （一） = 2, 1. = 3; each runs to the next of its level or above."""
    heads = []
    offset = 0
    for line in text.split("\n"):
        m = HEADING.match(line)
        if m:
            num = m.group("num")
            level = 1 if num.endswith("、") else 2 if num.startswith("（") else 3
            title = m.group("title").strip()
            canonical = canonical_of(title)      # the outline's own mapping (schemas/sections.toml)
            heads.append((offset, offset + m.end(), level, num, title, canonical))
        offset += len(line) + 1
    out: list[Section] = []
    stack: list[Section] = []
    for i, (start, body, level, num, title, canonical) in enumerate(heads):
        end = next((h[0] for h in heads[i + 1:] if h[2] <= level), len(text))
        while stack and stack[-1].level >= level:
            stack.pop()
        s = Section(id=f"s{i + 1}", parent=stack[-1].id if stack else None, level=level, number=num, title=title,
                    canonical=canonical, page=1, start=start, end=end, body_start=body)
        out.append(s)
        stack.append(s)
    return out


def plain(case: Case) -> str:
    """The example's text as printed (markup removed), with its table."""
    text = MARK.sub(lambda m: m.group(1).split("|")[0], case.text)
    return text.rstrip("\n") + "\n" + case.table.strip() if case.table else text


BUDGET_ROW = {"row": "部门整体支出", "initial_budget": "4860.00", "budget": "4860.00", "spent": "4213.50",
              "unit": "万元", "rate": "87.07", "weight": None, "score": None, "reason": None, "page": 1, "table": "t1"}


def _ind(name: str, weight: str, score: str, **kw) -> dict:
    row = {"level1": "产出指标", "level2": "数量指标", "level3": name, "operator": None, "target": None,
           "target_unit": None, "actual": None, "actual_unit": None, "weight": weight, "score": score,
           "reason": None, "page": 1, "table": "t2"}
    row.update(kw)
    return row


BASIC = ("（一）基本支出情况\n基本支出[[218.47 万元|基本支出|F=basic_expenditure]]，其中人员经费[[196.86 万元|人员经费|"
         "F=personnel_expenditure]]，占基本支出的[[{share}|人员经费|B=基本支出|F=personnel_share]]，公用经费[[{public}|"
         "公用经费|F=public_expenditure]]，占基本支出的[[9.9 %|公用经费|B=基本支出|F=public_share]]。")
SPEND = ("（三）支出情况\n2024年度支出合计[[2791.48万元|支出合计|F=total_expenditure]]。按支出性质分：基本支出"
         "[[1046.83万元|基本支出|F=basic_expenditure]]，项目支出[[{project}|项目支出|F=project_expenditure]]。")
THREE = ("（四）“三公”经费支出情况\n2024年“三公”经费支出[[8.46万元|三公经费支出|F=three_public_total]]，其中公务接待费"
         "[[2.31万元|公务接待费|F=reception_expenditure]]，公务用车运行维护费[[{vehicle}|公务用车运行维护费|"
         "F=vehicle_expenditure]]，未发生因公出国（境）费。")
VEHICLE = ("（四）“三公”经费支出情况\n公务用车购置及运行维护费[[10.25万元|公务用车购置及运行维护费|F=vehicle_expenditure]]"
           "（公务用车购置费[[{purchase}|公务用车购置费|F=vehicle_purchase]]，公务用车运行维护费[[10.25万元|公务用车运行维护费|"
           "F=vehicle_operation]]）。")
QUOTA = ("（二）机构设置及人员情况\n全乡核定编制[[68名|核定编制|F=staff_quota]]，行政编制[[31名|行政编制|F=staff_quota_admin]]、"
         "事业编制[[{inst}|事业编制|F=staff_quota_inst]]。")
SHARE_LATER = ("（二）基本支出情况\n全年基本支出[[3,862.47万元|全年基本支出|F=basic_expenditure]]（其中人员经费"
               "[[3,318.06万元|人员经费|F=personnel_expenditure]]）。人员经费主要用于在职人员工资福利，占基本支出的比重为"
               "[[{share}|人员经费|B=基本支出]]。")
PARTS = ("（二）资金使用情况\n全年实际支出[[576.45万元|全年实际支出|F=total_expenditure]]，其中设备购置费[[482.30万元|设备购置费]]、"
         "安装调试费[[38.60万元|安装调试费]]、培训费[[12.80万元|培训费]]、运输及保险费[[{last}万元|运输及保险费]]。")
SOURCES = ("（二）资金投入情况\n调整后预算[[2035400.00元|调整后预算|F=total_budget]]。资金来源为：中央补助资金"
           "[[800000.00元|中央补助资金]]、省级补助资金[[600000.00元|省级补助资金]]、市本级配套资金[[{local}元|市本级配套资金]]。")
CHANGE = ("（二）支出情况\n2024年度部门支出合计[[2684.35万元|部门支出合计|F=total_expenditure]]，较上年[[2468.73万元|较上年|Q=上年]]"
          "增加[[{delta}|较上年2468.73万元增加|D=增长|Q=上年]]，增长[[{pct}|增长|D=增长]]。")
SCORES = ("五、自评结论\n我局部门整体支出绩效自评得分[[{total}|自评得分|F=self_score]]，评价等级为“优”。其中，预算编制得分"
          "[[14.5 分|预算编制得分]]（满分[[15 分|预算编制得分14.5分（满分]]），预算执行得分[[33.8 分|预算执行得分]]（满分"
          "[[35 分|预算执行得分33.8分（满分]]），履职产出得分[[28 分|履职产出得分]]（满分[[30 分|履职产出得分28分（满分]]），"
          "履职效益得分[[18.5 分|履职效益得分]]（满分[[20 分|履职效益得分18.5分（满分]]）。")
LOW_RATE = ("（一）预算及执行情况\n2025年全年预算数[[4,860.00万元|全年预算数|F=total_budget]]，全年执行数[[4,231.50万元|全年执行数|"
            "F=total_expenditure]]，预算执行率[[87.07%|预算执行率|F=execution_rate]]{reason}。其中基本支出[[1,136.80万元|基本支出|"
            "F=basic_expenditure]]。")
OUTLINE = ("一、部门基本情况\n本部门内设办公室。\n二、政府性基金预算支出情况\n本部门无政府性基金预算支出。\n三、自评结论\n自评得分"
           "[[95分|自评得分|F=self_score]]。\n{problems}")
YEAR = ("（二）支出情况\n2023年度部门总支出[[37,886,540.92 元|部门总支出|F=total_expenditure]]，其中基本支出"
        "[[21,473,906.58 元|基本支出|F=basic_expenditure]]，项目支出[[16,412,634.34 元|项目支出|F=project_expenditure]]。\n"
        "（三）基本支出情况\n{sentence}主要用于保障机关正常运转。")
ZERO_TOTAL = """
| 项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 | 偏差原因 |
| 年度资金总额 | {total} | {total} | {spent} | {rate} | |
| 其中：财政拨款 | 200 | 200 | 190 | 95% | |
"""
COMPOSITION = """
| 支出项目 | 金额 | 占总支出比例 |
| 基本支出 | 300.00 | 30.00% |
| 项目支出 | 700.00 | {share} |
| 合计 | 1,000.00 | 100.00% |
"""
INDICATORS = """
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |
| 产出指标 | 数量指标 | 新建站点 | ≥5个 | 5个 | 60 | 60 | — |
| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 91% | {weight} | {score} | — |
| 总分 | | | | | 100 | {total} | |
"""
GROUPS = """
| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因 |
| 产出指标（60分） | 数量指标 | 新建站点 | ≥5个 | 5个 | {a} | {a} | — |
| | 质量指标 | 验收合格率 | 100% | 100% | 30 | 30 | — |
| 效益指标（{b}分） | 社会效益指标 | 服务覆盖率 | ≥90% | 92% | {b} | {b} | — |
| 满意度指标（10分） | 服务对象满意度指标 | 群众满意度 | ≥90% | 91% | 10 | 10 | — |
| 总分 | | | | | 100 | 100 | |
"""
ORG = "一、部门基本情况\n机构设置方面，乡政府设{n}个内设机构，分别为：党政综合办公室、经济发展办公室、社会事务办公室、自然资源和规划建设办公室、平安建设办公室{tail}。"

# a 自评表 flattened onto text lines (a web copy): header words one per line, then the cells row after row
FLAT = ("项目支出绩效自评表\n绩效指标\n一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
        "产出指标（{a}分）\n数量指标\n档案扫描数量\n≥50个\n50\n{w}\n{s}\n质量指标\n验收合格率\n≥95%\n100\n10\n10\n"
        "效益指标（20分）\n社会效益指标\n群众满意度\n≥90%\n95\n20\n20\n总分\n50\n50")
# a PDF form flattened with its weight column's cells beside the middle of their rows and the 评价标准 between
FLAT_COLUMN = ("项目绩效自评表\n项目权重\n评价内容\n| 分值 | 自评分 | 项目决策 2 分 |\n| 决策依据 | 2 | 2 |\n复核分\n评价标准及依据\n"
               "有项目年度工作计划计 2 分，没有不得分。\n财务制度\n3\n3\n组织机构\n项目管理 9 分\n{w}\n4\n"
               "1、绩效目标全申报的\n1 分，缺一项扣\n目标申报\n2\n2\n0.5 分，扣完为止；\n项目年度目标\n一级指标\n二级指标\n指标名称")

# a web copy keeping a PDF's line breaks inside a sentence
BROKEN_CHANGE = ("其中：\n文化旅游体育与传媒支出类科目[[850088.3 元|文化旅游体育与传媒支出类科目]]，\n"
                 "同比减少[[54357.12 元|同比减少|D=下降|Q=上年]]，下降[[{pct}|下降|D=下降]]。")
LATE_BASE = ("其中：\n卫生健康支出类科目[[43897.73 元|卫生健康支出类科目]]，占支出总预\n算[[{pct}|算]]。\n"
             "四、财政拨款收支预算总体情况说明\n2025年财政拨款收支总预算[[1085203.63 元|财政拨款收支总预算]]。"
             "一般公共预算支出总预算[[{other} 元|一般公共预算支出总预算]]。")

# shares of one named base given to the sibling items 1. and 2.
OVER_HUNDRED = ("（二）按支出结构分类划分\n1. 基本支出预算[[2476260.58 元|基本支出预算]]，占一般公共预算支出的[[{b}|基本支出预算|B=一般公共预算支出]]。\n"
                "2. 项目支出[[469500 元|项目支出]]，占一般公共预算支出的[[{p}|项目支出|B=一般公共预算支出]]。")
NESTED_SHARES = ("三、支出情况\n基本支出[[800 万元|基本支出]]，占支出总额的[[80%|基本支出|B=支出总额]]；"
                 "其中人员经费[[600 万元|人员经费]]，占支出总额的[[60%|人员经费|B=支出总额]]。")

# a budget item compared with last year's execution, no change amount printed
TWO_YEARS = ("四、部门预算编制说明\n6、其他司法支出[[3845.49万元|其他司法支出]]。2025年当年预算执行数为[[43269.3万元|当年预算执行数]]，"
             "2026年预算安排[[3845.49万元|预算安排]]，比2025年预算执行数增加[[{pct}|比2025年预算执行数增加|D=增长]]。")

# amounts given respectively (各): the i-th percentage is of the i-th change and total
RESPECTIVE = ("一、收入支出决算总体情况说明\n2022年度收、支总计各是4125.49,4143.91万元。与2021年相比，收、支总计各减少"
              "1267.86,2570.97万元，各下降23.51%、{pct}。")

# bare shares after the parts of a list (no 其中), the whole printed in the sentence before
BARE_LIST = ("（三）支出预算情况说明\n2026 年支出预算[[5,876.67 万元|支出预算]]，与上年基本持平。\n"
             "2.按支出用途分类，包括人员支出[[2,906.80 万元|人员支出]]，占[[{p}|人员支出]]；日常公用支出[[838.27 万元|日常公用支出]]，"
             "占 [[14.3%|日常公用支出]]；项目支出[[2,131.61 万元|项目支出]]，占 [[36.3%|项目支出]]。")
ZERO_BUDGET = ("（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出年初预算为[[{initial} 万元|支出年初预算]]，"
               "支出决算为[[307.82 万元|支出决算]]，完成年初预算的[[95.89%|完成年初预算的]]。")

CASES: list[Case] = [
    Case("sum.basic_parts", True, BASIC.format(share="90.11%", public="20.61 万元"),
         note="196.86 + 20.61 = 217.47 ≠ 218.47"),
    Case("sum.basic_parts", False, BASIC.format(share="90.11%", public="21.61 万元")),
    Case("sum.expenditure_parts", True, SPEND.format(project="1740.65万元")),
    Case("sum.expenditure_parts", False, SPEND.format(project="1744.65万元")),
    Case("sum.three_public", True, THREE.format(vehicle="6.25万元"), words={"overseas_expenditure": "未发生因公出国（境）费"}),
    Case("sum.three_public", False, THREE.format(vehicle="6.15万元"), words={"overseas_expenditure": "未发生因公出国（境）费"}),
    Case("sum.vehicle_parts", True, VEHICLE.format(purchase="1.00万元")),
    Case("sum.vehicle_parts", False, VEHICLE.format(purchase="0万元")),
    Case("sum.staff_quota", True, QUOTA.format(inst="35名")),
    Case("sum.staff_quota", False, QUOTA.format(inst="37名")),
    Case("sum.itemised", True, "一、部门基本情况\n2024年末实有在编人员[[50人|实有在编人员|F=staff_actual]]，其中行政编制人员"
         "[[21人|行政编制人员]]、事业编制人员[[27人|事业编制人员]]；另有退休人员[[41人|退休人员|F=retirees]]。",
         note="行政 + 事业 is a complete split of 在编人员: 21 + 27 = 48 ≠ 50"),
    Case("sum.itemised", False, "一、部门基本情况\n全年实施项目[[20个|全年实施项目]]，其中新建项目[[8个|新建项目]]、续建项目"
         "[[9个|续建项目]]。", note="an open list may fall short of its total"),
    Case("sum.itemised", True, "（一）收入情况\n2024年部门财政资金收入合计[[3126.84万元|收入合计|F=total_income]]。按资金来源分，"
         "一般公共预算拨款[[3070.84万元|一般公共预算拨款]]，政府性基金预算拨款[[66.00万元|政府性基金预算拨款]]。",
         note="按资金来源分 lists every source: 3070.84 + 66.00 ≠ 3126.84"),
    Case("sum.itemised", False, "（二）支出结构\n全年实际支出[[349.71万元|全年实际支出|F=total_expenditure]]。按经济性质划分，基本支出"
         "[[277.66万元|基本支出]]，其中人员经费[[238.54万元|人员经费]]、公用经费[[39.12万元|公用经费]]；项目支出[[72.05万元|项目支出]]。",
         note="the nested 其中 is not part of the split"),
    Case("sum.change_amount", True, CHANGE.format(delta="225.62万元", pct="9.14%"),
         note="2684.35 − 2468.73 = 215.62, not 225.62"),
    Case("sum.change_amount", False, CHANGE.format(delta="215.62万元", pct="8.73%")),
    Case("sum.itemised", True, SOURCES.format(local="655400.00"), kind="项目支出",
         note="a project's sources make up its budget: 800000 + 600000 + 655400 ≠ 2035400"),
    Case("sum.itemised", False, SOURCES.format(local="635400.00"), kind="项目支出"),
    Case("sum.itemised_partial", True, PARTS.format(last="3.75"), note="482.30 + 38.60 + 12.80 + 3.75 = 537.45 < 576.45"),
    Case("sum.itemised_partial", False, PARTS.format(last="42.75"), note="the parts make the total"),
    Case("section.topic", True, "（四）“三公”经费支出情况\n2023年度我局政府采购预算[[186.50万元|政府采购预算]]，实际采购金额"
         "[[178.32万元|实际采购金额]]。", note="the section reports 政府采购, never 三公"),
    Case("section.topic", False, "（四）“三公”经费支出情况\n2023年度“三公”经费支出[[12.40万元|三公经费支出|F=three_public_total]]，"
         "全部为公务接待费。"),
    Case("sum.change_amount", False, "（三）“三公”经费\n“三公”经费全年决算[[10.96万元|三公经费全年决算|F=three_public_total]]，"
         "比年初预算[[12.80万元|比年初预算]]节约[[1.84万元|节约]]，比上年决算[[11.74万元|比上年决算|Q=上年]]减少"
         "[[0.78万元|减少|D=下降|Q=上年]]，下降[[6.64%|下降|D=下降]]。",
         note="12.80 is what the 决算 is compared with, not this year's amount: 11.74 − 10.96 = 0.78"),
    Case("ratio.share", True, BASIC.format(share="91.11%", public="21.61 万元"), note="196.86 / 218.47 = 90.11%"),
    Case("ratio.share", True, SHARE_LATER.format(share="87.91%"),
         note="the amount is in the sentence before: 3318.06 / 3862.47 = 85.91%"),
    Case("ratio.share", False, SHARE_LATER.format(share="85.91%")),
    Case("ratio.share", False, BASIC.format(share="90.11%", public="21.61 万元"),
         note="9.9% for 21.61 / 218.47 = 9.8915% holds at its printed precision"),
    Case("ratio.share", False, "（二）支出情况\n2024年支出总计[[2,380.10万元|支出总计|F=total_expenditure]]。其中：基本支出"
         "[[980.10万元|基本支出|F=basic_expenditure]]，占支出的[[41.18%|基本支出|B=支出]]；项目支出[[1,400.00万元|项目支出|"
         "F=project_expenditure]]，占支出的[[58.82%|项目支出|B=支出]]。",
         note="a short base (支出) names several amounts: the share holds for 支出总计"),
    Case("ratio.share", False, "（二）支出情况\n项目支出全年预算[[1542.90 万元|项目支出全年预算|F=project_budget]]，执行"
         "[[1408.55 万元|项目支出|F=project_expenditure]]。项目支出中还包括耕地保护专项支出[[326.80 万元|耕地保护专项支出]]，"
         "占项目支出的[[23.20%|耕地保护专项支出|B=项目支出]]。", note="a share of 项目支出 is of its spending, not of its budget"),
    Case("ratio.share", True, "（二）支出结构\n| 项目 | 金额（万元） | 占比 |\n| 基本支出 | [[298.20|基本支出|T=t1|U=万元]] | "
         "[[36.35%|基本支出占比|T=t1]] |\n| 项目支出 | [[522.20|项目支出|T=t1|U=万元]] | [[62.65%|项目支出占比|T=t1]] |\n"
         "| 合计 | [[820.40|合计|T=t1|U=万元]] | [[100.00%|合计占比|T=t1]] |",
         note="a 占比 column is a share of the table's 合计 row: 522.20 / 820.40 = 63.65%"),
    Case("ratio.share_undecided", True, "（二）项目资金情况\n全年实际支出中，保洁人员劳务费[[231.60万元|保洁人员劳务费]]，"
         "占运维总成本的[[65.76%|保洁人员劳务费|B=运维总成本]]。"),
    Case("ratio.share_undecided", False, "（二）项目资金情况\n运维总成本[[352.18万元|运维总成本]]，其中保洁人员劳务费"
         "[[231.60万元|保洁人员劳务费]]，占运维总成本的[[65.76%|保洁人员劳务费|B=运维总成本]]。"),
    Case("ratio.execution_rate", True, "（二）项目资金情况\n全年预算数[[120万元|全年预算数|F=total_budget]]，实际支出"
         "[[108万元|实际支出|F=total_expenditure]]。\n二、自评结论\n本项目预算执行率为[[100%|预算执行率|F=execution_rate]]。",
         kind="项目支出"),
    Case("ratio.execution_rate", False, "（二）项目资金情况\n全年预算数[[120万元|全年预算数|F=total_budget]]，实际支出"
         "[[108万元|实际支出|F=total_expenditure]]。\n二、自评结论\n本项目预算执行率为[[90%|预算执行率|F=execution_rate]]。",
         kind="项目支出"),
    Case("ratio.named_rate", True, "1.法律援助。全年受理法律援助案件[[2,846 件|全年受理法律援助案件]]，办结[[2,791 件|办结]]，"
         "结案率[[97.07%|结案率]]。"),
    Case("ratio.named_rate", False, "1.法律援助。全年受理法律援助案件[[2,846 件|全年受理法律援助案件]]，办结[[2,791 件|办结]]，"
         "结案率[[98.07%|结案率]]。"),
    Case("ratio.table_rate", True, "四、部门整体支出绩效自评表\n（表）", budget_lines=[dict(BUDGET_ROW)]),
    Case("ratio.table_rate", False, "四、部门整体支出绩效自评表\n（表）", budget_lines=[dict(BUDGET_ROW, rate="86.70")]),
    Case("ratio.table_rate", True, "四、项目支出绩效自评表\n（表）",
         budget_lines=[dict(BUDGET_ROW, budget="840", spent="701.17", rate="83.50")],
         note="a row printing 701.17 beside 840 prints its amounts to 0.01: 701.17 / 840.00 = 83.47% "
              "(samples/real xian-weijian-2026-yusuan p77)"),
    Case("ratio.table_rate", False, "四、项目支出绩效自评表\n（表）",
         budget_lines=[dict(BUDGET_ROW, budget="840", spent="701", rate="83.50")],
         note="integers only: 840 and 701 stand for [839.5, 840.5] and [700.5, 701.5], which give 83.50%"),
    Case("ratio.table_share", True, "（二）支出结构\n支出构成如下（单位：万元）：", table=COMPOSITION.format(share="75.00%"),
         note="700.00 / 1,000.00 = 70.00%"),
    Case("ratio.table_share", False, "（二）支出结构\n支出构成如下（单位：万元）：", table=COMPOSITION.format(share="70.00%")),
    Case("sum.table_zero_total", True, "四、部门整体支出绩效自评表\n单位：万元",
         table=ZERO_TOTAL.format(total="0", spent="0", rate="—"), note="a total of 0 above 其中 200"),
    Case("sum.table_zero_total", False, "四、部门整体支出绩效自评表\n单位：万元",
         table=ZERO_TOTAL.format(total="200", spent="190", rate="95%")),
    Case("score.weight_total", True, "四、绩效自评表\n绩效指标完成情况", table=INDICATORS.format(weight="30", score="30", total="90"),
         note="60 + 30 = 90 ≠ 100"),
    Case("score.weight_total", False, "四、绩效自评表\n绩效指标完成情况", table=INDICATORS.format(weight="40", score="40", total="100")),
    Case("score.group_weight", True, "四、绩效自评表\n绩效指标完成情况", table=GROUPS.format(a="40", b="20"),
         note="40 + 30 = 70 under 产出指标（60分）: the 总分 row (100) holds, the group's stated 60 does not"),
    Case("score.group_weight", False, "四、绩效自评表\n绩效指标完成情况", table=GROUPS.format(a="30", b="30")),
    Case("score.total", True, "四、绩效自评表\n本项目自评得分[[98分|自评得分|F=self_score]]。",
         table=INDICATORS.format(weight="40", score="38", total="96"), kind="项目支出",
         note="the 自评得分 is Σ 60 + 38 = 98, the table's own 总分 row says 96"),
    Case("ratio.change_percent", True, "（四）“三公”经费支出情况\n“三公”经费支出[[6.38 万元|三公经费支出|F=three_public_total]]，"
         "比上年减少[[0.94 万元|比上年减少|D=下降|Q=上年]]，下降[[14.84%|下降|D=下降]]。",
         note="last year = 6.38 + 0.94 = 7.32; 0.94 / 7.32 = 12.84%"),
    Case("ratio.change_percent", False, "（四）“三公”经费支出情况\n“三公”经费支出[[6.38 万元|三公经费支出|F=three_public_total]]，"
         "比上年减少[[0.94 万元|比上年减少|D=下降|Q=上年]]，下降[[12.84%|下降|D=下降]]。"),
    Case("ratio.change_percent", True, BROKEN_CHANGE.format(pct="6.00 %"), severity="error",
         note="a web copy keeps the PDF's line breaks: the sentence goes on after 850088.3 元，⏎ — "
              "54357.12 / (850088.3 + 54357.12) = 6.01% (samples/web wuzhou-wenlv-2025-yusuan)"),
    Case("ratio.change_percent", False, BROKEN_CHANGE.format(pct="6.01 %")),
    Case("ratio.share", True, LATE_BASE.format(pct="4.04 %", other="1085203.63"), severity="warning",
         note="the share's words broken over two lines (占支出总预⏎算4.04 %) and its base printed only after it, as "
              "财政拨款收支总预算 (a fragment starting mid-document): 43897.73 / 1085203.63 = 4.05% — a likely tie, "
              "a warning (samples/web wuzhou-wenlv-2025-yusuan)"),
    Case("ratio.share", False, LATE_BASE.format(pct="4.05 %", other="1085203.63")),
    Case("ratio.share", False, LATE_BASE.format(pct="4.04 %", other="1090000.00"),
         note="two amounts after the share end in 总预算 and differ: which one 支出总预算 names is not known"),
    Case("ratio.change_percent", True, TWO_YEARS.format(pct="17.62%"), year=2026, doc_type="部门预算",
         note="no change amount printed, both years' amounts are: (3845.49 − 43269.3) / 43269.3 = −91.11%, not +17.62% "
              "(samples/real putuo-sfj-2026-yusuan)"),
    Case("ratio.change_percent", False, TWO_YEARS.format(pct="-91.11%").replace("增加[[-91.11%", "减少[[91.11%")
         .replace("D=增长", "D=下降").replace("预算执行数增加|", "预算执行数减少|"), year=2026, doc_type="部门预算"),
    Case("ratio.change_percent", True, RESPECTIVE.format(pct="38.28%"), severity="warning",
         note="amounts given respectively (各是…各减少…各下降): 2570.97 / (4143.91 + 2570.97) = 38.29%; the totals stand "
              "in the sentence before (subject carried: a warning) — samples/web sichuan-lvyou-2022-juesuan"),
    Case("ratio.change_percent", False, RESPECTIVE.format(pct="38.29%")),
    Case("ratio.share", True, BARE_LIST.format(p="49.4%"), doc_type="部门预算",
         note="bare shares after the parts of a list with no 其中: of the amount before it the parts add up to — "
              "2906.80 / 5876.67 = 49.46% (samples/real hangzhou-qixiang-2026-yusuan)"),
    Case("ratio.share", False, BARE_LIST.format(p="49.5%"), doc_type="部门预算"),
    Case("ratio.share", False, BARE_LIST.format(p="49.4%").replace("5,876.67 万元", "6,000.00 万元")
         .split("；项目支出")[0] + "。", doc_type="部门预算",
         note="two parts whose sum is no amount printed before them and whose shares do not make 100%: the list may "
              "be partial, its whole is not known"),
    Case("ratio.named_rate", True, ZERO_BUDGET.format(initial="0"), doc_type="部门决算",
         note="完成年初预算的 95.89% of a 年初预算 of 0: no rate of nothing (samples/real putuo-shegongbu-2024-juesuan)"),
    Case("ratio.named_rate", False, ZERO_BUDGET.format(initial="321.02"), doc_type="部门决算"),
    Case("ratio.named_rate", True, "（三）项目绩效自评综述\n54.第三医院二期扩建项目：全年预算数[[21143.98万元|全年预算数]]，"
         "执行数[[21143.98万元|执行数]]，完成预算的[[35%|完成预算的]]。", doc_type="部门决算",
         note="21143.98 / 21143.98 = 100% (samples/real xian-weijian-2026-yusuan （三）)"),
    Case("ratio.named_rate", False, "（三）一般公共预算财政拨款支出决算具体情况\n年初预算 1 8 1 . 2 [[9万元|年初预算181.2]]，"
         "支出决算 1 5 1 . 0 [[3万元|支出决算151.0]]，完成年初预算的[[83.31%|完成年初预算的]]。", doc_type="部门决算",
         note="letter-spaced digits (1 8 1 . 2 9万元) whose tail alone was read as an amount: 3 / 9 is no rate of "
              "the sentence (samples/real xian-weijian-2026-yusuan p12)"),
    Case("ratio.named_rate", False, "（三）一般公共预算财政拨款支出决算具体情况\n支出年初预算[[139,217.01万元|支出年初预算]]，"
         "支出决算[[296,047.75万元|支出决算]]，完成年初预算的[[212.65%|完成年初预算的]]，"
         "占本年支出合计的[[14.27%|完成年初预算的|B=本年支出合计]]。", doc_type="部门决算",
         note="the share after the rate carries the rate's words in its label but names its own base (占本年支出合计的): "
              "no rate (samples/real xian-weijian-2026-yusuan p11)"),
    Case("ratio.shares_over_hundred", True, OVER_HUNDRED.format(b="84.06%", p="19.62%"),
         note="1. and 2. are sibling parts of 一般公共预算支出 (基本 + 项目): 84.06 + 19.62 = 103.68% > 100%, whatever "
              "the unprinted base (samples/web wuzhou-danwei-2024-yusuan)"),
    Case("ratio.shares_over_hundred", False, OVER_HUNDRED.format(b="84.06%", p="15.94%")),
    Case("ratio.shares_over_hundred", False, NESTED_SHARES,
         note="其中人员经费: a part of 基本支出, so shares of one base nested this way may add up to more than 100%"),
    Case("score.total", True, "二、自评结论\n本项目自评得分[[40分|自评得分|F=self_score]]。",
         budget_lines=[dict(BUDGET_ROW, budget="120", spent="108", rate="90", weight="10", score="9")],
         indicators=[_ind("档案扫描数量", "10", "10"), _ind("著录条目数量", "10", "9"), _ind("验收合格率", "10", "10")],
         kind="项目支出", note="10 + 9 + 10 + 9 = 38"),
    Case("score.total", False, "二、自评结论\n本项目自评得分[[38分|自评得分|F=self_score]]。",
         budget_lines=[dict(BUDGET_ROW, budget="120", spent="108", rate="90", weight="10", score="9")],
         indicators=[_ind("档案扫描数量", "10", "10"), _ind("著录条目数量", "10", "9"), _ind("验收合格率", "10", "10")],
         kind="项目支出"),
    Case("score.parts", True, SCORES.format(total="95.8 分"), note="14.5 + 33.8 + 28 + 18.5 = 94.8"),
    Case("score.parts", False, SCORES.format(total="94.8 分")),
    Case("score.over_weight", True, "三、自评表\n（表）", indicators=[_ind("验收合格率", "10", "11")]),
    Case("score.over_weight", False, "三、自评表\n（表）", indicators=[_ind("验收合格率", "10", "10")]),
    Case("score.over_weight", True, FLAT.format(a="20", w="10", s="11"),
         note="a 自评表 flattened onto text lines (web copy): header words, then each row's cells in the header's "
              "order — 档案扫描数量 分值 10, 得分 11"),
    Case("score.over_weight", False, FLAT.format(a="20", w="10", s="10")),
    Case("score.over_weight", False, FLAT_COLUMN.format(w="4"),
         note="a PDF form flattened with its 评价标准 text between the cells (…扣 0.5 分): the 0.5 after a row's "
              "4 4 is a deduction with its unit, not a 得分 (seen on samples/web guangshui-jiaotong-2021-xiangmu)"),
    Case("score.group_weight", True, FLAT.format(a="30", w="10", s="10"),
         note="flattened form: 产出指标（30分）, printed before its rows, holds 10 + 10 = 20"),
    Case("score.group_weight", False, FLAT.format(a="20", w="10", s="10")),
    Case("score.group_weight", True, FLAT_COLUMN.format(w="5"),
         note="flattened PDF form whose weight-column cells (项目决策 2 分, 项目管理 9 分) stand beside the middle of "
              "their rows: together the region's rows must hold 2 + 9 = 11; they hold 2 + 3 + 5 + 2 = 12"),
    Case("score.group_weight", False, FLAT_COLUMN.format(w="4"),
         note="项目管理 9 分 printed inside the 组织机构 row, after 财务制度's: by order 财务制度 would fall under "
              "项目决策 (2 + 3 ≠ 2) — only the groups together are checked (samples/web guangshui-jiaotong-2021-xiangmu)"),
    Case("score.group_weight", False, FLAT.format(a="20", w="10", s="10").split("95\n20")[0] + "95\n10\n10\n满意度指标\n公众满",
         note="a flattened form cut short in its last group: the group's rows are not all there, nothing is summed "
              "(samples/web guichi-tangxi-2022-weituo stops at 满意度指标（10分） 满意度指标 公众满)"),
    Case("score.grade_band", True, "四、自评结论\n自评得分[[88.5分|自评得分|F=self_score]]，评价等级为“优”。", grade="优"),
    Case("score.grade_band", False, "四、自评结论\n自评得分[[88.5分|自评得分|F=self_score]]，评价等级为“良”。", grade="良"),
    Case("score.budget_rate", True, "三、自评表\n（表）",
         budget_lines=[dict(BUDGET_ROW, budget="120", spent="108", rate="90", weight="10", score="10")],
         note="10 × 90% = 9"),
    Case("score.budget_rate", False, "三、自评表\n（表）",
         budget_lines=[dict(BUDGET_ROW, budget="2864.37", spent="2791.48", rate="97.46", weight="10", score="9.75")]),
    Case("value.field_twice", True, "（一）预算及执行情况\n全年执行数[[4,231.50万元|全年执行数|F=total_expenditure]]。\n"
         "四、自评表\n部门整体支出 [[4,213.50|部门整体支出全年执行数|F=total_expenditure|T=t1|U=万元]]"),
    Case("value.field_twice", False, "（一）预算及执行情况\n全年执行数[[4,231.50万元|全年执行数|F=total_expenditure]]。\n"
         "四、自评表\n部门整体支出 [[4,231.50|部门整体支出全年执行数|F=total_expenditure|T=t1|U=万元]]"),
    Case("value.field_twice", False, "（一）预算执行\n全年累计支出[[8012.38 万元|全年累计支出|F=total_expenditure]]。\n"
         "（二）支出结构\n其中危桥改造专项资金预算[[860.00 万元|危桥改造专项资金预算]]，实际支出[[742.50 万元|实际支出|"
         "F=total_expenditure]]。", note="an amount inside a 其中 breakdown is a sub-item's, not the unit's"),
    Case("value.field_twice", False, "三、收入支出决算总体情况说明\n本年支出合计[[9759.38万元|本年支出合计|F=total_expenditure]]。\n"
         "（三）一般公共预算财政拨款支出决算具体情况\n一般公共预算财政拨款支出年初预算为[[10210.34万元|年初预算]]，支出决算为"
         "[[9746.50万元|支出决算|F=total_expenditure]]。", note="the 财政拨款 part is another fund scope than 本年支出合计; "
         "seen in samples/real zxj6827111-blip__putuo-guihuaziyuan-2024-juesuan (三、 vs （三）)"),
    Case("value.field_twice", False, "三、收入支出决算总体情况说明\n本年支出合计[[2940.05万元|本年支出合计|F=total_expenditure]]。\n"
         "（三）财政拨款支出决算具体情况\n其中：\n1、一般公共服务支出（类）财政事务（款）行政运行（项）。年初预算为"
         "[[1560.05万元|年初预算]]，支出决算为[[1511.89万元|支出决算|F=total_expenditure]]。",
         note="a 功能分类 line item's 支出决算 is the item's, not 本年支出合计; seen in samples/real "
              "zxj6827111-blip__putuo-caizheng-2024-juesuan and its -testmodified copy"),
    Case("value.field_twice", False, "（二）项目绩效自评结果\n1.信访研究宣传立法专项项目综述\n全年预算数为[[536.20万元|全年预算数|"
         "F=total_budget]]。\n2.资产运行维护项目绩效自评综述\n全年预算数为[[120.00万元|全年预算数|F=total_budget]]。",
         evaluations=[Evaluation(id="e1", name="信访研究宣传立法专项", start=900, end=950),
                      Evaluation(id="e2", name="资产运行维护", start=950, end=990)],
         note="two evaluated projects' budgets are not one field; seen in samples/real "
              "calinchow-del__guojia-xinfangju-2024-juesuan (1. vs 2.)"),
    Case("value.field_twice", False, "（二）部门整体支出绩效自评结果\n全年预算数[[2495142.55万元|全年预算数|F=total_budget]]。\n"
         "11.无偿献血者宣传资金项目绩效自评综述\n全年预算数[[1272.77万元|全年预算数|F=total_budget]]。",
         note="a project's summary (…项目绩效自评综述) states the project's budget, not the unit's; seen in samples/real "
              "calinchow-del__xian-weijian-2026-yusuan"),
    Case("value.field_twice", False, "一、收入支出决算总体情况说明\n收入总计、支出总计均为[[2480372.7万元|支出总计|"
         "F=total_expenditure]]。\n三、支出决算情况说明\n本年支出合计[[2074962.01万元|本年支出合计|F=total_expenditure]]。",
         note="支出总计 carries the year-end balances: not 本年支出合计; seen in samples/real calinchow-del__xian-weijian-2026-yusuan"),
    Case("value.field_twice", True, "三、收入支出决算总体情况说明\n本年支出合计[[9759.38万元|本年支出合计|F=total_expenditure]]。\n"
         "（三）支出决算具体情况\n本年支出决算为[[9746.50万元|支出决算|F=total_expenditure]]。",
         note="the same scope (all funds) twice with two values"),
    Case("value.item_plan", True, "（三）一般公共预算支出预算情况\n12、住房保障支出（221类）住房改革支出（02款）住房公积金（01项）"
         "[[208.8万元|住房公积金（01项）]]。主要用于：住房公积金。2025年当年预算执行数为[[198.34万元|当年预算执行数]]，"
         "2026年预算安排[[201.50万元|预算安排]]。", year=2026, note="samples/real zxj6827111-blip__putuo-sfj-2026-yusuan"),
    Case("value.item_plan", False, "（三）一般公共预算支出预算情况\n13、住房保障支出（221类）住房改革支出（02款）购房补贴（03项）"
         "[[243.36万元|购房补贴（03项）]]。主要用于：发放购房补贴。2025年当年预算执行数为[[241.76万元|当年预算执行数]]，"
         "2026年预算安排[[243.36万元|预算安排]]。", year=2026, note="last year's 执行数 is another quantity"),
    Case("value.comparison_words", True, "（三）一般公共预算财政拨款支出决算具体情况\n其中：\n1、一般公共服务支出（类）财政事务（款）"
         "行政运行（项）。年初预算为[[1560.05万元|年初预算]]，支出决算为[[1511.89万元|支出决算]]。决算数大于预算数的主要原因："
         "人员变化。", note="samples/real zxj6827111-blip__putuo-caizheng-2024-juesuan-testmodified"),
    Case("value.comparison_words", False, "（三）一般公共预算财政拨款支出决算具体情况\n其中：\n1、一般公共服务支出（类）财政事务（款）"
         "行政运行（项）。年初预算为[[1560.05万元|年初预算]]，支出决算为[[1511.89万元|支出决算]]。决算数小于预算数的主要原因："
         "人员变化。"),
    Case("value.text_vs_table", True, "四、财政拨款收入支出决算总体情况说明\n本部门2024年度财政拨款收入支出总计[[0.3万元|"
         "年度财政拨款收入支出总计]]。\n财政拨款收入支出决算总表\n单位：万元",
         table="| 项目 | 决算数 |\n| 本年收入合计 | 2,940.05 |\n| 总计 | 2,961.68 |",
         note="samples/real zxj6827111-blip__putuo-caizheng-2024-juesuan: the text's 总计 and its 公开表's 总计 row"),
    Case("value.text_vs_table", False, "四、财政拨款收入支出决算总体情况说明\n本部门2024年度财政拨款收入支出总计[[2961.68万元|"
         "年度财政拨款收入支出总计]]。\n收入支出决算总表\n单位：万元",
         table="| 项目 | 决算数 |\n| 本年收入合计 | 2,946.25 |\n| 总计 | 2,995.39 |",
         note="another table (收入支出决算总表, all funds) is not the 财政拨款 section's"),
    Case("unit.slip", True, "（一）收入支出情况\n本年收入合计[[1234.56万元|本年收入合计]]，基本支出[[800.00万元|基本支出]]，"
         "项目支出[[434.56万元|项目支出]]。\n（二）支出情况\n本年支出合计[[1234.56元|本年支出合计|F=total_expenditure]]，"
         "人员经费[[700.00万元|人员经费]]，公用经费[[100.00万元|公用经费]]。\n（三）决算情况\n本年支出合计为"
         "[[1234.56万元|本年支出合计]]。", note="the same field in 元 once, in 万元 elsewhere: the unit is the slip"),
    Case("unit.slip", True, "（一）收入支出情况\n本年收入合计[[1234.56万元|本年收入合计]]，基本支出[[800.00万元|基本支出]]，"
         "项目支出[[434.56万元|项目支出]]。\n（二）其他情况\n培训费[[1234.56元|培训费]]，人员经费[[700.00万元|人员经费]]，"
         "公用经费[[100.00万元|公用经费]]。", severity="info",
         note="the same digits under another label: perhaps a coincidence, so 待核实"),
    Case("unit.slip", False, "（一）收入支出情况\n本年收入合计[[1234.56万元|本年收入合计]]，基本支出[[800.00万元|基本支出]]，"
         "项目支出[[434.56万元|项目支出]]。\n（二）支出情况\n本年支出合计[[1234.56万元|本年支出合计|F=total_expenditure]]，"
         "人员经费[[700.00万元|人员经费]]，公用经费[[100.00万元|公用经费]]，生均[[1000元|生均]]。"),
    Case("value.empty_table_note", True, "七、其他相关情况说明\n部门“三公”经费和机关运行经费预算表\n单位：万元",
         table="| 合计 | 因公出国（境）费 | 公务接待费 | 公务用车购置及运行费 |\n| 47.91 | 0 | 1.35 | 46.56 |\n"
               "注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。",
         note="samples/real zxj6827111-blip__putuo-wanli-jiedao-2024-yusuan"),
    Case("value.empty_table_note", False, "七、其他相关情况说明\n部门“三公”经费和机关运行经费预算表\n单位：万元",
         table="| 合计 | 因公出国（境）费 | 公务接待费 | 公务用车购置及运行费 |\n|  |  |  |  |\n"
               "注：本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"),
    Case("value.text_vs_form", True, "（二）项目绩效自评结果\n3.信息化运行维护项目绩效自评综述\n项目自评得分为[[88.5分|项目自评得分]]。",
         evaluations=[Evaluation(id="e1", name="信息化运行维护", score=Decimal("90.5"), start=900, end=950),
                      Evaluation(id="e2", name="资产运行维护", score=Decimal("98"), start=950, end=990)],
         note="samples/real calinchow-del__guojia-xinfangju-2024-juesuan: the 综述 says 88.5, the 自评表's 总分 90.5"),
    Case("value.text_vs_form", False, "（二）项目绩效自评结果\n3.信息化运行维护项目绩效自评综述\n项目自评得分为[[90.5分|项目自评得分]]，"
         "全年预算数为[[1639.34万元|全年预算数]]。",
         evaluations=[Evaluation(id="e1", name="信息化运行维护", score=Decimal("90.5"), budget=Decimal("16393400"),
                                 start=900, end=950),
                      Evaluation(id="e2", name="资产运行维护", score=Decimal("98"), start=950, end=990)]),
    Case("value.restated", True, "（一）资金来源\n财政局呼财农指【2023】41号文件《关于下达2023年自治区水利发展资金预算的通知》，"
         "下达某县2023年资金[[5万元|资金]]。\n（二）资金使用\n财政局呼财农指【2023】41号文件《关于下达2023年自治区水利发展资金"
         "预算的通知》，下达某县2023年山洪灾害防治设施维养[[6万元|山洪灾害防治设施维养]]。",
         note="samples/web qianlima-shuili-2023-xiangmu: one document's allocation stated twice"),
    Case("value.restated", False, "（一）资金来源\n财政局呼财农指【2023】41号文件，下达某县2023年资金[[5万元|资金]]。\n"
         "（二）资金使用\n财政局呼财农指【2023】10号文件，下达某县2023年中央水利发展资金[[6万元|中央水利发展资金]]。",
         note="two documents, two allocations"),
    Case("value.indicator_vs_text", True, "（四）“三公”经费支出情况\n“三公”经费支出[[8.46万元|三公经费支出|F=three_public_total]]。",
         indicators=[_ind("“三公”经费控制", "10", "10", operator="≤", target="9.50", target_unit="万元", actual="8.64",
                          actual_unit="万元", actual_text="8.64万元")]),
    Case("value.indicator_vs_text", False, "（四）“三公”经费支出情况\n“三公”经费支出[[8.46万元|三公经费支出|F=three_public_total]]。",
         indicators=[_ind("“三公”经费控制", "10", "10", operator="≤", target="9.50", target_unit="万元", actual="8.46",
                          actual_unit="万元", actual_text="8.46万元")]),
    Case("section.fund_topic", True, "四、国有资本经营预算支出情况\n2025年本会无国有资本经营预算\n五、社会保险基金预算支出情况\n"
         "2025年本会无国有资本经营预算\n六、部门整体支出绩效情况\n工作完成较好。"),
    Case("section.fund_topic", False, "四、国有资本经营预算支出情况\n2025年本会无国有资本经营预算\n五、社会保险基金预算支出情况\n"
         "2025年本会无社会保险基金预算\n六、部门整体支出绩效情况\n工作完成较好。"),
    Case("section.empty", True, "四、绩效目标完成情况\n（一）产出目标完成情况\n全年办结案件2791件。\n（二）效益目标完成情况\n"
         "（三）满意度目标完成情况\n群众满意度较高。"),
    Case("section.empty", False, "四、绩效目标完成情况\n（一）产出目标完成情况\n全年办结案件2791件。\n（二）效益目标完成情况\n"
         "社会效益明显。\n（三）满意度目标完成情况\n群众满意度较高。"),
    Case("section.empty", False, "一、项目基本情况\n项目属性：\n1.常年性\n2.延续性□\n3.一次性□\n二、自评结论\n工作完成较好。",
         note="check-box options of a web-copied 自评表 (samples/web/guangshui-jiaotong-2021-xiangmu)"),
    Case("section.empty", False, "一、评分标准\n1.运行监管记录\n3.分；运行监管4分。\n二、自评结论\n工作完成较好。",
         note="a scoring rule’s number and unit read as a heading: 1 then 3 is no order of headings "
              "(samples/web/guangshui-jiaotong-2021-xiangmu)"),
    Case("section.empty", False, "现将自评情况报告如下：\n1.单位基本情况\n（一）单位机构设置、部门职能情况\n本镇为行政单位。\n"
         "（二）年度目标\n工作完成较好。", note="a first heading followed by a first heading of another style: its sub-heading "
         "in an unusual order (samples/web/xuwen-qianshan-2024-zhengti)"),
    Case("section.missing", True, OUTLINE.format(problems="")),
    Case("section.missing", False, OUTLINE.format(problems="四、存在的问题及原因分析\n预算编制不够精细。")),
    Case("section.missing", False, OUTLINE.format(problems=""), doc_type="部门预算",
         note="a budget is not a self-evaluation report: it has no 存在的问题 section to miss (real 部门预算 PDFs)"),
    Case("section.missing", False, "一、部门基本情况\n本部门内设办公室。\n二、部门整体支出情况\n本部门无政府性基金预算支出。\n"
         "三、绩效自评结果\n自评得分[[95分|自评得分|F=self_score]]。\n四、存在的问题\n预算编制不够精细。",
         note="the fund stated under another heading; 绩效自评结果 is the conclusion"),
    Case("year.budget_sentence", True, YEAR.format(sentence="2022年度基本支出[[21,473,906.58 元|基本支出]]，"), year=2023),
    Case("year.budget_sentence", False, YEAR.format(sentence="2023年度基本支出[[21,473,906.58 元|基本支出]]，"), year=2023),
    Case("year.budget_sentence", False, "（二）“三公”经费情况\n2023年度公务用车购置费[[0万元|公务用车购置费|F=vehicle_purchase]]，"
         "公务接待费[[1.35万元|公务接待费|F=reception_expenditure]]。\n（三）公务用车购置情况\n2022年当年预算执行数为"
         "[[0万元|当年预算执行数]]。", year=2023,
         note="a zero in another year's sentence repeats the report's own zero by coincidence, not by copying; "
              "seen in samples/real zxj6827111-blip__tbxt-archive-818404804"),
    Case("year.budget_sentence", True, "（二）预算执行情况\n截至2024年12月31日，本局全年实际支出[[4,012.88万元|全年实际支出|"
         "F=total_expenditure]]，预算执行率[[97.74%|预算执行率|F=execution_rate]]。", year=2025,
         note="this year's spending dated at the end of the year before"),
    Case("year.budget_sentence", False, "（二）预算执行情况\n截至2025年12月31日，本局全年实际支出[[4,012.88万元|全年实际支出|"
         "F=total_expenditure]]，预算执行率[[97.74%|预算执行率|F=execution_rate]]。", year=2025),
    Case("year.budget_sentence", True, "四、自评结论\n对照2023年度绩效目标，本街道2024年度部门整体支出绩效自评综合得分"
         "[[91.5分|综合得分|F=self_score]]，等级为优。", year=2023, note="the report's own score under another year"),
    Case("year.budget_sentence", False, "四、自评结论\n本街道2023年度部门整体支出绩效自评综合得分[[91.5分|综合得分|F=self_score]]，"
         "等级为优。", year=2023),
    Case("year.other_year_amount", True, YEAR.format(sentence="经核算，2022年度基本支出[[19,500,000.00 元|基本支出]]，"), year=2023,
         note="opening its sentence it would be year.report_year_amount"),
    Case("year.other_year_amount", True, "（一）收入预算情况\n经审核，2022年度部门年初预算[[21,450,000.00元|部门年初预算]]，年中追加"
         "[[2,234,215.36元|年中追加]]。详见2023年度部门预算执行情况表。", year=2023,
         note="年初预算 is a budget term; the report year stated in a table caption counts; the year does not open "
              "its sentence (经审核，…): undecided"),
    Case("year.report_year_amount", True, "（一）收入预算情况\n2022年度部门年初预算[[21,450,000.00元|部门年初预算]]，年中追加"
         "[[2,234,215.36元|年中追加]]。详见2023年度部门预算执行情况表。", year=2023,
         note="the sentence opening its section states this year's 年初预算 under last year"),
    Case("year.report_year_amount", True, "二、收入决算情况说明\n2021年本年收入合计[[4125.49万元|本年收入合计]]，其中：财政拨款收入"
         "[[4000.00万元|财政拨款收入]]。详见2022年度收入决算表。", year=2022,
         note="injected into samples/web/sichuan-lvyou-2022-juesuan (本年 under another year)"),
    Case("year.report_year_amount", True, "（二）本单位 2022 年度总支出 [[125.08 万元|总支出]]，主要用于人员经费。2023年度"
         "决算已审核。2023年度部门决算公开。", year=2023, note="after a heading number and the subject 本单位"),
    Case("year.report_year_amount", False, "一、2022年预算执行情况\n2022年一般公共预算支出[[5000.00万元|一般公共预算支出]]，"
         "完成预算的98%。二、2023年预算安排\n2023年一般公共预算支出预算[[5200.00万元|支出预算]]。2023年预算公开。", year=2023,
         note="a section about last year's execution in a budget (heading names 2022)"),
    Case("year.report_year_amount", False, "（一）收入情况\n2022年同期收入合计[[3900.00万元|收入合计]]，2023年收入合计"
         "[[4125.49万元|收入合计]]。2023年决算公开。", year=2023, note="a comparison (同期) before the amount"),
    Case("year.report_year_amount", False, "（一）收入情况\n2022年12月31日收入合计[[3900.00万元|收入合计]]。2023年收入合计"
         "[[4125.49万元|收入合计]]。2023年决算公开。", year=2023, note="a date, not the year's amount"),
    Case("year.report_year_amount", False, "（一）政策依据\n根据《2022年度财政拨款收入管理办法》，本单位年初预算"
         "[[4125.49万元|年初预算]]。2023年决算公开。2023年度部门预算。", year=2023,
         note="a year inside a policy title does not open the sentence"),
    Case("year.report_year_amount", False, "（一）收入预算\n2023年初预算数[[2752.8万元|年初预算数]]，其中：一般公共预算拨款"
         "[[2752.8万元|一般公共预算拨款]]。2023年预算公开。", year=2023),
    Case("year.self_comparison", True, "（二）支出情况\n本单位2022年度总支出[[125.08万元|总支出]]，较2022年度决算数增加"
         "[[19.68万元|较2022年度决算数增加|D=增加]]。2022年决算公开。", year=2022,
         note="injected into samples/web/wuzhou-danwei-2023-juesuan: the year's amount compared with itself"),
    Case("year.self_comparison", True, "一、收入预算\n收入预算[[9628.22万元|收入预算]]，比2026年预算增加[[793.14万元|比2026年预算增加|"
         "D=增加]]。\n二、2026年部门预算说明\n2026年部门预算公开。2026年预算表。", year=2026,
         note="samples/real zxj6827111-blip__putuo-sfj-2026-yusuan: a 2026 budget compared with the 2026 budget; "
              "no year in the sentence, so the report's (likely: a warning)", severity="warning"),
    Case("year.report_year_amount", True, "四、“三公”经费情况说明\n2025年“三公”经费预算[[13.85万元|三公经费预算]]，比2025年减少"
         "[[5.45万元|比2025年减少|D=减少]]。\n五、2026年预算\n2026年预算公开。2026年预算表。", year=2026,
         note="the sentence's opening year is this rule's finding, and year.self_comparison stays silent on it: one slip, "
              "one finding (samples/real "
              "calinchow-del__chongqing-qixiang-2026-yusuan-shuoming)"),
    Case("year.heading", True, "一、2024年度部门决算表\n2024年度部门决算公开。\n二、上海市某局2023年度部门决算情况说明\n"
         "2024年度收入支出决算情况如下。", year=2024, doc_type="部门决算",
         note="samples/real zxj6827111-blip__putuo-caizheng-2024-juesuan-testmodified (第三部分)"),
    Case("year.heading", True, "一、其他重要事项的情况说明\n（三）国有资产占有使用情况说明\n截至2023年12月31日，本局共有车辆"
         "[[0辆|共有车辆]]。2024年度部门决算。2024年决算公开。", year=2024, doc_type="部门决算",
         note="a 决算 states its assets at the end of its own year (testmodified copy, （三）)"),
    Case("year.heading", False, "一、2025年部门预算说明\n2025年部门预算公开。\n二、其他\n（三）国有资产占有使用情况说明\n"
         "截至2024年12月31日，本局共有车辆[[0辆|共有车辆]]。2025年预算。", year=2025, doc_type="部门预算",
         note="a budget states its assets at the end of the year before"),
    Case("year.self_comparison", False, "（二）支出情况\n本单位2023年度总支出[[125.08万元|总支出]]，较2022年度决算数增加"
         "[[19.68万元|较2022年度决算数增加|D=增加]]。2023年决算公开。", year=2023),
    Case("year.self_comparison", False, "（二）支出情况\n总支出[[125.08万元|总支出]]，较2022年度决算数增加"
         "[[19.68万元|较2022年度决算数增加|D=增加]]。较2022年度减少。", year=2022,
         note="a fragment that speaks of 2022 only in comparisons: its own year is not known to be 2022"),
    Case("year.report_year_amount", True, "（二）资金及项目绩效目标\n我校2021年按生均[[1000元|生均]]安排，共计[[239万元|共计|"
         "F=total_budget]]。2022年项目公开。2022年自评。", year=2022,
         note="no words name the year's own amount, but it is the report's own 全年预算数 (its field)"),
    Case("year.other_year_amount", False, YEAR.format(sentence="与2022年度基本支出[[19,500,000.00 元|基本支出]]相比，"
                                                               "增加较多，"), year=2023),
    Case("range.percent_over_100", True, "（二）满意度\n服务对象满意度为[[102.4%|服务对象满意度]]。"),
    Case("range.percent_over_100", False, "（二）满意度\n服务对象满意度为[[97.2%|服务对象满意度]]，档案扫描完成率"
         "[[102.4%|完成率]]。", note="a completion rate may exceed 100%"),
    Case("range.negative_money", True, "（二）支出情况\n项目支出[[-5.00万元|项目支出|F=project_expenditure]]。"),
    Case("range.negative_money", False, "（二）支出情况\n项目支出[[5.00万元|项目支出|F=project_expenditure]]。"),
    Case("range.staff_over_quota", True, "（二）机构情况\n单位现有编制为[[12 个|单位现有编制|F=staff_quota]]，在编在岗"
         "[[20 人|在编在岗|F=staff_actual]]。"),
    Case("range.staff_over_quota", False, "（二）机构情况\n单位现有编制为[[12 个|单位现有编制|F=staff_quota]]，在编在岗"
         "[[10 人|在编在岗|F=staff_actual]]。"),
    Case("reason.low_execution", True, LOW_RATE.format(reason=""), year=2025),
    Case("reason.low_execution", False, LOW_RATE.format(reason="，主要是部分项目年底才完成招标，资金结转下年使用"), year=2025),
    Case("count.listed_items", True, ORG.format(n="6", tail=""), note="6 stated, 5 named"),
    Case("count.listed_items", False, ORG.format(n="6", tail="等"), note="a list ending in 等 is open"),
    Case("count.listed_items", False, "（二）机构情况\n局机关内设办公室（加挂政策法规股牌子）、财务股和业务股3个股室。",
         note="“B和C” may be two items; a bracketed remark is not an item"),
    Case("count.listed_items", True, "（二）机构情况\n下设7个基层市场监管所（城区所、东城所、西城所、南城所、北城所、新区所）。",
         note="the list in brackets after the noun"),
    Case("count.listed_items", True, "（一）项目概况\n项目覆盖6个乡镇的集中供水工程，分别为：甲镇、乙镇、丙镇、丁乡、戊乡，主要实施"
         "管网更新、水质检测。", note="the items of the noun's kind are counted; the sentence goes on"),
    Case("count.listed_items", True, "（二）机构设置\n街道办事处内设 10 个办公室:党政办公室、党建工作办公室、经济发展办公室(统计办公室)、"
         "平安建设办公室、财政办公室、应急管理办公室、人大工委办公室、综合行政执法办公室;下设6个二级单位:党群服务中心、"
         "社区事务服务中心、社保所、综合行政执法大队、退役军人服务站、社区文化服务中心。",
         note="a list after a bare colon, closed by an ASCII ; (web-copied text, samples/web/yuzhong-nanjimen): 10 stated, 8 named"),
    Case("count.listed_items", False, "（二）机构设置\n设有6个内设机构:综合办公室、党群工作办公室、城市管理办公室、平安建设办公室"
         "(加挂司法所牌子)、社区建设办公室(加挂统计所牌子)、民生保障办公室;1个综合行政执法队;下设3个事业单位:便民服务中心"
         "(挂退役军人服务站牌子)、市民活动中心、市民诉求处置中心。", note="samples/web/tongzhou-luyi: each count matches its list"),
    Case("count.listed_items", False, "（一）机构设置\n局下设1个事业单位为西安市信访服务中心，处级建制，经费来源为财政全额拨款，"
         "经费未单独核算。", note="after a bare 为 the list is its first clause (samples/real/calinchow-del__xian-xinfang-2026-yusuan)"),
    Case("count.listed_items", False, "（四）工作要求\n多个部门联合起草的，应当明确一个部门为主，其他部门协办。",
         note="为主 is no list (samples/real/calinchow-del__zhuzhou-zfban-2026-yusuan-scan)"),
    Case("count.listed_items", True, "一、单位基本情况\n医院现有3个院区,为彭水县中医院老院区(老车站后)和靛水新城分院,医院总占地面积40亩。",
         note="a closed list “A和B” names one or two, not three (injected into samples/web/pengshui-zhongyiyuan)"),
    Case("count.listed_items", False, "一、单位基本情况\n医院现有2个院区,为彭水县中医院老院区(老车站后)和靛水新城分院,医院总占地面积40亩。"),
    Case("count.listed_items", False, "（一）项目概况\n项目覆盖5个乡镇的集中供水工程，分别为：甲镇、乙镇、丙镇、丁乡、戊乡，主要实施"
         "管网更新、水质检测。", note="5 乡镇 named, then what was done there"),
    Case("sum.itemised", False, "（二）支出情况\n支出合计[[2791.48万元|支出合计|F=total_expenditure]]，其中基本支出"
         "[[1046.83万元|基本支出|F=basic_expenditure]]（其中人员经费[[912.57万元|人员经费|F=personnel_expenditure]]，"
         "公用经费[[134.26万元|公用经费|F=public_expenditure]]），项目支出[[1744.65万元|项目支出|F=project_expenditure]]。",
         note="a nested breakdown is not part of the outer list"),
    Case("ratio.named_rate", False, "（三）预算执行情况\n全年预算数[[2864.37万元|全年预算数]]，其中基本支出预算[[1046.83万元|"
         "基本支出预算]]、项目支出预算[[1817.54万元|项目支出预算]]，全年执行数[[2791.48万元|全年执行数]]，预算执行率"
         "[[97.46%|预算执行率]]。", note="several budgets in one sentence: the rate holds for one pairing"),
    Case("reason.low_execution", False, LOW_RATE.format(reason="") + "\n五、存在的问题\n部分项目资金结转下年，主要是由于"
         "项目招标延迟。", year=2025, note="the shortfall is explained in another section"),
    Case("reason.low_execution", True, "四、部门整体支出绩效自评表\n（表）", budget_lines=[dict(BUDGET_ROW)],
         note="a report's 自评表 row at 87.07% with no reason anywhere"),
    Case("reason.low_execution", False, "四、部门整体支出绩效自评表\n（表）",
         budget_lines=[dict(BUDGET_ROW, row="财政资金小计", initial_budget="0.00", budget="0.00", spent="0.00",
                            rate="0.00")],
         note="nothing budgeted, nothing to explain (0.00 | 0.00 | 0.00%); seen in samples/real ningde-zfban "
              "and samples/web guichi-tangxi"),
    Case("reason.low_execution", True, "四、部门整体支出绩效自评表\n（表）", doc_type="绩效自评表",
         budget_lines=[dict(BUDGET_ROW)], severity="info",
         note="a stand-alone 自评表 without a 偏差原因 cell: where it should say why is not certain, so 待核实 "
              "(info); seen in samples/real ningde-zfban-2024-zhengti-zipingbiao"),
    # --- sums-ratios (round 3): 其中 lists over `；` or after `。`, shares of a list's total or of an inline
    # base, 同比 changes read per clause, 执行率 over the income when no budget is printed
    Case("sum.itemised", True, "二、收入决算情况说明\n本年收入合计[[4125.49万元|本年收入合计]]，其中：一般公共预算财政拨款收入"
         "[[3859.06万元|一般公共预算财政拨款收入]]，占[[93.54%|一般公共预算财政拨款收入]]；事业收入[[0万元|事业收入]]，"
         "占[[0%|事业收入]]；其他收入[[266.33万元|其他收入]]，占[[6.46%|其他收入]]。",
         note="the list runs on over `；`, one part a clause, closed by 其他: 3859.06 + 0 + 266.33 ≠ 4125.49 "
              "(injected mutant of samples/web/sichuan-lvyou-2022-juesuan)"),
    Case("sum.itemised", False, "（一）收支预算\n本部门当年财政拨款收入[[2838.42万元|本部门当年财政拨款收入]]，其中一般公共预算"
         "拨款收入[[2838.42万元|一般公共预算拨款收入]]；本部门当年财政拨款支出[[2838.42万元|本部门当年财政拨款支出]]。",
         note="a `；` clause naming another quantity (支出 after 收入) is not a further part; seen in "
              "samples/real/calinchow-del__xian-xinfang-2026-yusuan.pdf"),
    Case("sum.itemised", False, "（一）人员情况\n末在职在编人员[[91人|末在职在编人员]]，其中行政人员[[27人|行政人员]]、事业人员"
         "[[64人|事业人员]]；离退休人员[[58人|离退休人员]]。",
         note="a first clause listing several parts is the whole list: the `；` clause after it is something else; "
              "seen in samples/heldout/tianjin-dizhen-2025.pdf"),
    Case("sum.itemised", True, "（一）收支情况\n2、支出：[[799.12万元|支出]]。其中：人员经费支出[[434.89万元|人员经费支出]]，"
         "公用经费支出[[69.5万元|公用经费支出]]，项目支出[[286.83万元|项目支出]]。",
         note="其中 opening a sentence breaks down the sentence before (carried: a warning); 人员经费 + 公用经费 + "
              "项目支出 is a complete split: 791.22 ≠ 799.12 (injected mutant of samples/web/nanxian-zhengxie-2021-zhengti)"),
    Case("sum.itemised", False, "（二）政府采购情况\n政府采购预算总额[[947万元|政府采购预算总额]]：货物预算[[47万元|货物预算]]、"
         "工程预算[[0万元|工程预算]]、服务预算[[900万元|服务预算]]；其中一般公共预算拨款政府采购[[0万元|一般公共预算拨款政府采购]]："
         "货物预算[[0万元|货物预算]]、服务预算[[0万元|服务预算]]。",
         note="a 其中 after a list (A、B、C；其中…) names no one total; seen in "
              "samples/real/calinchow-del__chongqing-qixiang-2026-yusuan-shuoming.pdf"),
    Case("sum.itemised", False, "（一）收入\n全县一般公共预算地方收入完成[[82876万元|一般公共预算地方收入]]，占年计划"
         "[[75000万元|一般公共预算地方收入]]的[[110.5%|的]]。其中，税收收入完成[[61323万元|税收收入]]，占年计划"
         "[[55000万元|税收收入]]的[[111.5%|的]]。", year=2023,
         note="an amount inside 占…的 is a share's base, neither the total nor a part; seen in "
              "samples/web/huarong-zhengfu-2023-juesuan.txt"),
    Case("sum.itemised", True, "（一）收入预算\n2025年初预算数[[2853.0万元|年初预算数]]，其中：一般公共预算拨款"
         "[[2752.8万元|一般公共预算拨款]]，政府性基金预算拨款[[0万元|政府性基金预算拨款]]，事业收入[[0万元|事业收入]]，"
         "事业单位经营收入[[0万元|事业单位经营收入]]。", year=2025,
         note="a list that spells out kinds with 0 enumerates every kind (likely complete: a warning); "
              "injected mutant of samples/web/tongliang-weilong-2025-yusuan"),
    Case("ratio.share", True, "三、支出决算情况说明\n本年支出合计[[4143.91万元|本年支出合计]]，其中：基本支出[[1140.27万元|基本支出]]，"
         "占[[23.59%|基本支出]]；项目支出[[3003.64万元|项目支出]]，占[[72.48%|项目支出]]。",
         note="占x% right after a listed part is its share of the list's total: 1140.27 / 4143.91 = 27.52% "
              "(injected mutant of samples/web/sichuan-lvyou-2022-juesuan)"),
    Case("ratio.share", False, "三、支出决算情况说明\n本年支出合计[[4143.91万元|本年支出合计]]，其中：基本支出[[1140.27万元|基本支出]]，"
         "占[[27.52%|基本支出]]；项目支出[[3003.64万元|项目支出]]，占[[72.48%|项目支出]]。"),
    Case("ratio.share", True, "（一）收入\n税收收入完成[[61323万元|税收收入]]，占年计划[[55000万元|税收收入]]的[[121.6%|的]]。",
         year=2023, note="the base printed between 占 and 的: 61323 / 55000 = 111.5% (injected mutant of "
                         "samples/web/huarong-zhengfu-2023-juesuan)"),
    Case("ratio.share", False, "（一）收入\n税收收入完成[[61323万元|税收收入]]，占年计划[[55000万元|税收收入]]的[[111.5%|的]]。",
         year=2023),
    Case("ratio.change_percent", False, "（四）“三公”经费\n“三公”经费预算总额为[[1969万元|三公经费预算总额]]，较2024年的"
         "[[2190万元|较2024年的|Q=上年]]减少[[221万元|减少|D=下降]]，下降[[10.1%|下降|D=下降]]；其中：公务接待费"
         "[[242万元|公务接待费]]，较上年减少[[12万元|较上年减少|D=下降|Q=上年]]，下降[[4.7%|下降|D=下降]]。", year=2025,
         note="a change is read in its own clause: 12 / (242 + 12) = 4.72%, not 12 / 2190; seen in "
              "samples/web/mianzhu-sangong-2025-yusuan.txt"),
    Case("ratio.change_percent", True, "（四）“三公”经费\n“三公”经费预算总额为[[1969万元|三公经费预算总额]]，较2024年的"
         "[[2190万元|较2024年的|Q=上年]]减少[[221万元|减少|D=下降]]，下降[[10.1%|下降|D=下降]]；其中：公务接待费"
         "[[242万元|公务接待费]]，较上年减少[[12万元|较上年减少|D=下降|Q=上年]]，下降[[5.3%|下降|D=下降]]。", year=2025,
         note="12 / 254 = 4.72% ≠ 5.3% (injected mutant of samples/web/mianzhu-sangong-2025-yusuan)"),
    Case("ratio.change_percent", True, "（一）收入\n1、收入：[[792.22万元|收入]]。同比上年度增加[[189.25万元|同比上年度增加|D=增长|Q=上年]]，"
         "增加[[32.44%|增加|D=增长]]。", year=2021,
         note="a sentence opening with the comparison carries the amount of the sentence before (a warning): "
              "189.25 / 602.97 = 31.39% (injected mutant of samples/web/nanxian-zhengxie-2021-zhengti)"),
    Case("ratio.change_percent", False, "（一）收入\n1、收入：[[792.22万元|收入]]。同比上年度增加[[189.25万元|同比上年度增加|D=增长|Q=上年]]，"
         "增加[[31.39%|增加|D=增长]]。", year=2021),
    Case("ratio.named_rate", True, "（三）收支\n财政拨款收入合计[[2024.05万元|财政拨款收入合计]]，财政拨款支出合计"
         "[[2024.05万元|财政拨款支出合计]]，预算执行率[[94%|预算执行率]]。",
         note="no 预算 amount printed: the income stands for the budget (likely: a warning); injected mutant of "
              "samples/web/xuwen-xiaqiao-2024-zhengti"),
    Case("ratio.named_rate", False, "（三）收支\n财政拨款收入合计[[2024.05万元|财政拨款收入合计]]，财政拨款支出合计"
         "[[2024.05万元|财政拨款支出合计]]，预算执行率[[100%|预算执行率]]。"),
    Case("sum.change_parts", True, "（四）“三公”经费\n“三公”经费预算总额为[[1969万元|三公经费预算总额]]，较2024年的"
         "[[2190万元|较2024年的|Q=上年]]减少[[221万元|减少|D=下降]]；其中：因公出国（境）经费[[40万元|因公出国（境）经费]]，"
         "较上年持平；公务接待费[[242万元|公务接待费]]，较上年减少[[12万元|较上年减少|D=下降|Q=上年]]；公务用车购置及运行维护费"
         "[[1687万元|公务用车购置及运行维护费]]，较上年减少[[219万元|较上年减少|D=下降|Q=上年]]。", year=2025,
         note="the parts make the total (40 + 242 + 1687 = 1969), so their changes make its change: 0 − 12 − 219 = −231 ≠ −221 "
              "(injected mutant of samples/web/mianzhu-sangong-2025-yusuan)"),
    Case("sum.change_parts", False, "（四）“三公”经费\n“三公”经费预算总额为[[1969万元|三公经费预算总额]]，较2024年的"
         "[[2190万元|较2024年的|Q=上年]]减少[[221万元|减少|D=下降]]；其中：因公出国（境）经费[[40万元|因公出国（境）经费]]，"
         "较上年持平；公务接待费[[242万元|公务接待费]]，较上年减少[[12万元|较上年减少|D=下降|Q=上年]]；公务用车购置及运行维护费"
         "[[1687万元|公务用车购置及运行维护费]]，较上年减少[[209万元|较上年减少|D=下降|Q=上年]]。", year=2025),
    Case("value.restated", True, "一、项目概况\n市财政局《关于下达2023年中央水利发展资金预算的通知》，下达本县2023年中央水利发展资金"
         "[[2414万元|2023年中央水利发展资金]]。\n市水务局、市财政局《关于下达2023年中央水利发展资金预算的通知》，下达本县2023年"
         "中央水利发展资金[[2263万元|2023年中央水利发展资金]]。", year=2023,
         note="the same words lead up to both amounts: one quantity printed as 2414 and 2263 (injected mutant of "
              "samples/web/qianlima-shuili-2023-xiangmu)"),
    Case("value.restated", False, "一、项目概况\n市财政局《关于下达2023年乡村振兴衔接资金的通知》，下达本县2023年资金"
         "[[791万元|下达本县2023年资金]]。\n市财政局《关于下达2023年自治区水利发展资金预算的通知》，下达本县2023年资金"
         "[[5万元|下达本县2023年资金]]。", year=2023,
         note="only a short stretch is shared (…的通知》，下达本县2023年资金): two different allocations; seen in "
              "samples/web/qianlima-shuili-2023-xiangmu.txt"),
    Case("value.restated", False, "一、支出\n1.统计管理[[2.63万元|统计管理]]。2022年当年预算执行数为[[0万元|2022年当年预算执行数]]，"
         "2023年预算安排[[15.00万元|2023年预算安排]]。\n2.专项普查[[20.00万元|专项普查]]。2022年当年预算执行数为"
         "[[0万元|2022年当年预算执行数]]，2023年预算安排[[20.00万元|2023年预算安排]]。", year=2023,
         note="a sentence template repeated per item (an amount before in the sentence): different items; seen in "
              "samples/real/zxj6827111-blip__tbxt-archive-818404804.pdf"),
    # --- r4-sums: 其中 lists running onto the following lines/sentences, lists cut by a truncated text, complete
    # splits (shares making 100%, 上级/本级), the carry-over identity of a 决算
    Case("sum.itemised", True, "（二）支出结构\n基本支出预算[[2476260.58元|基本支出预算]]，占一般公共预算支出的"
         "[[84.06%|基本支出预算]]。其中：\n工资福利支出预算[[2016908.34元|工资福利支出预算]]，占基本支出预算[[81.45%|工资福利支出预算]]。\n"
         "商品和服务支出预算[[445372.24元|商品和服务支出预算]]，占基本支出预算[[17.99%|商品和服务支出预算]]。\n"
         "对个人和家庭补助支出预算[[13990元|对个人和家庭补助支出预算]]，占基本支出预算[[0.56%|对个人和家庭补助支出预算]]。",
         note="其中： closes its line and each part has a line of its own: 2016908.34 + 445372.24 + 13990 ≠ 2476260.58 "
              "(injected mutant of samples/web/wuzhou-danwei-2024-yusuan)"),
    Case("sum.itemised", True, "（二）支出结构\n项目支出[[469510元|项目支出]]，占一般公共预算支出的[[19.62%|项目支出]]。其中：\n"
         "工资福利支出[[12000元|工资福利支出]]，占项目支出预算[[2.56%|工资福利支出]]。\n商品和服务支出[[426000元|商品和服务支出]]，"
         "占项目支出预算[[90.73%|商品和服务支出]]。\n资本性支出[[31500元|资本性支出]]，占项目支出预算[[6.71%|资本性支出]]。",
         note="each part's share of the total is printed and the shares make 100%: the list is complete, so "
              "12000 + 426000 + 31500 = 469500 ≠ 469510 (injected mutant of samples/web/wuzhou-danwei-2024-yusuan)"),
    Case("sum.itemised", False, "（二）支出结构\n项目支出[[469510元|项目支出]]，占一般公共预算支出的[[19.62%|项目支出]]。其中：\n"
         "工资福利支出[[12000元|工资福利支出]]，占项目支出预算[[2.56%|工资福利支出]]。\n商品和服务支出[[426000元|商品和服务支出]]，"
         "占项目支出预算[[80.73%|商品和服务支出]]。\n资本性支出[[31500元|资本性支出]]，占项目支出预算[[6.71%|资本性支出]]。",
         note="the shares make only 90%: the list may leave a part out, so falling short is not asserted"),
    Case("sum.itemised", True, "（一）一般公共预算收支概况\n全县一般公共预算地方收入完成[[82866万元|一般公共预算地方收入完成]]，"
         "同比增长[[9.99%|同比增长|D=增长]]。其中，税收收入完成[[61323万元|税收收入完成]]，同比增长[[12.05%|同比增长|D=增长]]。"
         "非税收入完成[[21553万元|非税收入完成]]。非税收入占一般公共预算地方收入的[[26.01%|非税收入|B=一般公共预算地方收入]]。",
         severity="warning",
         note="the list runs on into the next sentence (same noun, 收入): 61323 + 21553 = 82876 > 82866; a part "
              "from another sentence is tied as carried, so a warning (injected mutant of samples/web/huarong-zhengfu-2023-juesuan)"),
    Case("sum.itemised", False, "（二）支出结构\n基本支出预算[[2476260.58元|基本支出预算]]。其中：\n"
         "工资福利支出预算[[2016908.34元|工资福利支出预算]]。\n商品和服务支出预算[[445372.24元|商品和服务支出预算]]。\n"
         "对个人和家庭补助支出预算[[13980元|对个人和家庭补助支出预算]]。\n二、项目支出预算[[469500元|项目支出预算]]，"
         "其中资本性支出[[31500元|资本性支出]]。",
         note="the run-on list stops at a heading (二、项目支出…): its amount is not a fourth part; seen in "
              "samples/web/wuzhou-danwei-2024-yusuan"),
    Case("sum.itemised", False, "（二）支出结构\n基本支出预算[[2476260.58元|基本支出预算]]。其中：\n"
         "工资福利支出预算[[2016908.34元|工资福利支出预算]]。\n商品和服务支出预算[[445372.24元|商品和服务支出预算]]。\n"
         "对个人和家庭补助支出预算[[23980元|对个人和家庭补助支出预算]]", truncated="text stops mid-sentence",
         note="the text is cut inside the list (Document.truncated): its last part may be cut, so the list is not summed"),
    Case("sum.itemised", True, "（二）资金及项目绩效目标\n我校2022年按生均1000元安排，共计[[239万元|共计]]，其中上级资金"
         "[[179.25万元|上级资金]]，本级[[56.88万元|本级]]。", year=2022,
         note="上级 + 本级 is a complete split of a project's funds: 179.25 + 56.88 ≠ 239 (injected mutant of "
              "samples/web/leiyang-sizhong-2022-zhuanxiang)"),
    Case("sum.itemised", False, "（二）资金及项目绩效目标\n我校2022年按生均1000元安排，共计[[239万元|共计]]，其中上级资金"
         "[[179.25万元|上级资金]]。", year=2022, note="one part alone short of its total says nothing"),
    Case("sum.carryover", True, "（一）收入\n2014年部门决算总收入[[959.48万元|部门决算总收入]]，其中本年收入[[945.18万元|本年收入]]。"
         "具体情况如下：\n财政拨款收入[[869.09万元|财政拨款收入]]。\n年初结转和结余[[16.32万元|年初结转和结余]]。", year=2014,
         severity="warning",
         note="收入总计 = 本年收入 + 年初结转和结余: 945.18 + 16.32 ≠ 959.48; the operands are in different sentences "
              "of one section, each the only amount so named: likely, a warning (injected mutant of "
              "samples/real/changwu__pingtan-baiqingxiang-2014-juesuan)"),
    Case("sum.carryover", True, "（三）结转结余\n年初结转和结余[[120.00万元|年初结转和结余]]，本年收入[[980.50万元|本年收入]]，"
         "本年支出[[1010.20万元|本年支出]]，年末结转和结余[[100.30万元|年末结转和结余]]。", severity="error",
         note="one sentence names all four: 120.00 + 980.50 − 1010.20 = 90.30 ≠ 100.30, certain"),
    Case("sum.carryover", False, "（三）结转结余\n年初结转和结余[[120.00万元|年初结转和结余]]，本年收入[[980.50万元|本年收入]]，"
         "本年支出[[1010.20万元|本年支出]]，结余分配[[10.00万元|结余分配]]，年末结转和结余[[80.30万元|年末结转和结余]]。",
         note="a non-zero 结余分配 enters the identity: the three-term form is not checked"),
    Case("sum.carryover", False, "（一）收入\n2014年部门决算总收入[[959.48万元|部门决算总收入]]，其中本年收入[[945.18万元|本年收入]]。"
         "\n年初结转和结余[[14.30万元|年初结转和结余]]。", year=2014,
         note="945.18 + 14.30 = 959.48; seen in samples/real/changwu__pingtan-baiqingxiang-2014-juesuan"),
    Case("sum.basic_parts", False, "（一）支出决算情况\n本年支出合计[[14572.53万元|本年支出合计]]，按经济分类划分为基本支出"
         "[[11073.11万元|基本支出|F=basic_expenditure]]，项目支出[[3499.42万元|项目支出]]。\n（二）财政拨款基本支出\n"
         "财政拨款基本支出[[10234.37万元|财政拨款基本支出]]，其中：人员经费[[7967.72万元|人员经费|F=personnel_expenditure]]，"
         "主要包括基本工资；公用经费[[2266.65万元|公用经费|F=public_expenditure]]，主要包括办公费。",
         note="人员经费 and 公用经费 are listed under 财政拨款基本支出 (10234.37), not the unit's 基本支出 (11073.11): "
              "their identity is the list's, and it holds; a false alarm seen in samples/real "
              "calinchow-del__guojia-xinfangju-2024-juesuan (第二部分)"),
    Case("sum.itemised", True, PARTS.format(last="33.75"), severity="warning",
         note="four named parts 9.00 (1.6%) short of the total, the list not announced as partial: likely a "
              "misstated part, a warning (planted in samples/heldout ningan-weijian-2025; real in samples/web "
              "qianlima-shuili-2023-xiangmu: 2263 vs seven parts making 2253)"),
    Case("sum.itemised", False, PARTS.replace("，其中设备购置费", "，其中主要为设备购置费").format(last="33.75"),
         note="主要 announces only the main items: falling short is not asserted (sum.itemised_partial, info)"),
    Case("sum.itemised", True, "（三）实施项目情况\n护岸工程共4段，长[[3.47km|长]]：右岸1段，长[[0.98km|长]]，左岸3段，长[[2.18km|长]]。",
         year=2023, note="a colon right after the total opens a complete split (右岸/左岸): 0.98 + 2.18 ≠ 3.47 (injected "
                         "mutant of samples/web/qianlima-shuili-2023-xiangmu)"),
    Case("sum.itemised", False, "（三）实施项目情况\n堤防工程[[1.04km|堤防工程]]：右岸[[0.51km|右岸]]，左岸[[0.53km|左岸]]：拆除重建跌水"
         "[[1座|拆除重建跌水]]，干流河道疏浚[[1.05km|干流河道疏浚]]，支沟河道疏浚[[0.4km|支沟河道疏浚]]。", year=2023,
         note="the colon after 左岸0.53km only separates clauses: what follows is no split of it; seen in samples/web "
              "qianlima-shuili-2023-xiangmu"),
    Case("sum.itemised", False, "一、自评结论\n年度整体支出绩效自评得分[[88.71分|年度整体支出绩效自评得分]]，其中预算执行"
         "[[9.71分|预算执行]]、产出指标[[48分|产出指标]]、效益指标[[24分|效益指标]]、满意度指标[[5分|满意度指标]]。",
         note="a score's parts 2.00 short: the score rules judge it (score_mismatch), not the amounts' near-complete "
              "list rule; a false sum_mismatch seen in samples/heldout youxian-renshe-2023"),
    Case("sum.itemised", False, "（十）“三公”经费\n本部门当年“三公”经费预算支出[[10.10万元|“三公”经费预算支出]]，较上年减少"
         "[[1.90万元|较上年减少|D=下降]]。其中：\n因公出国（境）经费[[0.00万元|因公出国（境）经费]]，本部门无因公出国（境）经费预算；"
         "公务接待费[[1.00万元|公务接待费]]，较上年减少[[1.00万元|较上年减少|D=下降]]；\n公务用车运行维护费[[9.10万元|公务用车运行维护费]]，"
         "较上年减少[[0.90万元|较上年减少|D=下降]]；\n公务用车购置费[[0.00万元|公务用车购置费]]。",
         note="a line of the run-on list holds two parts in two `；` clauses: both are read (0.00 + 1.00 + 9.10 + 0.00 = "
              "10.10); a false alarm seen in samples/real calinchow-del__xian-xinfang-2026-yusuan (十、)"),
    Case("sum.itemised", False, "（九）“三公”经费\n“三公”经费支出预算[[3万元|“三公”经费支出预算]]。其中，因公出国（境）费支出"
         "[[0万元|因公出国（境）费支出]]；公务用车购置及运行维护费支出[[0万元|公务用车购置及运行维护费支出]]；公务接待费支出"
         "[[3万元|公务接待费支出]]。具体情况如下：\n因公出国（境）费预算支出[[0万元|因公出国（境）费预算支出]]。\n"
         "公务用车购置及运行维护费预算支出[[0万元|公务用车购置及运行维护费预算支出]]。", year=2026,
         note="具体情况如下： after a sentence holding a list of its own details none of its amounts in particular; a "
              "false alarm seen in samples/real calinchow-del__wuxi-tongji-2026-yusuan (九、)"),
    # --- lead, after round 4: a list item's own measures (年初预算为, 差值为) are no parts of the list
    Case("sum.itemised", False, "一、“三公”经费财政拨款支出总体情况说明\n2018年度本部门“三公”经费支出[[2.05万元|三公经费支出]]，"
         "年初预算为[[2.95万元|年初预算]]。其中：因公出国（境）支出[[0万元|因公出国（境）支出]]，年初预算为[[0万元|年初预算]]，"
         "差值为[[0万元|差值]]；公务用车运行维护费支出[[0万元|公务用车运行维护费支出]]，年初预算为[[0.95万元|年初预算]]，"
         "差值为[[0.95万元|差值]]；公务接待费支出[[2.05万元|公务接待费支出]]，年初预算为[[2万元|年初预算]]，"
         "差值为[[0.05万元|差值]]。",
         note="each item's 年初预算 and 差值 are its own measures, not parts: 0 + 0 + 2.05 = 2.05; seen on samples/web2 hlx-bumen-2018-sangong"),
    Case("sum.itemised", True, "一、“三公”经费财政拨款支出总体情况说明\n2018年度本部门“三公”经费支出[[2.15万元|三公经费支出]]。"
         "其中：因公出国（境）支出[[0万元|因公出国（境）支出]]，年初预算为[[0万元|年初预算]]；"
         "公务用车购置及运行维护费支出[[0万元|公务用车购置及运行维护费支出]]，年初预算为[[0.95万元|年初预算]]；"
         "公务接待费支出[[2.05万元|公务接待费支出]]，年初预算为[[2万元|年初预算]]。",
         note="the items' own amounts 0 + 2.05 = 2.05 ≠ 2.15, whatever their 年初预算"),
]
