"""What the pipeline catches of the injected errors, and what it raises besides.

A mutant's findings are compared with its original's, the way `../shared/tools/score.py` counts findings:
only errors and warnings count (an info note that a check was undecidable is not a finding), and the
section is not compared (the injected finding is keyed with section "").  Findings are matched as a
multiset of (category, rule, section number); what the mutant raises beyond its original is *new*.

- caught: a new finding of the injected category (or one of its `accept` categories);
- new alarms: every other new finding (the injected one counted once);
- clean: caught with no new alarm (the issue's target: at least 8 in 10).

Beside them, `originals_fp` counts what the originals raise that their keys neither require nor allow
(score.py's findings_fp on the documents the mutants come from): the original should raise nothing new.
"""
from __future__ import annotations

import json
import shlex
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSERTED = ("error", "warning")
CMD = f"{shlex.quote(sys.executable)} pipeline.py show {{file}} --json"


def norm_number(s) -> str:
    """Printed section numbering compared loosely (score.py's rule: `1、` `1．` `1.` are one style)."""
    s = "".join(unicodedata.normalize("NFKC", str(s or "")).split())
    s = s.translate(str.maketrans({"(": "（", ")": "）"}))
    if len(s) > 1 and s[:-1].isdigit() and s[-1] in ".、":
        return s[:-1] + "."
    return s


def run_cli(cmd: str, path: str, timeout: int = 300) -> dict:
    argv = [a.replace("{file}", path) for a in shlex.split(cmd)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    if p.returncode != 0:
        return {"status": "failed", "error": f"exit {p.returncode}: {p.stderr.strip()[-300:]}", "findings": []}
    return json.loads(p.stdout)


def run_in_process(path: str) -> dict:
    """The same JSON as `pipeline.py show FILE --json`, without a new interpreter per document."""
    sys.path.insert(0, str(ROOT))
    from extract.process import process
    from extract.report_json import to_json
    return to_json(process(Path(path)))


def _job(args):
    path, cmd = args
    t = time.time()
    try:
        got = run_in_process(path) if cmd is None else run_cli(cmd, path)
    except Exception as e:                                  # a crash is a result too, not a harness failure
        got = {"status": "failed", "error": f"{type(e).__name__}: {e}", "findings": []}
    return path, got, time.time() - t


def run_all(paths: list[str], cmd: str | None, workers: int) -> dict[str, dict]:
    """Pipeline JSON of every path, `workers` at a time (cmd None: in-process workers)."""
    out = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for path, got, secs in pool.map(_job, [(p, cmd) for p in paths]):
            got["_seconds"] = secs
            out[path] = got
    return out


def asserted(got: dict) -> Counter:
    """(category, rule, section number) of every error/warning finding."""
    by_id = {s.get("id"): norm_number(s.get("number")) for s in got.get("sections") or []}
    return Counter((f.get("category"), f.get("rule"), by_id.get(f.get("section"), ""))
                   for f in got.get("findings") or [] if f.get("severity") in ASSERTED)


@dataclass
class Outcome:
    file: str
    kind: str
    category: str
    caught: bool
    new_alarms: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    failed: str = ""

    @property
    def clean(self) -> bool:
        return self.caught and not self.new_alarms


def compare(mutant: dict, got_mutant: dict, got_original: dict) -> Outcome:
    want = {mutant["category"], *mutant.get("accept", [])}
    o = Outcome(mutant["file"], mutant["kind"], mutant["category"], False)
    if got_mutant.get("status") == "failed" or got_original.get("status") == "failed":
        o.failed = got_mutant.get("error") or got_original.get("error") or "failed"
        return o
    m, g = asserted(got_mutant), asserted(got_original)
    new = list((m - g).elements())
    hit = next((f for f in new if f[0] in want), None)
    if hit:
        o.caught = True
        new.remove(hit)
    o.new_alarms = [f"{c}:{r}@{s or '*'}" for c, r, s in new]
    o.lost = [f"{c}:{r}@{s or '*'}" for c, r, s in (g - m).elements()]
    return o


def measure(injected: Path, cmd: str | None, workers: int, only=None) -> tuple[list[Outcome], dict]:
    manifest = json.loads((injected / "MANIFEST.json").read_text(encoding="utf-8"))
    mutants = [m for m in manifest["mutants"] if not only or m["file"] in only]
    originals = sorted({str(ROOT / m["source"]) for m in mutants})
    paths = originals + [str(injected / m["file"]) for m in mutants]
    t = time.time()
    got = run_all(paths, cmd, workers)
    outcomes = [compare(m, got[str(injected / m["file"])], got[str(ROOT / m["source"])]) for m in mutants]
    fps = 0
    for p in originals:
        key = json.loads(Path(p).with_name(Path(p).stem + ".expected.json").read_text(encoding="utf-8"))
        fps += len(false_alarms(key, got[p]))
    return outcomes, {"seconds": time.time() - t, "runs": len(paths), "documents": len(originals),
                      "originals_fp": fps}


def false_alarms(key: dict, got: dict) -> list[str]:
    """score.py's unexpected findings of an original: errors/warnings its key neither requires nor allows."""
    by_id = {s.get("id"): norm_number(s.get("number")) for s in got.get("sections") or []}
    found = [(f.get("category"), by_id.get(f.get("section"), ""), f.get("rule"))
             for f in got.get("findings") or [] if f.get("severity") in ASSERTED]
    used = set()
    for f in key.get("findings", []):
        cat, sec = f["category"], norm_number(f.get("section", ""))
        j = next((i for i, (c, s, _) in enumerate(found) if i not in used and c == cat and (not sec or s == sec)), None)
        if j is not None:
            used.add(j)
    opt = [(f["category"], norm_number(f.get("section", ""))) for f in key.get("optional_findings", [])]
    return [f"{c}:{r}@{s or '*'}" for i, (c, s, r) in enumerate(found)
            if i not in used and not any(c == oc and (not os_ or s == os_) for oc, os_ in opt)]


KIND_ORDER = ("sum", "ratio", "rate", "count", "score", "year", "conflict")


def table(outcomes: list[Outcome]) -> list[str]:
    rows = [f"{'kind':9} {'category':16} {'mutants':>7} {'caught':>6} {'share':>6} {'clean':>5} {'new alarms':>10} {'with new':>8}"]
    groups = [(k, [o for o in outcomes if o.kind == k]) for k in KIND_ORDER] + [("all", outcomes)]
    for k, os_ in groups:
        if not os_:
            continue
        n, c = len(os_), sum(o.caught for o in os_)
        cat = os_[0].category if k != "all" else ""
        rows.append(f"{k:9} {cat:16} {n:7d} {c:6d} {c / n:6.2f} {sum(o.clean for o in os_):5d} "
                    f"{sum(len(o.new_alarms) for o in os_):10d} {sum(bool(o.new_alarms) for o in os_):8d}")
    return rows


def summary(outcomes: list[Outcome], info: dict) -> str:
    n = len(outcomes)
    c = sum(o.caught for o in outcomes)
    clean = sum(o.clean for o in outcomes)
    failed = sum(bool(o.failed) for o in outcomes)
    return (f"injected: mutants={n} documents={info['documents']} caught={c} recall={c / n if n else 0:.3f} "
            f"clean={clean} clean_share={clean / n if n else 0:.3f} new_alarms={sum(len(o.new_alarms) for o in outcomes)} "
            f"failed={failed} originals_fp={info['originals_fp']} runs={info['runs']} seconds={info['seconds']:.0f}")
