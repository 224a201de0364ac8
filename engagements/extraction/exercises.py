"""Military exercises a readout names ("Cobra Gold", "Exercise Talisman Sabre") or describes
("the recent joint long-range precision live fire of U.S. HIMARS and Malaysian ASTROS in the
Straits of Malacca").

Named exercises come from data/exercises.toml, matched in Title Case or capitals, plus two
shapes for names the list lacks: "Exercise Foo Bar" and "the Foo Bar exercise". A described
exercise is a live fire or drill phrase with what it fired or who took part.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from engagements.extraction.countries import CountryMention, display_name
from engagements.extraction.gazetteer import load
from engagements.extraction.locations import places
from engagements.extraction.patterns import case_variants, space_key, word_pattern
from engagements.extraction.sentences import hit
from engagements.extraction.text import squash, tokenize
from engagements.extraction.types import ExerciseFact

_NOT_NAMES = frozenset(
    {
        "Joint",
        "Combined",
        "Bilateral",
        "Multilateral",
        "Military",
        "Naval",
        "Air",
        "Army",
        "Navy",
        "Annual",
        "Regional",
        "Maritime",
        "Field",
        "Training",
        "Command",
        "Post",
        "Live",
        "Fire",
        "Major",
        "Large",
        "Recent",
        "The",
        "This",
        "These",
        "Those",
        "Their",
        "Our",
        "Its",
        "Trilateral",
        "First",
        "Latest",
        "Next",
        "Exercise",
        "Exercises",
        "Tabletop",
        "Staff",
        "Defense",
        "Defence",
        "Forces",
        "Special",
        "Operations",
        "Marine",
        "Amphibious",
    }
)
_DESCRIBED_TAIL = re.compile(
    r"\s+(?:of|involving|featuring|with)\s+(?:[^,.;]|\.(?=\S)|(?<=[A-Z]\.[A-Z])\.){3,120}?(?=\s+(?:in|at|off|near|over|across|during)\s|[,;]|(?<![A-Z]\.[A-Z])\.(?!\S)|$)"
)
_WHERE = re.compile(
    r"\s+(?:in|at|off|near|over|across|on)\s+(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)(?:the\s+)?((?:[A-Z][\w'-]*)(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'-]*){0,4})"
)
# Later in the clause: "RIMPAC 2022, now under way in the waters around Hawaii".
_WHERE_LATER = re.compile(
    r"\b(?:in|at|off|near|over|across|around|throughout)\s+(?:the\s+)?((?:[A-Z][\w'-]*)(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'-]*){0,4})"
)
MAX_EXERCISES = 40  # a readout names a handful; more is a list pasted in, not an engagement
MAX_CANDIDATES = 200  # exercise-like phrases examined per text
# "recent joint military exercises in Tunisia such as Phoenix Express"
_WHERE_BEFORE = re.compile(
    r"\b(?:in|at|off)\s+(?:the\s+)?([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s*,?\s+"
    r"(?:such as|including|like|namely)\b[^.;]{0,80}$"
)
_SERVICE = re.compile(r"\s*(?:Air Force|Navy|Army)\b")  # "training with the U.S. Air Force": not a place
_EXERCISE_WORD = re.compile(r"\bExercise\s+[A-Z]")
_NAME_OPENER = re.compile(r"\b(?:the|in|annual|multinational)\s+$")
_PLURAL = re.compile(r"\s*(?:exercises|drills)\b|s\b")
_ALL_CAPS = re.compile(r"\b[A-Z]{3,}\b")
_EXERCISE_NAMED = re.compile(
    r"\b(?:Exercise|EXERCISE|Ex\.)\s+([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})"
    # "the joint military exercise 'Shakti'": a quoted name after the word
    r"|\b(?:[Ee]xercise|[Dd]rill)\s+[\"']((?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*){0,3})[\"']"
)
# "the maiden ASEAN-India Maritime Exercise": a capitalised name ending in "Exercise".
_NAME_THEN_EXERCISE = re.compile(r"\b((?:[A-Z][\w'-]*\s+){1,4}(?:Exercise|Drill|Exercises|Wargame|War Game))\b")
# "took part in an integrated tactical training exercise": one unnamed exercise, by what was done.
_DID_A_DRILL = re.compile(
    r"\b(?:took part in|take part in|taking part in|participated in|participate in|conducted|held|completed"
    r"|carried out|staged|began|launched)\s+(?:a|an|the)\s+((?:[a-z][a-z-]*\s+){1,4}(?:exercise|drill|wargame))\b(?!s)"
)
# "thanks to South Africa for hosting joint exercise Shared Accord": the host is the place.
_HOST_BEFORE = re.compile(r"\b([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})\s+for hosting\b[^.;]{0,60}$")
# "took part in Resolute Eagle": a capitalised name the gazetteer lacks, by what is said of it.
_TOOK_PART = re.compile(
    r"\b(?:took part in|participated in|participation in|participating in|taking part in)\s+(?:the\s+)?"
    r"((?!Operation\b)[A-Z][a-z][\w'-]*(?:\s+[A-Z][\w'-]*){1,2})"
)
_NOT_EXERCISE_HEADS = frozenset(
    {
        "Summit",
        "Conference",
        "Ministerial",
        "Dialogue",
        "Meeting",
        "Forum",
        "Coalition",
        "Group",
        "Initiative",
        "Program",
        "Programme",
        "Partnership",
        "Mission",
        "Alliance",
    }
)
# An unnamed exercise told of as one event: "the recent combined special operations exercise".
_ONE_DRILL = re.compile(
    r"\b(?:the|a|an)\s+(?:recent|recently\s+completed|successful|largest)\s+"
    r"((?:[a-z][a-z-]*\s+){1,4}(?:exercise|drill|wargame))\b(?!s)"
)
# "Balikatan 2025", "UNITAS LXIII", "Aurora 17", "Keen Sword 25", "Series 25/2022"; not "Cobra
# Gold 30 nations took part".
_EDITION = re.compile(
    r"[ -](?:(?:19|20)\d\d|\d{1,2}/(?:19|20)?\d\d|\d{1,2}(?![\d/:.,]\d)|[IVXLC]{2,7})\b(?!-)"
    r"(?!\s+(?:nations|countries|partners|allies|ships|vessels|aircraft|personnel|troops|soldiers|sailors|participants"
    r"|days|weeks|units|militaries|service|members|percent|per|km|miles|kilometres|kilometers)\b)"
)
_MONTHS = frozenset("January February March April May June July August September October November December".split())
_DESCRIBED_LEFT_STOP = frozenset(
    {
        "the",
        "a",
        "an",
        "recent",
        "recently",
        "upcoming",
        "annual",
        "their",
        "its",
        "our",
        "first",
        "latest",
        "noting",
        "including",
        "conducted",
        "held",
        "this",
        "that",
        "his",
        "her",
        "of",
        "and",
        "with",
        "in",
        "during",
        "joint",
        "combined",
    }
)


@dataclass(frozen=True)
class ExerciseGazetteer:
    named: re.Pattern[str]
    markers: re.Pattern[str]
    described: re.Pattern[str]
    systems: re.Pattern[str]
    anything: re.Pattern[str]  # any of the above, to find the sentences worth reading


@cache
def gazetteer() -> ExerciseGazetteer:
    data = load("exercises")
    forms: set[str] = set()
    for name in data["names"]:
        forms.update({name, name.upper(), " ".join(w[:1].upper() + w[1:] for w in name.split())})
    described = {v for d in data["described"] for v in case_variants(d)}
    return ExerciseGazetteer(
        anything=word_pattern([*forms, "Exercise", *data["markers"], *described]),
        named=word_pattern(forms),
        markers=re.compile(r"(?:" + "|".join(re.escape(m) for m in data["markers"]) + r")\b"),
        described=word_pattern(data["described"], ignore_case=True),
        systems=word_pattern(data["systems"]),
    )


def _location(norm: str, s: int, e: int, start: int, end: int, countries: list[CountryMention]) -> str | None:
    """Where the sentence puts the exercise: "exercises in Tunisia such as X", "X in the Philippines".

    Only this exercise's own stretch counts: a place told after the next exercise named in the
    sentence is that one's ("CARAT ... Malaysia's participation in Cobra Gold in Thailand"), and
    another exercise's name is never a place."""
    named = gazetteer().named
    nxt = named.search(norm, end, e)
    stop = nxt.start() if nxt else e
    after = _WHERE.match(norm, end, stop)
    if after and _is_place(after.group(1), named):
        return _place_name(after.group(1), countries)
    for later in _WHERE_LATER.finditer(norm, end, min(stop, end + 140)):
        if _is_place(later.group(1), named) and not _SERVICE.match(later.group(1)):
            return _place_name(later.group(1), countries)
    before = _WHERE_BEFORE.search(norm, max(s, start - 160), start)
    if before and _is_place(before.group(1), named):
        return _place_name(before.group(1), countries)
    host = _HOST_BEFORE.search(norm, max(s, start - 120), start)
    if host and _is_place(host.group(1), named):
        return _place_name(host.group(1), countries)
    return None


