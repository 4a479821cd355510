#!/usr/bin/env python3
"""Injected errors in real documents: copies of the keyed text documents that each change ONE printed number.

For every text document with an answer key (`samples/web/*.txt`, `samples/real/*.txt`), the key's relations
(plus the hand-checked ones in `samples/injected/extra_relations.json`) are tied to the printed numbers;
a mutation changes one of them so that exactly one relation that held now fails at printed precision,
while every other relation still holds (`scripts/injection/`).  PDFs and workbooks are skipped: changing a
PDF's printed number reliably (glyphs, layout, text layer) is out of scope.

Writes `OUT/NAME.KIND.N.txt` and `OUT/NAME.KIND.N.expected.json` (the original key, the injected finding
added to `findings`, an `injected` record) and `OUT/MANIFEST.json`.  Deterministic for a given --seed.

    python3 scripts/inject_errors.py                 # (re)write samples/injected
    python3 scripts/inject_errors.py --list          # candidates and why numbers were not used, no files
"""
from __future__ import annotations

import argparse
import copy
import json
import random
import re
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from injection.mutate import apply, base_value, mutations, record  # noqa: E402
from injection.relations import load  # noqa: E402
from injection.textnum import tokens  # noqa: E402

SOURCES = [ROOT / "samples" / "web", ROOT / "samples" / "real"]
OUT = ROOT / "samples" / "injected"
KINDS = ("sum", "ratio", "rate", "count", "score", "year", "conflict")
MUTANT_RE = re.compile(r"^.+\.(%s)\.\d+\.(txt|expected\.json)$" % "|".join(KINDS))
# how many mutants one document may give per kind (the rest of its candidates are listed, not written)
PER_DOC = {"sum": 2, "ratio": 2, "rate": 3, "count": 2, "score": 4, "year": 1, "conflict": 2}


def documents(sources=SOURCES):
    """(name, key path, key, text or None, why skipped) for every keyed document."""
    for folder in sources:
        for kp in sorted(folder.glob("*.expected.json")):
            key = json.loads(kp.read_text(encoding="utf-8"))
            doc = folder / key["file"]
            name = kp.name[: -len(".expected.json")]
            if doc.suffix.lower() != ".txt":
                why = {".pdf": "PDF: changing a printed number reliably is out of scope",
                       ".xlsx": "workbook: cells are not running text (out of scope)"}.get(doc.suffix.lower(), "not text")
                yield name, kp, key, None, why
                continue
            yield name, kp, key, doc.read_bytes().decode("utf-8"), ""


def candidates(seed: int, extras: dict, sources=SOURCES):
    """Every valid mutation of every document, with the notes on what could not be used."""
    found, skipped, notes = [], [], {}
    for name, kp, key, text, why in documents(sources):
        if text is None:
            skipped.append({"document": str(kp.parent.relative_to(ROOT) / key["file"]), "why": why})
            continue
        rels, why_rel = load(key, text, extras.get(name))
        toks = tokens(text)
        muts, why_mut = mutations(rels, toks, f"{seed}|{name}")
        notes[name] = why_rel + why_mut + ([] if rels else ["the key records no relation"])
        for m in muts:
            found.append((name, kp, key, text, toks, rels, m))
    return found, skipped, notes


def select(found: list, seed: int) -> list:
    """At most PER_DOC[kind] mutants per document and kind, chosen with the seed; in a stable order."""
    groups = defaultdict(list)
    for c in found:
        groups[(c[0], c[6].rel.kind)].append(c)
    chosen = []
    for (name, kind), cs in sorted(groups.items()):
        cs = sorted(cs, key=lambda c: (c[6].rel.rid, c[6].index))
        random.Random(f"{seed}|{name}|{kind}").shuffle(cs)     # one document's choice never moves another's
        # prefer different relations before a second operand of the same one
        by_rel, order = set(), []
        for c in cs:
            if c[6].rel.rid not in by_rel:
                by_rel.add(c[6].rel.rid)
                order.append(c)
        order += [c for c in cs if c not in order]
        chosen += order[: PER_DOC[kind]]
    return sorted(chosen, key=lambda c: (c[0], KINDS.index(c[6].rel.kind), c[6].span))


