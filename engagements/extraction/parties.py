"""The countries that took part: the publisher, the participants' countries, and countries the
lead names as taking part ("the defense ministers of Latvia, Lithuania and Estonia", "his
Baltic nation counterparts", "co-hosted by Romania and Poland"). A country named only as a
place ("in Brussels, Belgium") or a subject ("support to Ukraine") is not a party.
"""

from __future__ import annotations

import re

from engagements.extraction.countries import CountryMention

_PARTY_NOUN = re.compile(
    r"\b(?:ministers?|counterparts?|chiefs?|leaders|delegations?|representatives|officials|heads|commanders|CHODs"
    r"|envoys|ambassadors|secretaries|officers|militaries|forces|attach[eé]s|DAs)\s+(?:of|from)\s+(?:the\s+)?$"
    r"|\brepresenting\s+(?:the\s+)?$|\bOthers\s+(?:included|include|were)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_HOSTED_BY = re.compile(r"\b(?:co-?hosted|hosted|convened|chaired|co-?chaired)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?")
_DEMONYM_PARTY = re.compile(
    r"\s+(?:nation\s+|defen[cs]e\s+|military\s+|service\s+)?"
    r"(?:counterparts?|delegations?|ministers|leaders|CHODs|chiefs of defen[cs]e)\b",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"\b(?P<g>[A-Z][a-z]+)\s+(?:nation\s+|state\s+|country\s+|allied\s+)?"
    r"(?:counterparts|ministers|[Nn]ations|[Ss]tates|[Cc]ountries|allies|leaders|representatives)\b"
)
_AFTER_PLACE = re.compile(r"[A-Z][\w.'-]*,\s*$")
_AS_PLACE = re.compile(
    r"\b(?:in|at|to|from|near|across|around|throughout|visited|into|along|over|off"
    r"|(?:departs?|departed|leaves?|left|heads?|headed|bound)\s+for)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def named_parties(
    norm: str, start: int, end: int, mentions: list[CountryMention], groups: dict[str, tuple[str, ...]]
) -> set[str]:
    """Countries the stretch norm[start:end] names as parties to the engagement."""
    local = [cm for cm in mentions if start <= cm.start and cm.end <= end]
    out: set[str] = set()
    i = 0
    while i < len(local):
        cm = local[i]
        before = norm[max(start, cm.start - 40) : cm.start]
        if _PARTY_NOUN.search(before) or _HOSTED_BY.search(before):
            out.add(cm.code)
            j = i
            while j + 1 < len(local) and _LIST_GAP.fullmatch(norm[local[j].end : local[j + 1].start]):
                j += 1
                out.add(local[j].code)
            i = j + 1
            continue
        if cm.demonym and _DEMONYM_PARTY.match(norm, cm.end, end):
            out.add(cm.code)
        i += 1
    for m in _GROUP.finditer(norm, start, end):
        codes = groups.get(m.group("g"))
        if codes:
            out.update(codes)
    return out


def mentioned(norm: str, start: int, end: int, mentions: list[CountryMention]) -> tuple[set[str], set[str]]:
    """(countries named other than as a place, countries named as a place) in norm[start:end]."""
    other: set[str] = set()
    places: set[str] = set()
    for cm in mentions:
        if cm.start < start or cm.end > end:
            continue
        before = norm[max(start, cm.start - 20) : cm.start]
        # "in Brussels", and "Ramstein Air Base, Germany": a country after a capitalised place.
        if _AS_PLACE.search(before) or (_AFTER_PLACE.search(before) and not _after_country(mentions, cm)):
            places.add(cm.code)
        else:
            other.add(cm.code)
    return other, places


def _after_country(mentions: list[CountryMention], cm: CountryMention) -> bool:
    """Whether the word before `cm`'s comma is itself a country ("Japan, Australia")."""
    return any(0 <= cm.start - other.end <= 3 for other in mentions if other is not cm)
