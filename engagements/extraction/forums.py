"""The multilateral event an engagement was held at or on the sidelines of.

Known events (data/forums.toml) are found by any of their names and reported by their short
name. An event counts only where the text places the engagement there: in the lead sentence
after "on the sidelines of", "during", "at", "for", or in any sentence about the sidelines or
margins. "Looked forward to the upcoming NATO Defense Ministerial" is not a forum.
Unlisted events are picked up from the same contexts when their capitalised name ends in an
event word ("the Bucharest-Nine (B9) Defense Ministerial") and reported as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import space_key, word_pattern
from engagements.extraction.spellings import spellings
from engagements.extraction.text import squash, tokenize

_CONTEXT = re.compile(
    r"(?:\b(?:sidelines?|margins?|side)\s+of|\bduring|\bat|\battending|\battended|\bfor|\bon the occasion of"
    r"|\bin conjunction with|\bwhile in [A-Z][\w ,.]{0,30}? for|\baddressed|\bjoined|\bparticipated in"
    r"|\b(?:meeting|session|gathering)\s+of|\b(?:hosted|convened|chaired|co-chaired|led)"
    r"|\bto (?:attend|participate in|take part in)|\b(?:participating|taking part) in)"
    r"\s+(?:the\s+)?(?:annual\s+|\d{4}\s+|\d+(?:st|nd|rd|th)\s+|[IVXLC]{1,6}\s+|inaugural\s+|virtual\s+"
    r"|(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+tieth)\s+)*$",
    re.IGNORECASE,
)
_NOT_THIS_TIME = re.compile(
    r"\b(?:upcoming|next|ahead of|preparations? for|prepare for|look(?:s|ed)? forward|later this|future)\b"
    r"[^.]{0,60}$",
    re.IGNORECASE,
)
SIDELINES = re.compile(r"\b(?:[Ss]idelines|[Mm]argins|on the margin)\b")
# A later sentence giving the reason for the trip: "He was in Brussels to participate in the
# NATO Military Committee ...", "The main purpose of the visit was to attend the ... Conference".
TRIP = re.compile(
    r"\b(?:was|were|is|are) in [A-Z][\w ,.'-]{0,40}? (?:to (?:attend|participate in|take part in)|for the)\b"
    r"|\b(?:purpose|occasion) of (?:this|the|his|her|their) (?:visit|trip)\b[^.]{0,60}"
    r"\bto (?:attend|participate in|take part in)\b"
)
_PAREN = re.compile(r"\s*\(([^()]{2,40})\)")


@dataclass(frozen=True)
class ForumGazetteer:
    pattern: re.Pattern[str]
    canonical: dict[str, tuple[str, int]]  # alias -> (short name, rank)
    locations: dict[str, str]  # short name -> where it is always held
    heads: frozenset[str]
    requires: frozenset[str]


@cache
def gazetteer() -> ForumGazetteer:
    data = load("forums")
    canonical: dict[str, tuple[str, int]] = {}
    locations = {f["name"]: f["location"] for f in data["forum"] if f.get("location")}
    for forum in data["forum"]:
        for alias in [forum["name"], *forum.get("aliases", [])]:
            for form in spellings(alias):  # "Seoul Defense Dialogue" is also written "Seoul Defence Dialogue"
                canonical.setdefault(space_key(form), (forum["name"], int(forum.get("rank", 1))))
    gen = data.get("generic", {})
    return ForumGazetteer(
        word_pattern(canonical),
        canonical,
        locations,
        frozenset(gen.get("heads", [])),
        frozenset(gen.get("requires", [])),
    )


@dataclass
class ForumHit:
    name: str
    rank: int
    start: int


def _placed(norm: str, sent_start: int, at: int) -> bool:
    before = norm[max(sent_start, at - 90) : at]
    if _NOT_THIS_TIME.search(before):
        return False
    if _CONTEXT.search(before):
        return True
    return False


def find_in(norm: str, start: int, end: int) -> ForumHit | None:
    """The best-ranked event the sentence norm[start:end] places the engagement at."""
    gz = gazetteer()
    hits: list[ForumHit] = []
    for m in gz.pattern.finditer(norm, start, end):
        name, rank = gz.canonical[space_key(m.group())]
        # "... Defense Ministers' Meeting (ADMM-Plus)": the parenthetical short form decides.
        paren = _PAREN.match(norm, m.end(), end)
        if paren and space_key(paren.group(1)) in gz.canonical:
            name, rank = gz.canonical[space_key(paren.group(1))]
        if _placed(norm, start, m.start()) or _conjoined(norm, start, m.start(), hits):
            hits.append(ForumHit(name, rank, m.start()))
    if not hits:
        generic = _generic(norm, start, end)
        if generic:
            hits.append(generic)
    if not hits:
        return None
    return max(hits, key=lambda h: (h.rank, -h.start))


def _conjoined(norm: str, start: int, at: int, hits: list[ForumHit]) -> bool:
    """ "the margins of the UDCG and NATO Defense Ministerial": the second shares the context."""
    return bool(hits) and bool(
        re.search(
            r"\b(?:and|&)\s+(?:the\s+)?(?:\d+(?:st|nd|rd|th)\s+|annual\s+|\d{4}\s+)?$", norm[max(start, at - 20) : at]
        )
    )


_GENERIC_START = re.compile(
    r"(?:\b(?:sidelines?|margins?)\s+of|\bduring|\bat|\battending|\baddressed"
    r"|\bto (?:attend|participate in|take part in)|\b(?:participating|taking part) in)\s+the\s+",
    re.IGNORECASE,
)


def _generic(norm: str, start: int, end: int) -> ForumHit | None:
    gz = gazetteer()
    for tries, m in enumerate(_GENERIC_START.finditer(norm, start, end)):
        if tries >= 12:
            break
        if _NOT_THIS_TIME.search(norm[max(start, m.start() - 60) : m.start()]):
            continue
        toks = tokenize(norm, m.end(), min(end, m.end() + 160))
        kept = []
        last_head = 0
        for tok in toks:
            w = tok.text
            if not kept and (
                w.isdigit()
                or w.lower() in ("annual", "inaugural")
                or re.fullmatch(r"[IVXLC]{1,6}|\d+(?:st|nd|rd|th)", w)
            ):
                continue
            if not (tok.cap or w[:1].isdigit() or w in ("of", "the", "and", "for", "on", "(", ")", "-", "+", "'")):
                break
            kept.append(tok)
            if tok.bare in gz.heads or w.rstrip("'") in gz.heads:
                last_head = len(kept)
            if len(kept) > 12:
                break
        if last_head < 2:
            continue
        phrase = kept[:last_head]
        if not any(t.text in gz.requires for t in phrase):
            continue
        return ForumHit(squash(norm[phrase[0].start : phrase[-1].end]), 0, m.start())
    return None
