"""The README's table of columns is the one scripts/readme_tables.py generates from schemas/tables.toml."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import readme_tables  # noqa: E402


def test_readme_table_of_columns_matches_the_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme_tables.current(readme) == readme_tables.section(), \
        "README.md is out of date: python3 scripts/readme_tables.py --write"


def test_every_column_is_listed():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    decl = tomllib.loads((ROOT / "schemas" / "tables.toml").read_text(encoding="utf-8"))
    text = readme_tables.section()
    for name, table in decl["tables"].items():
        assert f"<code>{name}</code>" in text
        for c in table["columns"]:
            assert f"| `{c['name']}` |" in text
