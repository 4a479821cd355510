#!/usr/bin/env python3
"""Write `schemas/divisions.tsv`: China's administrative divisions (GB/T 2260 codes) with their level.

    pip download --no-deps cpca==0.5.5 && unzip cpca-*.whl 'cpca/resources/adcodes.csv'
    python3 scripts/make_divisions.py cpca/resources/adcodes.csv > schemas/divisions.tsv

The source is the 行政区划代码 table (National Bureau of Statistics, 2020, GB/T 2260 codes) as shipped in the
`cpca` package (MIT licence).  A 12-digit code PPCCDD000000 is a province when CCDD = 0000, a prefecture
when DD = 00, a county otherwise (直辖市 districts and 省直辖县级市 such as 潜江市 included).  Groupings
that are not places (市辖区, 省直辖县级行政区划, 县) are left out.  Output columns: code (6 digits), name,
level (省 / 市 / 县), parent code (the prefecture, or the province for a prefecture; a 直辖市 district or a
省直辖县级市 names its province).
"""
from __future__ import annotations

import csv
import sys


def main(path: str) -> None:
    rows = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            code, name = row["adcode"][:6], row["name"].strip()
            if not name or "辖" in name or name in ("县",):
                continue
            rows.append((code, name))
    codes = {c for c, _ in rows}
    out = ["code\tname\tlevel\tparent"]
    for code, name in sorted(rows):
        if code[2:] == "0000":
            level, parent = "省", ""
        elif code[4:] == "00":
            level, parent = "市", code[:2] + "0000"
        else:
            level = "县"
            parent = code[:4] + "00" if code[:4] + "00" in codes else code[:2] + "0000"
        out.append(f"{code}\t{name}\t{level}\t{parent}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main(sys.argv[1])
