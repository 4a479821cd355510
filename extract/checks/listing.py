"""`pipeline.py check OUT`: the findings of an ingested batch, by report or by category.

Reads the Parquet tables written by `ingest` (committed parts only when the storage layer is there,
else every OUT/<table>/*.parquet) with pyarrow.dataset; nothing is recomputed, so the listing is what
the batch stored.
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path
from typing import Optional

import pyarrow as pa

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
QUOTE_WIDTH = 160  # characters of one evidence quote in the listing (the tables keep it whole)


def read_table(out: Path, name: str, columns: Optional[list[str]] = None) -> Optional[pa.Table]:
    """One table of an output folder, or None when the batch has none."""
    import pyarrow.dataset as ds
    files: list[str] = []
    try:
        from ..storage import table_files
        files = table_files(out, name)
    except Exception:  # the storage layer is optional here: fall back to the plain folder layout
        files = []
    if not files:
        files = sorted(str(p) for p in (out / name).glob("*.parquet"))
    if not files:
        return None
    dataset = ds.dataset(files, format="parquet")
    cols = [c for c in (columns or dataset.schema.names) if c in dataset.schema.names]
    return dataset.to_table(columns=cols)


def _rows(t: Optional[pa.Table]) -> list[dict]:
    return t.to_pylist() if t is not None else []


def select(findings: list[dict], severity: str) -> list[dict]:
    """Findings at `severity` or more severe."""
    limit = SEVERITY_RANK[severity]
    return [f for f in findings if SEVERITY_RANK.get(f.get("severity") or "info", 2) <= limit]


def render(findings: list[dict], documents: list[dict], sections: list[dict], *, severity: str = "warning",
           by: str = "report") -> str:
    """The listing as text (pure: tested without Parquet)."""
    docs = {d["doc_id"]: d for d in documents}
    secs = {(s["doc_id"], s["id"]): s for s in sections}
    chosen = select(findings, severity)
    chosen.sort(key=lambda f: (SEVERITY_RANK.get(f.get("severity") or "info", 2), f.get("category") or "",
                               f.get("rule") or ""))

    def where(f: dict) -> str:
        s = secs.get((f.get("doc_id"), f.get("section")))
        if s is None:
            return "全文"
        return f"{s.get('number') or ''}{s.get('title') or ''}"[:30]

    def doc_name(doc_id: str) -> str:
        d = docs.get(doc_id, {})
        name = d.get("title") or d.get("department") or Path(d.get("source") or doc_id).name
        return f"{name}（{d.get('year')}）" if d.get("year") else name

    def line(f: dict, with_doc: bool) -> str:
        pages = f.get("pages") or []
        page = f" 第{','.join(str(p) for p in pages)}页" if pages else ""
        head = f"  [{SEVERITY_ZH.get(f.get('severity'), f.get('severity'))}] "
        ctx = doc_name(f["doc_id"]) + " · " if with_doc else ""
        text = f"{head}{ctx}{f.get('rule')} @{where(f)}{page}：{f.get('message')}"
        return "\n".join([text] + quotes(f))

    def quotes(f: dict) -> list[str]:
        """The evidence the finding rests on, quoted as printed (one line each, long ones shortened)."""
        lines = []
        for e in f.get("evidence") or []:
            quote = " ".join((e.get("text") or "").split())
            if not quote:
                continue
            if len(quote) > QUOTE_WIDTH:
                quote = quote[:QUOTE_WIDTH - 1] + "…"
            page = f"（第{e['page']}页）" if e.get("page") else ""
            lines.append(f"      “{quote}”{page}")
        return lines

    out: list[str] = []
    groups: dict[str, list[dict]] = defaultdict(list)
    key = "doc_id" if by == "report" else "category"
    for f in chosen:
        groups[f.get(key) or ""].append(f)
    if by == "report":
        order = sorted(docs, key=lambda d: (docs[d].get("source") or ""))
        order += [d for d in groups if d not in docs]
        for doc_id in order:
            items = groups.get(doc_id, [])
            d = docs.get(doc_id, {})
            status = d.get("status") or "?"
            if not items and status == "ok":
                continue
            out.append(f"{doc_name(doc_id)}  [{status}] {d.get('source') or ''} — {len(items)} 条")
            out.extend(line(f, False) for f in items)
    else:
        for cat in sorted(groups, key=lambda c: (-len(groups[c]), c)):
            out.append(f"{cat} — {len(groups[cat])} 条，涉及 {len({f['doc_id'] for f in groups[cat]})} 份报告")
            out.extend(line(f, True) for f in groups[cat])
    counts = defaultdict(int)
    for f in chosen:
        counts[f.get("severity")] += 1
    summary = "，".join(f"{SEVERITY_ZH[s]} {counts[s]}" for s in ("error", "warning", "info") if counts[s])
    flagged = len({f["doc_id"] for f in chosen})
    out.append(f"共 {len(docs)} 份报告，{flagged} 份有发现；{summary or '无发现'}")
    return "\n".join(out)


def main(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not out.is_dir():
        print(f"{out}: no such output folder (run `pipeline.py ingest` first)", file=sys.stderr)
        return 2
    findings = _rows(read_table(out, "findings"))
    documents = _rows(read_table(out, "documents", ["doc_id", "source", "title", "department", "year", "status"]))
    sections = _rows(read_table(out, "sections", ["doc_id", "id", "number", "title"]))
    if not documents and not findings:
        print(f"{out}: no documents or findings tables", file=sys.stderr)
        return 2
    print(render(findings, documents, sections, severity=args.severity, by=args.by))
    return 0
