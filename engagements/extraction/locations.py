"""Where an engagement took place, as free text ("Brussels, Belgium", "The Pentagon").

Read from the lead clause: a venue ("at the Pentagon", "at NATO Headquarters"), a city ("in
Kyiv", resolved to its country through data/places.toml), a country ("arrived in India"), or a
place the gazetteer does not know followed by its country ("in Clark, Pampanga, Philippines").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from engagements.extraction.countries import CountryMention, display_name
from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import space_key, word_pattern
from engagements.extraction.text import squash

_BEFORE = re.compile(
    r"(?:\b(?:in|at|to|arrived in|arrived at|arrived to|visited|visit to|trip to|traveled to|travelled to)"
    r"\s+(?:the\s+)?)$"
)
# A venue the gazetteer lacks, by its kind: "at Kainji Air Base", "at Camp Humphreys".
_VENUE_SHAPE = re.compile(
    r"\b(?:at|in)\s+(?:the\s+)?((?:[A-Z][\w'.-]*\s+){0,4}"
    r"(?:Air Base|Naval Base|Air Station|Naval Station|Base|Barracks|Palace|Headquarters|Academy)"
    r"|(?:Camp|Fort|Joint Base)\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\b"
)
_DATELINE = re.compile(
    r"\s*([A-Z][A-Z .'-]{2,30}?)(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?,?\s+"
    r"(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]+)[^-]{0,12}-"
)
_UNKNOWN_PLACE = re.compile(
    r"\bin\s+((?:[A-Z][\w'-]+\s){0,2}[A-Z][\w'-]+(?:,\s+[A-Z][\w'-]+(?:\s[A-Z][\w'-]+)?){0,2}),\s+$"
)


@dataclass(frozen=True)
class Places:
    venues: dict[str, str]
    cities: dict[str, str]
    display: dict[str, str]
    home: frozenset[str]
    venue_re: re.Pattern[str]
    city_re: re.Pattern[str]


@cache
def places() -> Places:
    data = load("places")
    venues = {space_key(k): v for k, v in data.get("venues", {}).items()}
    cities = {space_key(k): v for k, v in data.get("cities", {}).items()}
    display = {space_key(k): v for k, v in data.get("display", {}).items()}
    home = frozenset(space_key(x).lower() for x in data.get("home_datelines", {}).get("names", []))
    return Places(venues, cities, display, home, word_pattern(venues), word_pattern(cities))


def find(norm: str, start: int, end: int, countries: list[CountryMention]) -> str | None:
    """The place the clause norm[start:end] says the engagement happened, if any."""
    pl = places()
    venue = None
    for m in pl.venue_re.finditer(norm, start, end):
        if re.search(r"\b(?:at|in|to)\s+(?:the\s+)?$", norm[max(start, m.start() - 8) : m.start()]):
            venue = (m.start(), m.end(), pl.venues[space_key(m.group())])
            break
    if venue is None:
        shape = _VENUE_SHAPE.search(norm, start, end)
        if shape:
            venue = (shape.start(1), shape.end(1), squash(shape.group(1)))
    city = None
    for m in pl.city_re.finditer(norm, venue[1] if venue else start, end):
        if norm[m.end() : m.end() + 1] == "-":
            continue  # "the Bucharest-Nine": a name, not the city
        if _BEFORE.search(norm[max(start, m.start() - 14) : m.start()]):
            shown = pl.display.get(space_key(m.group()), m.group())
            city = (m.start(), m.end(), shown, pl.cities[space_key(m.group())])
            break
    country = None
    for cm in countries:
        if cm.start < start or cm.end > end or cm.demonym:
            continue
        if city and cm.start >= city[1] and re.fullmatch(r",\s*", norm[city[1] : cm.start]):
            country = cm
            break
        if venue and not city and cm.start >= venue[1] and re.fullmatch(r",\s*(?:the\s+)?", norm[venue[1] : cm.start]):
            country = cm
            break
        if _BEFORE.search(norm[max(start, cm.start - 14) : cm.start]) and (not venue or cm.start > venue[0]):
            country = cm
            break
        unknown = _UNKNOWN_PLACE.search(norm[max(start, cm.start - 60) : cm.start])
        if unknown and not city:
            return f"{unknown.group(1)}, {display_name(cm.code)}"
    parts: list[str] = []
    if venue:
        parts.append(venue[2])
    if city and (not venue or city[0] - venue[1] < 20):
        parts.append(city[2])
        code = country.code if country else city[3]
        if code != "USA" and space_key(city[2]) != space_key(display_name(code)) and "," not in city[2]:
            parts.append(display_name(code))
    elif country and (not venue or re.fullmatch(r",\s*(?:the\s+)?", norm[venue[1] : country.start])):
        parts.append(display_name(country.code))  # "at Ramstein Air Base, Germany"
    return ", ".join(parts) if parts else None


def dateline(norm: str, start: int, end: int) -> str | None:
    """The city of a dateline ("MUNICH, Feb. 15, 2020 -"), when it is not the publisher's home."""
    m = _DATELINE.match(norm, start, end)
    if not m:
        return None
    pl = places()
    city = m.group(1).strip().title()
    key = space_key(city)
    if key.lower() in pl.home or key not in pl.cities:
        return None
    code = pl.cities[key]
    shown = pl.display.get(key, city)
    return shown if code == "USA" or "," in shown else f"{shown}, {display_name(code)}"
