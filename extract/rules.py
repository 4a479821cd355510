"""Loading the declarative rule data kept in `schemas/` (TOML files a domain expert can read)."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed `schemas/NAME.toml`, validated against its spec (extract/rulespec.py): a misspelt or
    misplaced key is an error naming the file and the key.  Cached: rules are read once per process."""
    from .rulespec import validate
    with open(SCHEMAS / f"{name}.toml", "rb") as f:
        return validate(name, tomllib.load(f))
