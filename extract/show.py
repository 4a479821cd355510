"""`pipeline.py show FILE`: what was extracted from one report, readable or as the JSON contract.

`show --out OUT DOC` shows a report of an ingested folder from its tables (DOC: a doc_id prefix or a
department name), without re-extracting.  Either way the exit status is 1 for a failed document.
"""
from __future__ import annotations

import argparse
import json
import sys

from .model import Report
from .process import process
from .report_json import dec_str, to_json


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", metavar="FILE|DOC",
                   help="a report (.pdf, .txt or .docx); with --out, a doc_id prefix or a department name")
    p.add_argument("--json", action="store_true", help="print the single-report JSON contract")
    p.add_argument("--out", metavar="OUT", help="read the report from the tables of this ingest output folder")


def _from_tables(args: argparse.Namespace) -> Report | int:
    from .answers.from_tables import describe, pick, report_from_tables
    from .answers.load import NotAnOutputFolder, Tables
    try:
        tables = Tables(args.out)
    except NotAnOutputFolder as e:
        print(f"show: {e}", file=sys.stderr)
        return 2
    doc, hits = pick(tables, args.file)
    if doc is None:
        print(f"show: {'no report' if not hits else f'{len(hits)} reports'} in {args.out} match {args.file!r}"
              + ("; give a doc_id prefix:" if hits else ""), file=sys.stderr)
        for d in hits:
            print("  " + describe(d), file=sys.stderr)
        return 2
    return report_from_tables(tables, doc["doc_id"])


def run(args: argparse.Namespace) -> int:
    report = _from_tables(args) if args.out else process(args.file)
    if isinstance(report, int):
        return report
    if args.json:
        json.dump(to_json(report), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render(report))
    return 1 if report.document.status == "failed" else 0


def _money(v) -> str:
    return dec_str(v) or ""


def render(report: Report) -> str:
    """Outline tree, fields, figures by section and findings, with pages."""
    doc, m = report.document, report.meta
    out = [f"{m.title or doc.source}", f"  文件 {doc.source}  doc_id {doc.doc_id[:12]}…  状态 {doc.status}"
           + (f"（{doc.error}）" if doc.error else ""),
           f"  部门 {m.department or '—'}  地区 {m.region or '—'}  年度 {m.year or '—'}  类型 {m.kind or '—'}"
           + (f"  项目 {m.project}" if m.project else "") + f"  报告日期 {m.report_date or '—'}  页数 {m.pages}", ""]
    figs_by_sec: dict = {}
    for f in report.figures:
        figs_by_sec.setdefault(f.section, []).append(f)
    finds_by_sec: dict = {}
    for f in report.findings:
        finds_by_sec.setdefault(f.section, []).append(f)
    out.append("提纲与数字 (outline and figures)")
    for f in figs_by_sec.get(None, []):
        out.append(f"    · {f.text}  {f.label}  p{f.page}")
    for s in report.sections:
        ind = "  " * s.level
        canon = f"  [{s.canonical}]" if s.canonical else ""
        out.append(f"{ind}{s.number}{s.title}{canon}  p{s.page}")
        for f in figs_by_sec.get(s.id, []):
            extra = f"  ← {report.field_of[f.id]}" if f.id in report.field_of else ""
            base = f"  占{f.base_label}" if f.base_label else ""
            out.append(f"{ind}    · {f.text}  {f.label}{base}{extra}  p{f.page}")
        for fd in finds_by_sec.get(s.id, []):
            out.append(f"{ind}    ! [{fd.severity}] {fd.category}: {fd.message}")
    out += ["", "字段 (fields)"]
    for k, v in report.fields.items():
        out.append(f"  {k:30s} {_money(v.value):>16s} {v.unit:4s} p{v.page or '-'}  {v.text[:30]}")
    if report.budget_lines:
        out += ["", "预算执行 (budget_lines)"]
        for b in report.budget_lines:
            out.append("  " + "  ".join(f"{k}={b.get(k)}" for k in ("row", "initial_budget", "budget", "spent",
                                                                      "rate", "weight", "score") if b.get(k) is not None))
    if report.indicators:
        out += ["", "绩效指标 (indicators)"]
        for i in report.indicators:
            out.append(f"  {i.get('level1') or ''}/{i.get('level2') or ''}/{i.get('level3') or ''}  "
                       f"目标 {i.get('target_text') or ''}  完成 {i.get('actual_text') or ''}  "
                       f"分值 {i.get('weight') or ''}  得分 {i.get('score') or ''}")
    out += ["", f"发现 (findings): {len(report.findings)}"]
    for fd in report.findings:
        out.append(f"  [{fd.severity}] {fd.category} {fd.rule}: {fd.message}")
    if not report.findings:
        out.append("  （无）")
    return "\n".join(out) + "\n"
