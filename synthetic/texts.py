"""Readout texts for synthetic scenes, in the genre of U.S. DoD readouts, with evidence spans.

A text is built sentence by sentence; each sentence carries the keys of the facts it states
(a country, a person, a topic, an agreement, an exercise, or the engagement's date, kind,
location and forum). When the text is assembled, every key gets the character span of the
first sentence that states it: that is the evidence a fact row points at. Several templates
per kind, date phrase, place and action keep the parser honest; the last line (a release
number unique to the readout) keeps every text unique.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field

from synthetic import gazetteer, topics
from synthetic.officials import PUBLISHERS, US_SPOKESPEOPLE
from synthetic.scenes import Scene
from synthetic.world import Agreement, Seat, World

MIN_CHARS, MAX_CHARS = 400, 1200
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
LATEST = {"the COVID-19 pandemic": 2022}
_MINISTRIES = {p.code: p.ministry for p in PUBLISHERS}


@dataclass(slots=True)
class Sentence:
    text: str
    keys: tuple[Hashable, ...] = ()


@dataclass(slots=True)
class Composed:
    title: str
    text: str
    spans: dict[Hashable, tuple[int, int]]  # fact key -> (start, end) of its sentence
    written: dict[int, str] = field(default_factory=dict)  # id(agreement) -> its name as written

    def evidence(self) -> dict[str, list[int]]:
        """Engagement.evidence: spans of the date, kind, location and forum, when stated."""
        return {name: list(self.spans[name]) for name in ("date", "kind", "location", "forum") if name in self.spans}


def ordinal(number: int) -> str:
    if number <= 1:
        return "inaugural"
    suffix = "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _bare(name: str) -> str:
    return name[4:] if name.startswith("the ") else name


class Composer:
    def __init__(self, world: World, rng: random.Random):
        self.world = world
        self.rng = rng

    def compose(self, scene: Scene, release: str) -> Composed:
        rng = self.rng
        c = _Context(self.world, scene, rng)
        head = [self._spokes(scene, c)] if rng.random() < 0.5 else []
        opening = self._opening(scene, c)
        ties = self._ties(scene, c)
        topic_sentences = self._topic_sentences(scene, c)
        deals = [
            self._agreement_sentence(act.agreement, act.action, c)
            for act in scene.agreements
            if ("agreement", id(act.agreement)) not in opening.keys
        ]
        drills = [self._exercise_sentence(act.exercise, act.with_location, c) for act in scene.exercises]
        release_line = f"Release No: {release}"
        # The sentences that state facts stay; a readout that runs long sheds topics first.
        length = _length([*head, opening, ties, *topic_sentences, *deals, *drills]) + len(release_line)
        while length > MAX_CHARS - 40 and len(topic_sentences) > 1:
            length -= len(topic_sentences.pop().text) + 1
        if length > MAX_CHARS - 40:
            length -= _length([*head, *drills])
            head, drills = [], []
        # Then lines that state no fact, up to a length drawn for this readout.
        closing = self._closing(scene, c)
        target = rng.randint(MIN_CHARS + 40, MAX_CHARS - 300)
        ending: list[Sentence] = []
        if rng.random() < 0.7 and length + len(closing.text) + 1 <= MAX_CHARS:
            ending = [closing]
            length += len(closing.text) + 1
        middle: list[Sentence] = []
        for sentence in self._fillers(scene, c):
            if length >= target and length >= MIN_CHARS:
                break
            if length + len(sentence.text) + 1 <= MAX_CHARS:
                middle.append(sentence)
                length += len(sentence.text) + 1
        # Paragraphs: the opening (with the ties sentence half the time), the topics, then
        # agreements, exercises and the closing lines.
        first = [opening, ties] if rng.random() < 0.5 else [opening]
        second = ([] if len(first) == 2 else [ties]) + topic_sentences
        third = [*deals, *drills, *middle, *ending]
        paragraphs = [p for p in (head, first, second, third) if p]
        return self._assemble(scene, c, paragraphs, release_line)

    # Assembly ---------------------------------------------------------------------------

    def _assemble(self, scene: Scene, c: _Context, paragraphs: list[list[Sentence]], release_line: str) -> Composed:
        parts: list[str] = []
        spans: dict[Hashable, tuple[int, int]] = {}
        position = 0
        for paragraph in paragraphs:
            for index, sentence in enumerate(paragraph):
                if index:
                    parts.append(" ")
                    position += 1
                start = position
                text = sentence.text
                # "the other ministers ..." opens a sentence with a capital like any other.
                parts.append(text[0].upper() + text[1:] if text[0].islower() else text)
                position += len(text)
                for key in sentence.keys:
                    spans.setdefault(key, (start, position))
            parts.append("\n")
            position += 1
        parts.append(release_line)
        return Composed(self._title(scene, c), "".join(parts), spans, c.written)

    # Sentences --------------------------------------------------------------------------

    def _spokes(self, scene: Scene, c: _Context) -> Sentence:
        rng = self.rng
        if scene.publisher != "USA":
            ministry = _MINISTRIES[scene.publisher]
            return Sentence(
                rng.choice(
                    (
                        f"The {ministry} released the following readout:",
                        f"A {ministry} spokesperson provided the following readout:",
                    )
                )
            )
        if c.pub_seat.title.startswith(("Chairman", "Acting Chairman")):
            return Sentence("The Joint Staff released the following readout:")
        speaker = US_SPOKESPEOPLE[0][1]
        for start, name in US_SPOKESPEOPLE:
            if start <= scene.date:
                speaker = name
        return Sentence(
            rng.choice(
                (
                    f"{speaker} provided the following readout:",
                    f"The following is attributed to {speaker}:",
                    f"{speaker} released the following readout:",
                )
            )
        )

    def _opening(self, scene: Scene, c: _Context) -> Sentence:
        rng = self.rng
        kind, host = scene.kind, scene.host
        if kind == "multilateral":
            if host == "":
                templates = ["{pub} held a virtual {lateral} meeting {date} with {pars}."]
            else:
                templates = [
                    "{pub} met {date} with {pars}{loc}.",
                    "{pub} joined {pars} for a {lateral} ministerial meeting{loc} {date}.",
                    "{Date}, {pub} convened a {lateral} meeting with {pars}{loc}.",
                ]
                if host == "publisher":
                    templates.append("{pub} hosted a {lateral} meeting{loc} {date} with {pars}.")
        elif kind == "call":
            templates = [
                "{pub} spoke by phone {date} with {par}.",
                "{pub} held a phone call with {par} {date}.",
                "{pub} spoke {date} with {par} by secure video teleconference.",
                "{Date}, {pub} held a call with {par}.",
                "{pub} and {par} spoke by phone {date}.",
            ]
        elif kind == "visit":
            if host == "partner":
                templates = [
                    "{pub} traveled{loc_to} {date}, where {pub_s} met with {par}.",
                    "{pub} visited {C} {date} and met with {par}{loc}.",
                    "{par} welcomed {pub}{loc_to} {date}.",
                ]
            else:
                templates = [
                    "{pub} welcomed {par} for an official visit{loc} {date}.",
                    "{par} made an official visit{loc_to} {date}, hosted by {pub}.",
                ]
                if scene.publisher == "USA":
                    templates.append("{pub} hosted {par}{loc} {date} with a full honors arrival ceremony.")
        elif kind == "dialogue":
            templates = [
                "{pub} and {par} co-chaired the {nth} {pair} {talks}{loc} {date}.",
                "{Date}, {pub} and {par} convened the {nth} {pair} {talks}{loc}.",
            ]
            if host == "publisher":
                templates.append("{pub} hosted {par}{loc} {date} for the {nth} {pair} {talks}.")
        elif kind == "signing":
            templates = [
                "{pub} and {par} signed the {agr}{loc} {date}.",
                "{Date}, {pub} and {par} signed the {agr}{loc}.",
                "{pub} and {par} met{loc} {date} to sign the {agr}.",
            ]
            if host == "publisher":
                templates.append("{pub} hosted {par}{loc} {date} for the signing of the {agr}.")
        elif kind == "other":
            templates = [
                "{pub} and {par} delivered joint remarks to the press{loc} {date}.",
                "{pub} and {par} observed a demonstration of military capabilities{loc} {date}.",
                "{pub} and {par} laid a wreath{loc} {date} to honor the fallen of both nations.",
            ]
        else:
            templates = [
                "{pub} met {date} with {par}{loc}.",
                "{Date}, {pub} met with {par}{loc}.",
                "{pub} and {par} held bilateral discussions{loc} {date}.",
                "{pub} met with {par}{loc} {date} to discuss bilateral defense cooperation.",
            ]
            if host == "publisher":
                templates += ["{pub} hosted {par}{loc} {date}.", "{pub} welcomed {par}{loc} {date}."]
        template = rng.choice(templates)
        keys: list[Hashable] = ["date", "kind", *c.intro_keys]
        if scene.location:
            keys.append("location")
        if scene.forum is not None:
            keys.append("forum")
        if "{pair}" in template:  # "U.S.-Japan": both countries
            keys += [("country", code) for code in scene.countries]
        if "{agr}" in template:
            act = scene.agreements[0]
            keys.append(("agreement", id(act.agreement)))
            c.fields["agr"] = c.agreement_name(act.agreement)
        return Sentence(template.format_map(c.fields), tuple(keys))

    def _ties(self, scene: Scene, c: _Context) -> Sentence:
        rng = self.rng
        keys = tuple(("country", code) for code in scene.countries)
        if len(scene.partners) > 1:
            names = _join([c.name(code) for code in sorted(scene.countries, key=lambda x: _bare(c.name(x)))])
            return Sentence(
                rng.choice(
                    (
                        f"The officials reaffirmed their commitment to close cooperation among {names}.",
                        f"{c.fields['pub_s']} underscored the value of the partnership among {names}.",
                        f"The ministers highlighted the common interests of {names}.",
                    )
                ),
                keys,
            )
        partner = scene.partners[0]
        ally = scene.publisher == "USA" and gazetteer.country(partner).ally
        rel = (
            "alliance"
            if ally and rng.random() < 0.7
            else rng.choice(("partnership", "defense partnership", "bilateral relationship"))
        )
        adj = rng.choice(("enduring", "strong", "close", "growing", "steadfast"))
        p_name, c_name = c.name(scene.publisher), c.name(partner)
        f = c.fields
        return Sentence(
            rng.choice(
                (
                    f"The two leaders reaffirmed the strength of the {f['pair']} {rel}.",
                    f"{f['pub_s']} reaffirmed the {adj} {rel} between {p_name} and {c_name}.",
                    f"Both officials highlighted the {adj} defense ties between {p_name} and {c_name}.",
                    f"They discussed ways to deepen the {f['pair']} defense relationship.",
                    f"{f['par_s']} thanked {f['pub_s']} for {c.demonym(scene.publisher)} support and "
                    f"reaffirmed {c.demonym(partner)} commitment to the {rel}.",
                )
            ),
            keys,
        )

    def _topic_sentences(self, scene: Scene, c: _Context) -> list[Sentence]:
        rng = self.rng
        year = scene.date.year
        areas: list[tuple[str, str]] = []
        issues: list[tuple[str, str]] = []
        for topic in scene.topics:
            area_words = [w for w in topics.AREAS.get(topic, ()) if _fits(w, year)]
            issue_words = [w for w in topics.ISSUES.get(topic, ()) if _fits(w, year)]
            if area_words and (not issue_words or rng.random() < 0.6):
                areas.append((topic, rng.choice(area_words)))
            elif issue_words:
                issues.append((topic, rng.choice(issue_words)))
        f = c.fields
        # Several topics may share a sentence; a readout does not use one template twice.
        area_templates = [
            "They agreed to deepen cooperation in {}.",
            "The officials discussed opportunities to expand their work on {}.",
            f"{f['pub_s']} and {f['par_s']} underscored the importance of {{}}.",
            "Both sides welcomed progress in {}.",
        ]
        issue_templates = [
            "The two leaders discussed {}.",
            "They also exchanged views on {}.",
            f"{f['pub_s']} and {f['par_s']} shared their assessments of {{}}.",
        ]
        rng.shuffle(area_templates)
        rng.shuffle(issue_templates)
        groups = []
        while areas:
            size = rng.randint(1, 3)
            groups.append((area_templates[len(groups) % len(area_templates)], areas[:size]))
            areas = areas[size:]
        for count, start_at in enumerate(range(0, len(issues), 2)):
            groups.append((issue_templates[count % len(issue_templates)], issues[start_at : start_at + 2]))
        sentences = [
            Sentence(template.format(_join([w for _, w in group])), tuple(("topic", t) for t, _ in group))
            for template, group in groups
        ]
        rng.shuffle(sentences)
        return sentences

    def _agreement_sentence(self, agreement: Agreement, action: str, c: _Context) -> Sentence:
        f = c.fields
        name = c.agreement_name(agreement)
        choices = {
            "planned": (
                f"The two leaders committed to finalize the {name} in the coming months.",
                f"{f['pub_s']} and {f['par_s']} discussed ongoing negotiations on the {name}.",
                f"Both sides agreed to work toward concluding the {name}.",
            ),
            "signed": (
                f"{f['pub_s']} and {f['par_s']} also signed the {name}.",
                f"The officials signed the {name}, a milestone in the bilateral defense relationship.",
            ),
            "renewed": (
                f"They also announced the renewal of the {name}.",
                f"The two leaders agreed to extend the {name}.",
                f"{f['pub_s']} and {f['par_s']} renewed the {name}.",
            ),
            "implemented": (
                f"The leaders welcomed progress in implementing the {name}.",
                f"They reviewed the implementation of the {name}.",
                f"{f['pub_s']} noted the steady progress under the {name}.",
            ),
            "mentioned": (
                f"Both leaders reaffirmed their commitment to the {name}.",
                f"{f['pub_s']} underscored the enduring importance of the {name}.",
                f"The two officials noted the value of the {name}.",
            ),
        }[action]
        return Sentence(self.rng.choice(choices), (("agreement", id(agreement)),))

    def _exercise_sentence(self, exercise, with_location: bool, c: _Context) -> Sentence:
        rng = self.rng
        f = c.fields
        name, place = exercise.name, exercise.location
        if not exercise.named:
            text = (
                f"The officials noted the recent {name} in {place}."
                if with_location
                else f"{f['pub_s']} and {f['par_s']} noted the recent {name}."
            )
        elif with_location:
            often = "biennial" if exercise.every == 2 else "annual"
            text = rng.choice(
                (
                    f"The two leaders welcomed the success of {name}, the {often} exercise held in {place}.",
                    f"{f['pub_s']} praised the service members who took part in {name} in {place}.",
                    f"They discussed plans for the next iteration of {name} in {place}.",
                )
            )
        else:
            text = rng.choice(
                (
                    f"They discussed preparations for this year's {name} exercise.",
                    f"{f['pub_s']} commended the participants in {name}.",
                    f"The leaders noted the growing scale of {name}.",
                )
            )
        return Sentence(text, (("exercise", id(exercise)),))

    def _fillers(self, scene: Scene, c: _Context) -> Iterator[Sentence]:
        """Sentences that state no fact, in a random order, written only when asked for."""
        rng = self.rng
        lines = list(_FILLERS)
        if scene.host == "partner":
            lines.append((_HOSPITALITY,))
        for index in rng.sample(range(len(lines)), len(lines)):
            yield Sentence(rng.choice(lines[index]).format_map(c.fields))

    def _closing(self, scene: Scene, c: _Context) -> Sentence:
        event = {"call": "call", "visit": "visit"}.get(scene.kind, "meeting")
        return Sentence(self.rng.choice(_CLOSINGS).format(event=event, **c.fields))

    # Titles -----------------------------------------------------------------------------

    def _title(self, scene: Scene, c: _Context) -> str:
        rng = self.rng
        pub = c.pub_seat
        who = f"{pub.title} {pub.person.name}'s"
        if len(scene.partners) > 1:
            counterparts = _join([c.demonym(code) for code in scene.partners])
            where = f" at the {scene.forum.forum.short_name}" if scene.forum else ""
            return f"Readout of {who} {c.fields['Lateral']} Meeting With {counterparts} Counterparts{where}"
        par = c.seats[0]
        other = f"{c.demonym(scene.partners[0])} {par.title} {par.person.name}"
        if scene.kind == "call":
            return f"Readout of {who} {rng.choice(('Call', 'Phone Call'))} With {other}"
        if scene.kind == "visit":
            if scene.host == "partner":
                return f"Readout of {who} Visit to {_bare(c.name(scene.partners[0]))}"
            host = "the Pentagon" if scene.publisher == "USA" else _bare(c.name(scene.publisher))
            return f"{other} Visits {host}"
        if scene.kind == "dialogue":
            return f"Readout of the {c.fields['nth']} {c.fields['pair']} {c.fields['talks']}"
        if scene.kind == "signing":
            names = f"{_bare(c.name(scene.publisher))} and {_bare(c.name(scene.partners[0]))}"
            return (
                f"{names} Sign {scene.agreements[0].agreement.name}"
                if scene.agreements
                else f"Readout of {who} Signing Ceremony"
            )
        return f"Readout of {who} Meeting With {other}"


# Lines that state no fact (one of each pair at most in a readout), and closing lines.
_FILLERS: tuple[tuple[str, ...], ...] = (
    (
        "The officials also discussed ways to deepen defense cooperation.",
        "They discussed ways to deepen their defense cooperation.",
    ),
    (
        "Both officials noted the progress made since their last meeting.",
        "The officials reviewed the progress made since they last met.",
    ),
    (
        "{par_s} expressed appreciation for the productive discussion.",
        "{par_s} welcomed the frank and substantive exchange.",
    ),
    (
        "{pub_s} thanked {par_s} for the candid exchange of views.",
        "{pub_s} commended {par_s} for the leadership shown in recent months.",
    ),
    (
        "They agreed to continue regular high-level engagements.",
        "The two sides committed to maintaining regular senior-level contacts.",
    ),
    (
        "The officials committed to maintaining close coordination in the months ahead.",
        "Both sides agreed to task their staffs with identifying next steps.",
    ),
    (
        "They also discussed upcoming senior leader visits.",
        "The officials agreed on the value of sustained engagement at every level.",
    ),
)
_HOSPITALITY = "{pub_s} thanked {par_s} for the warm hospitality."
_CLOSINGS = (
    "The leaders pledged to stay in close contact.",
    "They agreed to meet again soon.",
    "{pub_s} looked forward to the next opportunity to meet with {par_s}.",
    "Both leaders committed to building on the momentum of the {event}.",
)


def _length(sentences: list[Sentence]) -> int:
    return sum(len(s.text) + 1 for s in sentences)


def _fits(words: str, year: int) -> bool:
    return topics.EARLIEST.get(words, 0) <= year <= LATEST.get(words, 9999)


class _Context:
    """The words one scene's sentences share: introductions, short names, date and place."""

    def __init__(self, world: World, scene: Scene, rng: random.Random):
        self.world = world
        self.rng = rng
        self.scene = scene
        self.pub_seat: Seat = scene.seats[0]
        self.seats: list[Seat] = scene.seats[1:]
        self.written: dict[int, str] = {}
        self._names = {code: rng.choice(gazetteer.country(code).names) for code in scene.countries}
        self._demonyms = {code: rng.choice(gazetteer.country(code).demonyms) for code in scene.countries}
        self.intro_keys: list[Hashable] = [("person", id(seat.person)) for seat in scene.seats]
        self.intro_keys += [("country", code) for code in scene.partners]
        pub = self._intro_publisher()
        pars = [self._intro_partner(code, seat) for code, seat in zip(scene.partners, self.seats, strict=True)]
        date_mid, date_start = self._date_phrases()
        loc, loc_to = self._place_phrases()
        lateral = {2: "trilateral", 3: "quadrilateral"}.get(len(scene.partners), "multilateral")
        partner = scene.partners[0]
        talks, first_year = world.dialogue(scene.publisher, partner)
        p_info, c_info = gazetteer.country(scene.publisher), gazetteer.country(partner)
        pair = f"{p_info.pair}-{c_info.pair}" if partner != "USA" else f"{c_info.pair}-{p_info.pair}"
        self.fields: dict[str, str] = {
            "pub": pub,
            "par": pars[0],
            "pars": _join(pars),
            "pub_s": self.pub_seat.short,
            "par_s": self.seats[0].short if len(self.seats) == 1 else "the other ministers",
            "date": date_mid,
            "Date": date_start,
            "loc": loc,
            "loc_to": loc_to,
            "C": self.name(partner),
            "pair": pair,
            "talks": talks,
            "nth": ordinal(scene.date.year - first_year + 1),
            "lateral": lateral,
            "Lateral": lateral.capitalize(),
        }

    def name(self, code: str) -> str:
        return self._names[code]

    def demonym(self, code: str) -> str:
        return self._demonyms[code]

    def _intro_publisher(self) -> str:
        seat = self.pub_seat
        honorific = f"{seat.honorific} " if seat.honorific and self.rng.random() < 0.3 else ""
        text = f"{seat.title} {honorific}{seat.full}"
        if self.rng.random() < 0.2:
            self.intro_keys.append(("country", self.scene.publisher))
            return f"{gazetteer.country(self.scene.publisher).demonyms[0]} {text}"  # "U.S. Secretary of ..."
        return text

    def _intro_partner(self, code: str, seat: Seat) -> str:
        info = gazetteer.country(code)
        if any(form in seat.title for form in info.mentions):
            return f"{seat.title} {seat.full}"  # "Chief of Staff of the Armed Forces of the Philippines ..."
        if self.rng.random() < 0.6 or len(self.seats) > 2:
            return f"{self.demonym(code)} {seat.title} {seat.full}"
        return f"{seat.title} {seat.full} of {self.name(code)}"

    def _date_phrases(self) -> tuple[str, str]:
        scene = self.scene
        date: dt.date = scene.date
        style = scene.date_style
        if style in ("today", "yesterday"):
            return style, style.capitalize()
        if style == "weekday":
            day = WEEKDAYS[date.weekday()]
            return f"on {day}", f"On {day}"
        text = f"{MONTHS[date.month - 1]} {date.day}"
        if style == "full":
            text += f", {date.year}"
        return f"on {text}", f"On {text}"

    def _place_phrases(self) -> tuple[str, str]:
        """(" at the Pentagon", " to the Pentagon"), (" in Tokyo", " to Tokyo"), or empty."""
        scene = self.scene
        if scene.forum is not None:
            forum = scene.forum.forum
            written = self.rng.choices(
                (forum.short_name, forum.name, *forum.aliases[:1]), (6, 3, 1)[: 2 + bool(forum.aliases)]
            )[0]
            city = scene.location.split(",")[0]
            margin = self.rng.choice(("on the margins of", "on the sidelines of"))
            phrase = f" {margin} the {written} in {city}"
            return phrase, phrase
        if not scene.location:
            return "", ""
        if scene.location == "The Pentagon":
            return " at the Pentagon", " to the Pentagon"
        city = scene.location.split(",")[0]
        return f" in {city}", f" to {city}"

    def agreement_name(self, agreement: Agreement) -> str:
        """How this readout names an agreement: full name, with the pair, or its abbreviation."""
        written = self.written.get(id(agreement))
        if written is None:
            roll = self.rng.random()
            if agreement.short and roll < 0.2:
                written = agreement.short
            elif roll > 0.85 and agreement.name[:1].isupper() and "-" not in agreement.name.split()[0]:
                written = f"{self.fields['pair']} {agreement.name}"
            else:
                written = agreement.name
            self.written[id(agreement)] = written
        return written