def mutant_key(key: dict, file: str, source: str, m, text: str, new_text: str, printed: str) -> dict:
    """The original key, the injected finding added, the printed figure and headings updated."""
    mk = copy.deepcopy(key)
    mk["file"] = file
    mk["source"] = source
    mk["findings"] = list(key.get("findings", [])) + [{"category": m.rel.category, "section": ""}]
    if m.rel.type != "year":
        for f in mk.get("figures") or []:       # the mutant prints the new figure instead of the old one
            if f[0] == m.old and (not m.operand.unit or f[1] in (m.operand.unit, "")):
                f[0] = m.new
                break
    s, e = m.span
    for part in ("headings", "optional_headings"):   # a heading title that quotes the changed number
        for h in mk.get(part) or []:
            for w in (8, 6, 4, 2):
                before = text[max(0, s - w):s] + text[s:e] + text[e:e + w]
                if before in h[2]:
                    h[2] = h[2].replace(before, text[max(0, s - w):s] + printed + text[e:e + w])
                    break
    fields = mk.get("fields") or {}
    old_base = base_value(m.old, m.operand.unit)
    moved = [k for k, v in fields.items() if m.rel.type != "year" and _dec(v) == old_base]
    for k in moved:                         # which of the two numbers a field should take is now unclear
        del fields[k]
        mk.setdefault("optional_fields", []).append(k)
    rec = record(m, text, new_text, printed)
    rec["source"] = source
    rec["fields_made_optional"] = moved
    mk["injected"] = rec
    return mk


def _dec(v):
    try:
        return Decimal(str(v))
    except ArithmeticError:
        return None


def write(chosen: list, out: Path, skipped: list, notes: dict, seed: int) -> list[dict]:
    out.mkdir(parents=True, exist_ok=True)
    for p in out.iterdir():
        if MUTANT_RE.match(p.name):
            p.unlink()
    counter, manifest = Counter(), []
    for name, kp, key, text, toks, rels, m in chosen:
        counter[(name, m.rel.kind)] += 1
        file = f"{name}.{m.rel.kind}.{counter[(name, m.rel.kind)]}.txt"
        source = str(kp.parent.relative_to(ROOT) / key["file"])
        new_text, printed = apply(text, m, toks)
        (out / file).write_bytes(new_text.encode("utf-8"))
        mk = mutant_key(key, file, source, m, text, new_text, printed)
        (out / file.replace(".txt", ".expected.json")).write_text(
            json.dumps(mk, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        manifest.append({"file": file, "source": source, "kind": m.rel.kind, "category": m.rel.category,
                         "accept": m.rel.accept, "relation": m.rel.rid, "role": m.operand.role,
                         "old": m.old, "new": printed, "start": m.span[0], "how": m.how})
    (out / "MANIFEST.json").write_text(json.dumps({
        "seed": seed, "mutants": manifest, "skipped_documents": skipped,
        "not_used": {k: v for k, v in sorted(notes.items()) if v},
    }, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return manifest


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--extra", type=Path, default=OUT / "extra_relations.json")
    ap.add_argument("--list", action="store_true", help="print candidates and reasons, write nothing")
    a = ap.parse_args(argv)
    extras = json.loads(a.extra.read_text(encoding="utf-8"))["documents"] if a.extra.exists() else {}
    found, skipped, notes = candidates(a.seed, extras)
    chosen = select(found, a.seed)
    if a.list:
        for name, *_, m in found:
            mark = "*" if any(c[6] is m for c in chosen) else " "
            print(f"{mark} {name} {m.rel.kind:8} {m.rel.rid:9} {m.operand.role:8} {m.old} → {m.new} ({m.how})")
        for name, why in sorted(notes.items()):
            for w in why:
                print(f"  - {name}: {w}")
    else:
        manifest = write(chosen, a.out, skipped, notes, a.seed)
        by = Counter(m["kind"] for m in manifest)
        docs = len({m["source"] for m in manifest})
        print(f"{len(manifest)} mutants from {docs} documents into {a.out}: "
              + " ".join(f"{k}={by[k]}" for k in KINDS) + f"; {len(skipped)} non-text documents skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