def _is_place(text: str, named: re.Pattern[str]) -> bool:
    return text.split()[0] not in _MONTHS and not named.match(text) and not _EXERCISE_WORD.match(text)


def _place_name(text: str, countries: list[CountryMention]) -> str:
    """A place as reported: a country by its name, a known city with its country."""
    text = squash(text)
    for cm in countries:
        if text.startswith(display_name(cm.code)) or text == display_name(cm.code):
            return display_name(cm.code)
    pl = places()
    code = pl.cities.get(space_key(text))
    if code and code != "USA" and space_key(text) != space_key(display_name(code)):
        return f"{text}, {display_name(code)}"
    return text


def find(
    norm: str,
    sentences: list[tuple[int, int]],
    skip: set[int],
    countries: list[CountryMention],
    engagement_countries: list[str],
) -> list[ExerciseFact]:
    """The exercises the text names or describes, each once, with the engagement's countries."""
    finder = _Finder(norm, countries, sorted(set(engagement_countries)))
    for si in hit([gazetteer().anything, _TOOK_PART], norm, sentences):
        if si in skip:
            continue
        if finder.full():
            break
        finder.sentence(*sentences[si])
    return finder.out


class _Finder:
    """Reads exercise shapes sentence by sentence; a stretch of text is claimed once."""

    def __init__(self, norm: str, countries: list[CountryMention], parties: list[str]):
        self.norm = norm
        self.countries = countries
        self.country_starts = [cm.start for cm in countries]
        self.parties = parties
        self.out: list[ExerciseFact] = []
        self.seen: set[str] = set()
        self.budget = MAX_CANDIDATES
        self.taken: list[tuple[int, int]] = []

    def full(self) -> bool:
        return len(self.out) >= MAX_EXERCISES or self.budget < 0

    def sentence(self, s: int, e: int) -> None:
        self.taken = []
        self._listed(s, e)
        self._exercise_word(s, e)
        self._before_marker(s, e)
        self._took_part(s, e)
        self._name_then_exercise(s, e)
        if not self.taken:  # "the recent ... exercise" refers to a named one when there is one
            self._one_drill(s, e)
        self._described(s, e)
        if not self.taken and not self.out:
            self._did_a_drill(s, e)

    def add(
        self,
        name: str,
        span: tuple[int, int],
        start: int,
        end: int,
        named: bool,
        systems: list[str] | None = None,
    ) -> None:
        self.budget -= 1
        self.taken.append((start, end))
        if self.full():
            return
        key = name.lower()
        if key in self.seen:
            return
        if named and any(key in k or k in key for k in self.seen):
            # "Exercise BERSAMA SHIELD ... BERSAMA SHIELD 17": the fuller name is kept.
            twin = next((x for x in self.out if x.named and (key in x.name.lower() or x.name.lower() in key)), None)
            if twin is not None and key.startswith(twin.name.lower()) and len(key) > len(twin.name):
                self.seen.add(key)
                twin.name = name
            return
        self.seen.add(key)
        where = _location(self.norm, span[0], span[1], start, end, self.countries)
        self.out.append(
            ExerciseFact(
                name=name,
                location=where,
                countries=list(self.parties),
                span=span,
                named=named,
                systems=systems or [],
            )
        )

    def free(self, a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in self.taken)

    def in_country(self, at: int) -> bool:
        i = bisect_right(self.country_starts, at) - 1
        return i >= 0 and at < self.countries[i].end

    def _listed(self, s: int, e: int) -> None:
        for m in gazetteer().named.finditer(self.norm, s, e):
            # "Balikatan 2025", "UNITAS LXIII": the edition is part of the name.
            edition = _EDITION.match(self.norm, m.end(), e)
            end = edition.end() if edition else m.end()
            self.add(squash(self.norm[m.start() : end]), (s, e), m.start(), end, True)

    def _exercise_word(self, s: int, e: int) -> None:
        """ "Exercise Keris Woomera", "Exercise Aurora 17" """
        for m in _EXERCISE_NAMED.finditer(self.norm, s, e):
            g = 1 if m.group(1) else 2
            name = m.group(g)
            if any(w in _NOT_NAMES for w in name.split()):
                continue
            edition = _EDITION.match(self.norm, m.end(g), e) if g == 1 else None
            end = edition.end() if edition else m.end(g)
            full = squash(self.norm[m.start(g) : end])
            # "Exercise MAJU BERSAMA Series 25/2022" also completes a listed "Maju Bersama".
            longer = any(full.lower().startswith(x.name.lower()) and len(full) > len(x.name) for x in self.out)
            if self.free(m.start(g), m.end(g)) or longer:
                self.add(full, (s, e), m.start(g), end, True)

    def _name_then_exercise(self, s: int, e: int) -> None:
        """ "the maiden ASEAN-India Maritime Exercise" """
        for m in _NAME_THEN_EXERCISE.finditer(self.norm, s, e):
            words = m.group(1).split()[:-1]
            if all(w in _NOT_NAMES for w in words) or m.start(1) == s or not self.free(m.start(1), m.end(1)):
                continue  # "Joint Exercise", or a capital that only opens the sentence
            self.add(m.group(1), (s, e), m.start(1), m.end(1), True)

    def _before_marker(self, s: int, e: int) -> None:
        """ "the Sea Breeze exercise": capitalised words before a marker word."""
        for m in gazetteer().markers.finditer(self.norm, s, e):
            self.budget -= 1
            if self.budget < 0:
                return
            words = []
            for tok in reversed(tokenize(self.norm, max(s, m.start() - 60), m.start())):
                if not (
                    tok.cap and tok.text not in _NOT_NAMES and tok.text.isalpha() and not self.in_country(tok.start)
                ):
                    break
                words.append(tok)
            if not words or len(words) > 3 or (len(words) == 1 and not words[0].text.isupper()):
                continue
            first, last = words[-1], words[0]
            if _NAME_OPENER.search(self.norm, max(s, first.start - 14), first.start) and self.free(
                first.start, last.end
            ):
                self.add(squash(self.norm[first.start : last.end]), (s, e), first.start, last.end, True)

    def _took_part(self, s: int, e: int) -> None:
        """ "took part in Resolute Eagle" """
        for m in _TOOK_PART.finditer(self.norm, s, e):
            words = m.group(1).split()
            if words[-1] in _NOT_EXERCISE_HEADS or self.in_country(m.start(1)):
                continue
            if self.free(m.start(1), m.end(1)):
                self.add(m.group(1), (s, e), m.start(1), m.end(1), True)

    def _one_drill(self, s: int, e: int) -> None:
        """ "the recent combined special operations exercise" """
        for m in _ONE_DRILL.finditer(self.norm, s, e):
            if self.free(m.start(1), m.end(1)):
                self.add(squash(m.group(1)), (s, e), m.start(1), m.end(1), False)

    def _did_a_drill(self, s: int, e: int) -> None:
        """ "took part in an integrated tactical training exercise": only when the text names none."""
        for m in _DID_A_DRILL.finditer(self.norm, s, e):
            if self.free(m.start(1), m.end(1)):
                self.add(squash(m.group(1)), (s, e), m.start(1), m.end(1), False)

    def _described(self, s: int, e: int) -> None:
        """ "the recent joint long-range precision live fire of U.S. HIMARS and Malaysian ASTROS" """
        norm = self.norm
        for m in gazetteer().described.finditer(norm, s, e):
            self.budget -= 1
            if self.budget < 0:
                return
            if not self.free(m.start(), m.end()):
                continue
            tail = _DESCRIBED_TAIL.match(norm, m.end(), e)
            if not tail and ("live" not in m.group().lower() or _PLURAL.match(norm, m.end(), min(e, m.end() + 12))):
                continue  # a bare "joint exercise", or "live-fire exercises" in general
            end = tail.end() if tail else m.end()
            # Adjectives before the head: "long-range precision live fire".
            first = m.start()
            count = 0
            for tok in reversed(tokenize(norm, max(s, m.start() - 60), m.start())):
                w = tok.text
                if w.lower() in _DESCRIBED_LEFT_STOP or not w[:1].isalpha() or tok.cap or count >= 4:
                    break
                first = tok.start
                count += 1
            systems = {x.group() for x in gazetteer().systems.finditer(norm, m.start(), end)}
            systems |= {x.group() for x in _ALL_CAPS.finditer(norm, m.start(), end) if not self.in_country(x.start())}
            self.add(squash(norm[first:end]), (s, e), first, end, False, sorted(systems))
