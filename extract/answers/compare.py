"""The comparison table: one row per evaluated report (per evaluation where a document holds several).

    from extract.answers.compare import comparison
    df = comparison("out")            # Chinese headers, money in 万元 (Decimal, two places), year Int32

Built from the Parquet tables only.  A document that is a copy of another (documents.duplicate_of) is
counted once, under its first copy; failed documents and files the folder walk skipped are not compared
(see the 失败文件 sheet).
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Optional

import pandas as pd
import pyarrow as pa

from . import peers
from .columns import CENT, DECIMAL_TYPES, columns, display, field_specs
from .load import Tables, frame_records
from .prior import prior_amounts

CFG = peers.schema


def _dec(v) -> Optional[Decimal]:
    if v is None or v is pd.NA:
        return None
    if isinstance(v, Decimal):
        return v
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _ratio(num, den, scale=100) -> Optional[Decimal]:
    num, den = _dec(num), _dec(den)
    if num is None or not den:
        return None
    return num / den * scale


def _units(doc: dict, evals: list[dict]) -> list[tuple[Optional[dict], bool]]:
    """The evaluated units of a document: (evaluation or None, whether the document's own fields and
    unassigned findings belong to it)."""
    if not evals:
        return [(None, True)]
    own = next((e for e in evals if e.get("kind") and e.get("kind") == doc.get("kind")), None) \
        or next((e for e in evals if e.get("kind") == "部门整体支出"), None) or evals[0]
    return [(e, e is own) for e in evals]


READ = ("ok", "partial")     # not failed, not skipped (a .json or .jpg beside the reports)


def _comparable(docs: pd.DataFrame, with_evals: set[str]) -> pd.DataFrame:
    evaluated = set(CFG("comparison")["evaluated_doc_types"])
    keep = docs["status"].isin(READ) & docs["duplicate_of"].isna()
    typed = docs["doc_type"].isna() | docs["doc_type"].isin(evaluated) | docs["doc_id"].isin(with_evals)
    return docs[keep & typed]


def build_rows(t: Tables) -> list[dict]:
    """The comparison rows with English keys and base values (元, percent points …)."""
    cfg = CFG("comparison")
    docs = t.documents
    evals = t.by_doc("evaluations")
    fields = t.field_values()
    findings = t.by_doc("findings")
    copies = docs["duplicate_of"].dropna().value_counts().to_dict()
    rate_cfg = cfg["execution_rate"]
    contra_rules = set(rate_cfg["contradicting_rules"])
    rows: list[dict] = []
    for doc in frame_records(_comparable(docs, set(evals))):
        doc_id = doc["doc_id"]
        doc_fields = fields.get(doc_id, {})
        for ev, own in _units(doc, evals.get(doc_id, [])):
            r = {k: doc.get(k) for k in ("doc_id", "department", "region", "year", "doc_type", "kind",
                                         "project", "title", "source", "status")}
            r["copies"] = int(copies.get(doc_id, 0))
            vals = {f: v for f, (v, _fig) in doc_fields.items()} if own else {}
            if ev is not None:
                r["evaluation"] = ev["id"]
                r["kind"] = ev.get("kind") or doc.get("kind")
                if r["kind"] == "项目支出" and not own:
                    r["project"] = ev.get("name")
                elif ev.get("name") and r["kind"] == "部门整体支出" and not own:
                    r["department"] = ev["name"]
                for f, k in (("total_budget", "budget"), ("total_expenditure", "expenditure"),
                             ("execution_rate", "execution_rate"), ("self_score", "score"), ("self_grade", "grade")):
                    if vals.get(f) is None and ev.get(k) is not None:
                        vals[f] = ev[k]
            r.update(vals)
            # execution rate: stated, computed, contradicted
            stated = _dec(vals.get("execution_rate"))
            computed = _ratio(vals.get(rate_cfg["spent"]), vals.get(rate_cfg["budget"]))
            stated_fig = doc_fields.get("execution_rate", (None, None))[1] if own else None
            mine = [f for f in findings.get(doc_id, [])
                    if (f.get("evaluation") == (ev or {}).get("id")) or (own and not f.get("evaluation"))]
            contradicted = False
            if stated is not None:
                for f in mine:
                    if f["rule"] in contra_rules and (
                            (stated_fig and stated_fig in (f.get("figures") or []))
                            or _dec(f.get("actual")) == stated):
                        contradicted = True
            r["execution_rate_stated"] = stated
            r["execution_rate_computed"] = computed
            r["contradicted"] = contradicted if stated is not None else None
            r["execution_rate"] = computed if (contradicted and computed is not None) or stated is None else stated
            for sev, key in (("error", "errors"), ("warning", "warnings"), ("info", "infos")):
                r[key] = sum(1 for f in mine if f.get("severity") == sev)
            for d in cfg["derived"]:
                r[d["key"]] = _ratio(vals.get(d["num"]), vals.get(d["den"]), 100 if d["unit"] == "%" else 1)
            r["level"] = peers.level_of(r.get("region"))
            r["_own"] = own
            rows.append(r)
    _prior_year(t, rows)
    _peers(rows)
    return rows


def _prior_year(t: Tables, rows: list[dict]) -> None:
    cfg = CFG("comparison")["prior_year"]
    wanted = cfg["fields"]
    names = {peers._QUOTES.sub("", field_specs()[f]["name"]): f for f in wanted}
    docs = {r["doc_id"] for r in rows if r["_own"]}
    figs = t.prior_year_figures(docs)
    if not figs:
        return
    texts = t.texts(set(figs))
    for r in rows:
        if r["_own"] and r["doc_id"] in figs:
            current = {f: _dec(r.get(f)) for f in wanted if r.get(f) is not None}
            found = prior_amounts(figs[r["doc_id"]], texts.get(r["doc_id"]) or "", current, wanted, names,
                                  cfg.get("not_prior", ""))
            for f, v in found.items():
                r[f"prior_{f}"] = v


def _peers(rows: list[dict]) -> None:
    cfg = CFG("comparison")
    out_cfg = cfg["outliers"]
    metrics = out_cfg["metrics"]
    # compare what is shown: money in 万元, rates to two places
    shown = {c.key: c.type for c in columns()}
    for r in rows:
        for m in metrics:
            v = r.get(m)
            r[f"_m_{m}"] = display(v, shown[m]) if isinstance(v, Decimal) else None
    peers.outlier_marks(rows, [f"_m_{m}" for m in metrics],
                        lambda r: (f"{r['level']}级", r["kind"]) if r.get("level") and r.get("kind") else None,
                        min_peers=int(out_cfg["min_peers"]), limit=Decimal(str(out_cfg["outlier_z"])))
    headers = {c.key: c.header for c in columns()}
    for r in rows:
        marks = r.pop("_outliers")
        r["_outlier_keys"] = {m[3:]: z for m, z in marks.items()}
        r["outliers"] = "；".join(f"{headers[m[3:]]} {'偏高' if z > 0 else '偏低'}（z={z}）"
                                 for m, z in marks.items()) or None
    key = lambda r: (peers.normalise_name(r.get("department")), r.get("kind"), peers.normalise_name(r.get("project")))
    prev = peers.previous_reports(rows, key)
    for i, r in enumerate(rows):
        p = prev.get(i)
        if not p:
            continue
        r["prev_year"] = p.get("year")
        for y in cfg["yoy"]:
            r[f"yoy_{y['field']}"] = peers.change(_dec(r.get(y["field"])), _dec(p.get(y["field"])), y["mode"])
        bad = [field_specs()[f]["name"] for f in cfg["prior_year"]["fields"]
               if r.get(f"prior_{f}") is not None and p.get(f) is not None
               and abs(_dec(r[f"prior_{f}"]) - _dec(p[f])) >= 100]          # 0.01 万元
        r["prior_mismatch"] = "、".join(bad) or None


def to_frame(rows: list[dict]) -> pd.DataFrame:
    """Rows → the comparison DataFrame: Chinese headers, values as shown, analyst dtypes."""
    cols = columns()
    data = {}
    for c in cols:
        vals = [display(r.get(c.key), c.type) for r in rows]
        if c.type == "int" or c.type == "count":
            data[c.header] = pd.array([None if v is None else int(v) for v in vals],
                                      dtype="Int32" if c.key == "year" else "Int64")
        elif c.type == "bool":
            data[c.header] = pd.array(vals, dtype="boolean")
        elif c.type in DECIMAL_TYPES:
            data[c.header] = pd.Series(vals, dtype=object)
        else:
            data[c.header] = pd.Series([None if v is None else str(v) for v in vals], dtype=object)
    return pd.DataFrame(data)


def sort_rows(rows: list[dict]) -> list[dict]:
    return sorted(rows, key=lambda r: (r.get("region") or "", r.get("department") or "", r.get("year") or 0,
                                       r.get("project") or "", r.get("evaluation") or ""))


def comparison(out, tables: Optional[Tables] = None) -> pd.DataFrame:
    return to_frame(sort_rows(build_rows(tables or Tables(out))))


def arrow_type(type_: str, key: str = "") -> pa.DataType:
    if type_ in DECIMAL_TYPES:
        return pa.decimal128(20, 2)
    if type_ in ("int", "count"):
        return pa.int32() if key == "year" else pa.int64()
    if type_ == "bool":
        return pa.bool_()
    return pa.string()


def to_arrow(df: pd.DataFrame) -> pa.Table:
    """The comparison as an Arrow table with fixed types (decimal(20,2) for money and rates)."""
    arrays, fields = [], []
    for c in columns():
        t = arrow_type(c.type, c.key)
        vals = df[c.header].tolist()
        vals = [None if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else v for v in vals]
        if c.type in DECIMAL_TYPES:
            vals = [None if v is None else Decimal(v).quantize(CENT) for v in vals]
        arrays.append(pa.array(vals, type=t))
        fields.append(pa.field(c.header, t, metadata={"doc": c.doc, "key": c.key}))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))
