#!/usr/bin/env python3
"""Measure the checks on injected errors: per category, the share of injected findings caught, and new alarms.

Runs `python3 pipeline.py show FILE --json` on every original and every mutant listed in
`samples/injected/MANIFEST.json` (written by `scripts/inject_errors.py`), a process pool of --workers at a
time, and compares each mutant's errors/warnings with its original's (`scripts/injection/measure.py`):
caught = a new finding of the injected category (position-insensitive, as score.py with section "");
new alarms = any other error/warning the mutant raises and the original does not.

    python3 scripts/injected_report.py                 # table + summary line (about a minute on 2 cores)
    python3 scripts/injected_report.py -v              # one line per mutant
    python3 scripts/injected_report.py --in-process    # same JSON without one interpreter per document
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from injection.measure import CMD, measure, summary, table  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--injected", type=Path, default=ROOT / "samples" / "injected")
    ap.add_argument("--cmd", default=CMD, help="command printing the report JSON ({file} is replaced)")
    ap.add_argument("--in-process", action="store_true", help="call extract.process in the pool's workers")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="mutant file names")
    ap.add_argument("--json", type=Path, help="write every outcome to this file")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    outcomes, info = measure(a.injected, None if a.in_process else a.cmd, a.workers, a.only)
    if a.verbose:
        for o in outcomes:
            mark = "FAILED " + o.failed if o.failed else ("caught" if o.caught else "missed")
            extra = f"  new: {', '.join(o.new_alarms)}" if o.new_alarms else ""
            gone = f"  gone: {', '.join(o.lost)}" if o.lost else ""
            print(f"{o.file:60} {o.category:16} {mark}{extra}{gone}")
        print()
    for row in table(outcomes):
        print(row)
    line = summary(outcomes, info)
    print(line)
    if a.json:
        a.json.write_text(json.dumps({"summary": line, "outcomes": [o.__dict__ for o in outcomes]},
                                     ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
