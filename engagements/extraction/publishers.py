"""Who published a readout: found, not assumed.

In order: a publisher given explicitly (the `--publisher` flag, then a JSONL `publisher`
field); the source URL's host, from a table of official sites (data/publishers.toml); then
the text itself: an office only one country's officials hold in the lead's subject ("Raksha
Mantri ..."), the lead's subject where the text states its country ("Minister of Defence of
Ukraine Stepan Poltorak stressed ..."), the first side of a "Japan-Philippines" pair (each
side names itself first), or the name a government gives itself ("the Sultanate"). The
configured default is the last resort. A news site that copies a release is no publisher:
only listed official hosts count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from urllib.parse import urlsplit

from engagements.extraction.countries import CountryMention, is_code
from engagements.extraction.gazetteer import load
from engagements.extraction.locations import places
from engagements.extraction.patterns import space_key

Span = tuple[int, int]

HOW = ("flag", "jsonl", "domain", "text", "default")


@dataclass(frozen=True)
class Publisher:
    code: str | None  # ISO alpha-3
    how: str  # one of HOW ("" when nothing was found and there is no default)
    evidence: str = ""  # the host, the flag's value or the words of the text that tell
    span: Span | None = None  # where in the text, when the text told


@dataclass(frozen=True)
class PublisherTables:
    exact: dict[str, str]  # host -> code
    suffixes: tuple[tuple[str, str], ...]  # (".mil", "USA")
    titles: re.Pattern[str]
    title_codes: dict[str, str]  # regex group name -> code
    weak_titles: tuple[tuple[re.Pattern[str], str], ...]  # shared offices: (pattern, code)
    self_names: dict[str, str]


@cache
def tables() -> PublisherTables:
    data = load("publishers")
    exact: dict[str, str] = {}
    suffixes: list[tuple[str, str]] = []
    for code, hosts in data.get("domains", {}).items():
        for host in hosts:
            host = host.strip().lower()
            if host.startswith("."):
                suffixes.append((host, code))
            elif host:
                exact[host] = code
    parts, codes = [], {}
    for n, (code, regexes) in enumerate(sorted(data.get("titles", {}).items())):
        codes[f"c{n}"] = code
        parts.append(f"(?P<c{n}>" + "|".join(f"(?:{r})" for r in regexes) + ")")
    titles = re.compile("|".join(parts) if parts else "(?!)")
    names = {name: code for code, forms in data.get("self_names", {}).items() for name in forms}
    weak = tuple(
        (re.compile("|".join(f"(?:{r})" for r in regexes)), code)
        for code, regexes in sorted(data.get("weak_titles", {}).items())
        if regexes
    )
    return PublisherTables(exact, tuple(suffixes), titles, codes, weak, names)


def given(code: object, how: str) -> Publisher | None:
    """An explicitly given publisher ("flag" or "jsonl"), if it is a country code."""
    if isinstance(code, str) and is_code(code.strip().upper()):
        return Publisher(code.strip().upper(), how, code.strip().upper())
    return None


def host_of(url: object) -> str:
    if not isinstance(url, str) or not url.strip():
        return ""
    try:
        host = urlsplit(url.strip() if "//" in url else "//" + url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().rstrip(".")


def from_domain(url: object) -> Publisher | None:
    """The publisher an official site's URL names; None for any other site."""
    host = host_of(url)
    if not host:
        return None
    tb = tables()
    labels = host.split(".")
    # The longest listed ending wins: "gafonline.mil.gh" is Ghana's, not a U.S. ".mil".
    for i in range(len(labels)):
        code = tb.exact.get(".".join(labels[i:]))
        if code:
            return Publisher(code, "domain", host)
    for suffix, code in tb.suffixes:
        if host.endswith(suffix):
            return Publisher(code, "domain", host)
    return None


# "Japan-Philippines", "UK-Kenya", "Polish-German": two sides joined by a hyphen.
_PAIR_GAP = re.compile(r"\s?-\s?")


