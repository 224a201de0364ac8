"""Loading the data files under data/: the gazetteers the team extends without touching code.

Files are read once per process (the first parse pays for it, about a hundred milliseconds
with the regexes compiled from them) and shared by every later call.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


@cache
def load(name: str) -> dict[str, Any]:
    """The parsed TOML file data/<name>.toml."""
    with open(DATA / f"{name}.toml", "rb") as fh:
        return tomllib.load(fh)
