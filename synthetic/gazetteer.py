"""The countries of the synthetic world and the words a readout uses for them.

Read from ``data/partners.csv`` (one row a country, most engaged partner first). Pure data,
no Django: the generator and the JSONL writer run without a database.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "partners.csv"
FIRST_YEAR, LAST_YEAR = 2000, 2025


@dataclass(frozen=True, slots=True)
class CountryInfo:
    code: str  # ISO 3166-1 alpha-3
    names: tuple[str, ...]  # prose names, article included: "the Philippines"
    pair: str  # the form in "U.S.-<pair>": "ROK", "Philippines"
    demonyms: tuple[str, ...]  # attributive forms: "Philippine", "Philippines"
    capital: str
    area: str  # NEA, SEA, SAS, CAS, EUR, MEA, AFR, AME, OCE: drives topics and forums
    style: str  # name style of its officials (names.py)
    ally: bool  # a US treaty ally: readouts speak of an "alliance"
    years: tuple[int, int]  # years it has defense engagements at all
    rank: int  # 0 for the United States, then 1, 2, ... by how often it is a partner
    mentions: tuple[str, ...] = ()  # every form a sentence may use, without articles (see _mentions)

    @property
    def name(self) -> str:
        return self.names[0]

    @property
    def bare_name(self) -> str:
        """The name without its article, for "Manila, Philippines"."""
        name = self.names[-1] if self.names[0].startswith("the ") and len(self.names) > 1 else self.names[0]
        return name[4:] if name.lower().startswith("the ") else name

    @property
    def place(self) -> str:
        """The location string of its capital: "Manila, Philippines"; "Singapore" for a city-state."""
        return self.capital if self.capital == self.bare_name else f"{self.capital}, {self.bare_name}"


def _years(raw: str) -> tuple[int, int]:
    if not raw.strip():
        return FIRST_YEAR, LAST_YEAR
    start, end = raw.split("-")
    return int(start), int(end)


@cache
def countries() -> dict[str, CountryInfo]:
    table: dict[str, CountryInfo] = {}
    lines = [line for line in DATA.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    for rank, line in enumerate(lines):
        code, names, pair, demonyms, capital, area, style, ally, years = line.split("|")
        table[code] = CountryInfo(
            code=code,
            names=tuple(names.split(";")),
            pair=pair,
            demonyms=tuple(demonyms.split(";")),
            capital=capital,
            area=area,
            style=style,
            ally=ally == "1",
            years=_years(years),
            rank=rank,
        )
        table[code] = _with_mentions(table[code])
    return table


def _with_mentions(info: CountryInfo) -> CountryInfo:
    """Every form of the country a sentence may use (a test checks evidence against them)."""
    forms = {*info.names, *info.demonyms, info.pair, info.bare_name}
    mentions = tuple(sorted({f[4:] if f.lower().startswith("the ") else f for f in forms}))
    return dataclasses.replace(info, mentions=mentions)


def country(code: str) -> CountryInfo:
    return countries()[code]


def partners() -> list[CountryInfo]:
    """Every country but the United States, most engaged first."""
    return [c for c in countries().values() if c.code != "USA"]
