"""The columns of the comparison table: key, Chinese header, type and meaning, from the schemas.

Display names of fields come from `schemas/fields.toml` (`name`) only; what is shown and derived from
`schemas/comparison.toml`.  Types: text, int (nullable), bool, money (万元, 2 decimals), percent (percent
points, 2 decimals), score (2 decimals), per_person (元/人, 2 decimals), count (integer).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Optional

from .peers import schema

CENT = Decimal("0.01")
WAN = Decimal(10000)
DECIMAL_TYPES = ("money", "percent", "score", "per_person")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    type: str
    doc: str = ""


@lru_cache(maxsize=None)
def field_specs() -> dict[str, dict]:
    """Canonical field id → its fields.toml entry (with self_grade from [grade])."""
    d = schema("fields")
    specs = {f["id"]: f for f in d["field"]}
    specs["self_grade"] = {"id": "self_grade", "name": d["grade"].get("name", "self_grade"), "kind": "grade"}
    return specs


def field_type(field: str) -> str:
    kind = field_specs()[field].get("kind")
    return {"money": "money", "percent": "percent", "score": "score", "count": "count"}.get(kind, "text")


def field_header(field: str) -> str:
    spec = field_specs()[field]
    name = spec["name"]
    return {"money": f"{name}（万元）", "percent": f"{name}（%）"}.get(spec.get("kind"), name)


def display(value, type_: str):
    """A base-unit value (元, percent points, 分, count) as the comparison shows it."""
    if value is None:
        return None
    if type_ == "money":
        return (Decimal(value) / WAN).quantize(CENT, ROUND_HALF_UP)
    if type_ in ("percent", "score", "per_person"):
        return Decimal(value).quantize(CENT, ROUND_HALF_UP)
    if type_ == "count":
        return int(value)
    return value


META = [
    Column("department", "部门", "text", "reporting department (单位); for an evaluation of a unit, its name"),
    Column("region", "地区", "text", "province / city / county the department belongs to"),
    Column("level", "层级", "text", "省 / 市 / 县, from the region (schemas/divisions.tsv)"),
    Column("year", "年度", "int", "budget year the report evaluates"),
    Column("doc_type", "文档类型", "text", "绩效自评报告 | 绩效自评表 | 绩效评价报告 | 部门决算 …"),
    Column("kind", "类型", "text", "部门整体支出 | 项目支出"),
    Column("project", "项目", "text", "project name (项目支出)"),
    Column("copies", "副本数", "int", "other files that are the same report (documents.duplicate_of), counted once"),
]
TAIL = [
    Column("title", "报告标题", "text", "report title"),
    Column("source", "文件", "text", "file the row was read from"),
    Column("status", "状态", "text", "ok | partial"),
    Column("doc_id", "doc_id", "text", "sha256 of the file: joins every table"),
    Column("evaluation", "评价编号", "text", "evaluations.id when the document holds several evaluations"),
]


@lru_cache(maxsize=None)
def columns() -> tuple[Column, ...]:
    cfg = schema("comparison")
    rate = field_specs()["execution_rate"]["name"]
    out = list(META)
    for f in cfg["fields"]:
        out.append(Column(f, field_header(f), field_type(f), f"fields.{f}"))
        if f == cfg["execution_rate"]["spent"]:
            out += [
                Column("execution_rate", rate, "percent",
                       "the stated rate unless a finding contradicts it, then the computed one"),
                Column("execution_rate_stated", f"{rate}（所写）", "percent", "fields.execution_rate as printed"),
                Column("execution_rate_computed", f"{rate}（计算）", "percent",
                       f"{field_specs()[cfg['execution_rate']['spent']]['name']} ÷ "
                       f"{field_specs()[cfg['execution_rate']['budget']]['name']}"),
                Column("contradicted", "执行率矛盾", "bool", "a finding shows the stated rate contradicts the amounts"),
            ]
    for d in cfg["derived"]:
        out.append(Column(d["key"], d["header"], "per_person" if d["unit"] != "%" else "percent", d["doc"]))
    out += [
        Column("errors", "错误数", "int", "findings of severity error"),
        Column("warnings", "警告数", "int", "findings of severity warning"),
        Column("infos", "提示数", "int", "findings of severity info (undecided)"),
        Column("peer_group", "同组", "text", "peer group: level · kind"),
        Column("peer_count", "同组报告数", "int", "reports in the peer group"),
        Column("outliers", "离群项", "text", "metrics far from the peer group's median (robust z)"),
    ]
    for f in cfg["prior_year"]["fields"]:
        out.append(Column(f"prior_{f}", f"上年{field_header(f)}", "money",
                          f"prior-year {f} as the report states it (较上年 …)"))
    out.append(Column("prev_year", "上一报告年度", "int", "year of the same department's latest earlier report"))
    for y in cfg["yoy"]:
        f = y["field"]
        name = rate if f == "execution_rate" else field_specs()[f]["name"]
        header = f"{name}同比（%）" if y["mode"] == "ratio" else f"{name}变化"
        out.append(Column(f"yoy_{f}", header, "percent" if y["mode"] == "ratio" else
                          ("percent" if field_type(f) == "percent" or f == "execution_rate" else "score"),
                          f"change against the earlier report ({y['mode']})"))
    out.append(Column("prior_mismatch", "上年数不符", "text",
                      "fields whose stated prior-year amount differs from the earlier report's own amount"))
    return tuple(out + TAIL)


def by_key() -> dict[str, Column]:
    return {c.key: c for c in columns()}


def header_of(key: str) -> Optional[str]:
    c = by_key().get(key)
    return c.header if c else None
