"""Country names, short forms and demonyms found in a text, with their ISO alpha-3 codes.

pycountry gives the ISO list and its official names; data/countries.toml adds what readouts
write ("U.S.", "ROK", "Danish", "the Philippines") and what only looks like a country ("South
China Sea"). Every form goes into one trie regex, so finding all mentions is one pass over
the text whatever the size of the gazetteer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pycountry

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import word_pattern
from engagements.extraction.text import fold

# pycountry forms that collide with ordinary words or U.S. places in this genre.
_SKIP_FORMS = {"Jersey", "Guernsey", "Pitcairn", "Heard Island and McDonald Islands", "Man"}


@dataclass(frozen=True, slots=True)
class CountryMention:
    start: int
    end: int
    code: str
    demonym: bool  # an adjective ("Danish"), not a name ("Denmark")


@dataclass(frozen=True)
class CountryGazetteer:
    pattern: re.Pattern[str]
    forms: dict[str, str | None]  # folded surface form -> code; None for "South China Sea" and co.
    demonyms: frozenset[str]
    names: dict[str, str]  # code -> display name ("United Kingdom")
    groups: dict[str, tuple[str, ...]]  # "Baltic" -> ("EST", "LTU", "LVA")
    regions: dict[str, frozenset[str]]


@cache
def gazetteer() -> CountryGazetteer:
    data = load("countries")
    remap: dict[str, str] = data.get("remap", {})
    forms: dict[str, str | None] = {}
    names: dict[str, str] = {}
    for c in pycountry.countries:
        code = remap.get(c.alpha_3, c.alpha_3)
        display = getattr(c, "common_name", None) or c.name
        if "," not in display and "(" not in display:
            names.setdefault(c.alpha_3, display)
        for form in (c.name, getattr(c, "official_name", None), getattr(c, "common_name", None)):
            # Inverted ("Korea, Republic of") and lower-case-led ("the State of Eritrea") forms
            # are left out: readouts do not write them so, and the pattern stays capital-led.
            if form and "," not in form and "(" not in form and form[0].isupper() and form not in _SKIP_FORMS:
                forms[fold(form)] = code
    for code, label in data.get("extra_codes", {}).items():
        names.setdefault(code, label)
    # Our aliases override pycountry ("Congo" is the DRC in readouts).
    for code, aliases in data.get("aliases", {}).items():
        for form in aliases:
            forms[fold(form)] = code
        if code not in names and aliases:
            names[code] = aliases[0]
    demonyms: set[str] = set()
    for code, adjs in data.get("demonyms", {}).items():
        for form in adjs:
            f = fold(form)
            forms.setdefault(f, code)
            if forms[f] == code:
                demonyms.add(f)
    for phrase in data.get("not_countries", {}).get("phrases", []):
        forms[fold(phrase)] = None
    names.update({"KOR": "South Korea", "PRK": "North Korea", "GBR": "United Kingdom", "USA": "United States"})
    groups = {k: tuple(v) for k, v in data.get("groups", {}).items()}
    regions = {k: frozenset(v) for k, v in data.get("regions", {}).items()}
    return CountryGazetteer(word_pattern(forms), forms, frozenset(demonyms), names, groups, regions)


MAX_MENTIONS = 3000  # a readout names a few dozen countries at most
# A country's name at the head of a place's is the place's: "Burma Camp" (in Accra).
_PLACE_AFTER = re.compile(r" (?:Camp|Barracks|Road|Street|Avenue|Square|Hotel|Gate|Lines)\b")


def find_mentions(norm: str) -> list[CountryMention]:
    """Every country named in the (folded) text, in order; sea names and the like dropped."""
    gz = gazetteer()
    out: list[CountryMention] = []
    for m in gz.pattern.finditer(norm):
        if len(out) >= MAX_MENTIONS:
            break
        form = m.group()
        code = gz.forms.get(form)
        if code is None or _PLACE_AFTER.match(norm, m.end()):
            continue
        # "US" in capitals is the country; guard against all-caps headlines ("US ARMY").
        out.append(CountryMention(m.start(), m.end(), code, form in gz.demonyms))
    return out


def display_name(code: str) -> str:
    return gazetteer().names.get(code, code)


def is_code(code: str) -> bool:
    return code in gazetteer().names
