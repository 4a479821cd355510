"""The sheets of the export (汇总, 字段, 发现, 自评表, 失败文件, 说明) as plain rows with typed columns.

One builder for the workbook and the CSV files; `Sheet.types` drives the Excel number formats (money in
万元 with two decimals, rates in percent points, counts as integers).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from .columns import columns, display, field_specs, field_type
from .compare import build_rows, sort_rows
from .load import Tables, frame_records

SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
CERTAINTY_ZH = {"certain": "确定", "likely": "很可能", "undecided": "未定"}


@dataclass
class Sheet:
    name: str
    headers: list[str]
    types: list[str]                       # text | int | bool | money | percent | score | per_person | count | number
    rows: list[list] = field(default_factory=list)
    row_styles: list[Optional[str]] = field(default_factory=list)      # error | warning | info | None
    cell_marks: list[dict[int, str]] = field(default_factory=list)     # column index → outlier | contradicted


def _who(doc: dict) -> list:
    return [doc.get("department"), doc.get("year"), doc.get("kind"), doc.get("project")]


WHO = ["部门", "年度", "类型", "项目"]
WHO_TYPES = ["text", "int", "text", "text"]


def summary(rows: list[dict]) -> Sheet:
    cols = columns()
    s = Sheet("汇总", [c.header for c in cols], [c.type for c in cols])
    index = {c.key: i for i, c in enumerate(cols)}
    for r in rows:
        s.rows.append([display(r.get(c.key), c.type) for c in cols])
        marks = {index[k]: "outlier" for k in r.get("_outlier_keys", {}) if k in index}
        if r.get("contradicted"):
            marks[index["execution_rate_stated"]] = "contradicted"
        s.cell_marks.append(marks)
        s.row_styles.append(None)
    return s


def fields_long(t: Tables, docs: dict[str, dict]) -> Sheet:
    s = Sheet("字段", WHO + ["字段", "名称", "数值", "单位", "原值", "原单位", "来源", "页", "原文", "doc_id"],
              WHO_TYPES + ["text", "text", "number", "text", "text", "text", "text", "int", "text", "text"])
    specs = field_specs()
    for doc_id, rows in t.by_doc("fields").items():
        doc = docs.get(doc_id)
        if doc is None:
            continue
        for f in rows:
            name = f["field"]
            ftype = field_type(name) if name in specs else "text"
            value = f["value_decimal"] if f["value_decimal"] is not None else f["value_text"]
            shown = display(value, ftype) if isinstance(value, Decimal) else value
            unit = {"money": "万元", "percent": "%"}.get(ftype, f.get("unit") or "")
            s.rows.append(_who(doc) + [name, specs.get(name, {}).get("name", name), shown, unit, f["value_text"],
                                       f.get("unit"), f.get("origin"), f.get("page"), f.get("text"), doc_id])
    return s


def evidence_text(evidence) -> str:
    quotes = []
    for e in evidence or []:
        page = f"（第{e['page']}页）" if e.get("page") else ""
        quotes.append(f"「{e.get('text') or ''}」{page}")
    return "\n".join(quotes)


def findings(t: Tables, docs: dict[str, dict]) -> Sheet:
    s = Sheet("发现", WHO + ["严重程度", "确定性", "类别", "规则", "说明", "证据", "页", "期望", "实际", "评价编号", "doc_id"],
              WHO_TYPES + ["text"] * 6 + ["text", "text", "text", "text", "text"])
    order = {"error": 0, "warning": 1, "info": 2}
    items = [(doc_id, f) for doc_id, rows in t.by_doc("findings").items() if doc_id in docs for f in rows]
    items.sort(key=lambda x: (order.get(x[1].get("severity"), 3), docs[x[0]].get("department") or ""))
    for doc_id, f in items:
        pages = "、".join(str(p) for p in (f.get("pages") or []))
        s.rows.append(_who(docs[doc_id]) + [
            SEVERITY_ZH.get(f.get("severity"), f.get("severity")), CERTAINTY_ZH.get(f.get("certainty"), f.get("certainty")),
            f.get("category"), f.get("rule"), f.get("message"), evidence_text(f.get("evidence")), pages,
            f.get("expected"), f.get("actual"), f.get("evaluation"), doc_id])
        s.row_styles.append(f.get("severity"))
    return s


def indicators(t: Tables, docs: dict[str, dict]) -> Sheet:
    s = Sheet("自评表", WHO + ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因",
                            "页", "评价编号", "doc_id"],
              WHO_TYPES + ["text"] * 5 + ["score", "score", "text", "int", "text", "text"])
    for doc_id, rows in t.by_doc("indicators").items():
        doc = docs.get(doc_id)
        if doc is None:
            continue
        for i in rows:
            s.rows.append(_who(doc) + [i.get("level1"), i.get("level2"), i.get("level3"), i.get("target_text"),
                                       i.get("actual_text"), display(i.get("weight"), "score"),
                                       display(i.get("score"), "score"), i.get("reason"), i.get("page"),
                                       i.get("evaluation"), doc_id])
    return s


def failed(t: Tables) -> Sheet:
    s = Sheet("失败文件", ["文件", "文件类型", "状态", "原因", "字节", "doc_id"],
              ["text", "text", "text", "text", "int", "text"])
    for r in frame_records(t.failed()):
        s.rows.append([r.get("source"), r.get("file_type"), {"failed": "失败", "skipped": "跳过"}.get(r.get("status"), r.get("status")),
                       r.get("error"), r.get("bytes"), r.get("doc_id")])
        s.row_styles.append("error" if r.get("status") == "failed" else "info")
    return s


def glossary() -> Sheet:
    s = Sheet("说明", ["列", "含义", "类型"], ["text", "text", "text"])
    units = {"money": "万元，两位小数", "percent": "百分点，两位小数", "score": "分", "per_person": "元/人",
             "count": "整数", "int": "整数", "bool": "是/否", "text": "文本"}
    for c in columns():
        s.rows.append([c.header, c.doc, units.get(c.type, c.type)])
    return s


def build(t: Tables, rows: Optional[list[dict]] = None) -> list[Sheet]:
    rows = sort_rows(build_rows(t)) if rows is None else rows
    compared = {r["doc_id"] for r in rows}
    docs = {d["doc_id"]: d for d in frame_records(t.documents) if d["doc_id"] in compared}
    return [summary(rows), fields_long(t, docs), findings(t, docs), indicators(t, docs), failed(t), glossary()]