def from_text(
    norm: str,
    subject: Span | None,
    subject_countries: Callable[[], list[tuple[str, Span]]],
    mentions: list[CountryMention],
    lead_end: int,
    title: str = "",
    title_mentions: list[CountryMention] | None = None,
    others: Callable[[], set[str]] = set,
) -> Publisher | None:
    """The publisher the text itself shows. `subject` is the lead's actor (the words before
    its verb), `subject_countries()` the countries stated for it, with their words;
    `lead_end` where the lead sentence ends; `others()` the countries stated for the other
    people of the lead."""
    tb = tables()
    site = _SOURCE_SITE.match(norm, 0, min(len(norm), 80))
    if site:
        found = from_domain(site.group(1))
        if found:
            return Publisher(found.code, "text", site.group(), (site.start(1), site.end(1)))
    # "South Africa: Defence Minister Undertakes ...": a headline filed under its country.
    first = title_mentions[0] if title_mentions else None
    if first and first.start == 0 and title[first.end : first.end + 1] == ":":
        return Publisher(first.code, "text", title[: first.end + 1], None)
    if subject is not None:
        m = tb.titles.search(norm, *subject)
        if m:
            return Publisher(tb.title_codes[m.lastgroup or ""], "text", m.group(), (m.start(), m.end()))
    if subject is not None:
        named = {cm.code for cm in mentions} | {cm.code for cm in title_mentions or []}
        for pattern, code in tb.weak_titles:
            m = pattern.search(norm, *subject)
            if m and code in named and code not in others():
                return Publisher(code, "text", m.group(), (m.start(), m.end()))
    if title:
        head = _HEADLINE_ACTOR.match(title)
        m = tb.titles.search(title, 0, head.end() if head else len(title))
        if m:
            return Publisher(tb.title_codes[m.lastgroup or ""], "text", m.group(), None)
    dated = from_dateline(norm)
    if dated:
        return dated
    stated = subject_countries()
    if stated:
        code, (s, e) = stated[0]
        return Publisher(code, "text", norm[s:e], (s, e))
    # Each side writes itself first: "Japan-Philippines MM Dialogue" (headline or lead).
    for text, found, end in ((title, title_mentions or [], len(title)), (norm, mentions, lead_end)):
        for a, b in pairwise(found):
            if b.end > end:
                break
            if a.code != b.code and _PAIR_GAP.fullmatch(text[a.end : b.start]):
                return Publisher(a.code, "text", text[a.start : b.end], (a.start, b.end) if text is norm else None)
    for name, code in tb.self_names.items():
        at = norm.find(name, 0, min(len(norm), 600))
        if at >= 0:
            return Publisher(code, "text", name, (at, at + len(name)))
    return None


# A headline's actor comes before what it did with whom: "Readout of Secretary of Defense
# ... Call With Israeli Minister ...".
_HEADLINE_ACTOR = re.compile(r".*?(?=\s(?:[Ww]ith|[Mm]eets?|[Hh]osts?|[Ww]elcomes?|[Cc]alls?|[Vv]isits?|[Ss]peaks?)\b)")


# "New Delhi:", "ABU DHABI, (WAM) ...", "ISLAMABAD (APP) -": the home ministry's or news
# agency's dateline. "SINGAPORE, June 1 --" and "MANILA, Philippines --" are left alone:
# in that form they are as often a travelling minister's dateline abroad.
_DATELINE = re.compile(r"\s*([A-Z][A-Za-z.'-]+(?: [A-Z][A-Za-z.'-]+){0,3})\s*(?::|,?\s*\()")
# "(Bqp.vn) - ...": a copy that names the site it was taken from.
_SOURCE_SITE = re.compile(r"\s*\(([\w-]+(?:\.[\w-]+)+)\)")


def from_dateline(norm: str) -> Publisher | None:
    """The country of the city a release opens with, for a readout with no other sign: a
    ministry issues its releases from home."""
    m = _DATELINE.match(norm, 0, min(len(norm), 80))
    if not m:
        return None
    city = m.group(1)
    cities = places().cities
    for key in (space_key(city), space_key(city.title())):
        code = cities.get(key)
        if code:
            return Publisher(code, "text", city, (m.start(1), m.end(1)))
    return None
