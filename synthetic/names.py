"""Made-up names for the officials of every country but the United States.

One style per naming tradition (``data/names.txt``): word pools and the order readouts write
the name in. The "short" form is the one a readout uses after the first mention ("Minister
Kihara"); it is always among the name's matching tokens, so the parser can tie the two
mentions together. Names are combinations of common words, not real officials.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from engagements.ingest.keys import name_tokens

DATA = Path(__file__).resolve().parent / "data" / "names.txt"
ORDERS = ("gf", "fg", "gf_given", "vn", "bin", "syllables")
_VIETNAMESE_MIDDLE = ("Van", "Xuan", "Duc", "Minh", "Quoc", "Thanh", "Huu", "Dinh")


@dataclass(frozen=True, slots=True)
class Style:
    given: tuple[str, ...]
    family: tuple[str, ...]
    # gf: given family, short = family; fg: family given, short = family; gf_given: given
    # family, short = given (Thai, Indonesian); vn: family middle given, short = given;
    # bin: given bin father, short = given (Malay); syllables: three, short = the last two.
    order: str = "gf"
    double_family: float = 0.0  # chance of two family names ("Carlos Ruiz Moreno")


@cache
def styles() -> dict[str, Style]:
    found: dict[str, Style] = {}
    for block in DATA.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.strip().splitlines() if line and not line.startswith("#")]
        if not lines:
            continue
        head = lines[0].split()
        pools = {key.strip(): value for key, _, value in (line.partition(":") for line in lines[1:])}

        def pool(key: str, pools: dict[str, str] = pools) -> tuple[str, ...]:
            return tuple(w.strip() for w in pools.get(key, "").split(",") if w.strip())

        order = head[1]
        if order not in ORDERS:
            raise ValueError(f"{DATA.name}: unknown name order {order!r} for {head[0]}")
        double = float(head[2]) if len(head) > 2 else 0.0
        found[head[0].strip("[]")] = Style(pool("given"), pool("family"), order, double)
    return found


@dataclass(frozen=True, slots=True)
class MadeName:
    full: str  # "Kihara Minoru"
    short: str  # "Kihara": what later sentences call them by


def make_name(rng: random.Random, style_name: str) -> MadeName:
    """A name in a style whose short form is among its matching tokens (redrawn otherwise)."""
    style = styles()[style_name]
    while True:
        name = _draw(rng, style)
        tokens = name_tokens(name.full)
        short_tokens = name_tokens(name.short)
        # Two tokens at least (one word says little) and the short form among them, so that
        # "Minister Kihara" and "Kihara Minoru" key to one person (see engagements/ingest/keys.py).
        if len(tokens) >= 2 and short_tokens and set(short_tokens) <= set(tokens):
            return name


def _draw(rng: random.Random, style: Style) -> MadeName:
    if style.order == "syllables":
        first, second, third = rng.sample(style.given, 3)
        return MadeName(f"{first} {second} {third}", f"{second} {third}")
    given = rng.choice(style.given)
    family = rng.choice(style.family)
    if style.double_family and rng.random() < style.double_family:
        second = rng.choice(style.family)
        if second != family:
            return MadeName(f"{given} {family} {second}", family)
    if style.order == "fg":
        return MadeName(f"{family} {given}", family)
    if style.order == "gf_given":
        return MadeName(f"{given} {family}", given)
    if style.order == "vn":
        return MadeName(f"{family} {rng.choice(_VIETNAMESE_MIDDLE)} {given}", given)
    if style.order == "bin":
        return MadeName(f"{given} bin {family}", given)
    return MadeName(f"{given} {family}", family)
