"""parse(): one readout's text in, one Extraction out.

The stages share one reading of the text (`Reading`): a same-length folded copy (text.fold),
its sentences, which of them are framing (the spokesperson's line), the country mentions, and
the lead sentence (the first that reports the engagement) with the end of its main clause.
Each fact is tied to the sentence it came from.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise

from engagements.extraction import (
    agreements,
    countries,
    dates,
    exercises,
    forums,
    headlines,
    kinds,
    locations,
    parties,
    people,
    publishers,
    sentences,
    topics,
)
from engagements.extraction.participants import Chosen, MentionIndex, clause_end, select
from engagements.extraction.patterns import space_key
from engagements.extraction.text import fold
from engagements.extraction.types import (
    AGREEMENT_ACTIONS,
    AGREEMENT_KINDS,
    KINDS,
    TOPICS,
    CountryFact,
    Extraction,
    Participant,
    Span,
)

log = logging.getLogger(__name__)

_MAX_TEXT = 2_000_000  # longer input is read up to this length; readouts are a few kB
_MAX_TITLE = 1_000  # a headline longer than this is not one
_MAX_PARTICIPANTS = 40


def parse(
    text: str,
    published: dt.date | None = None,
    *,
    title: str | None = None,
    publisher: str | None = None,
    publisher_how: str = "flag",
    url: str | None = None,
    default_publisher: str | None = "USA",
) -> Extraction:
    """The engagement a readout reports.

    `published` resolves "today", "June 2" and the like; `title` (the headline) helps fill out
    names and kind. The publishing country (ISO alpha-3, a party to every engagement it
    reports) is `publisher` when given (`publisher_how` says how: "flag" or "jsonl"), else
    found from the source `url`'s official site, else from the text, else
    `default_publisher` (see publishers.py). Never raises: on a parser fault an empty
    Extraction comes back and the fault is logged.
    """
    if not isinstance(text, str):
        return Extraction()
    try:
        return parse_strict(
            text,
            published,
            title=title,
            publisher=publisher,
            publisher_how=publisher_how,
            url=url,
            default_publisher=default_publisher,
        )
    except Exception:  # a parser bug must not take an import or a page down with it
        log.exception("readout parser failed on a %d-character text", len(text))
        return Extraction()


@dataclass
class Reading:
    """What every stage needs to know about the text."""

    text: str
    norm: str
    spans: list[Span]
    preamble: list[bool]
    lead: int | None
    mentions: list[countries.CountryMention]
    publisher: str | None
    published: dt.date | None
    title: str = ""  # folded headline
    text_title: str = ""  # the headline as given
    title_mentions: list[countries.CountryMention] = field(default_factory=list)
    verb_at: int | None = None  # the lead's first engagement verb
    cut: int = 0  # where the lead's main clause ends
    hosts: set[str] = field(default_factory=set)  # countries the lead names as places ("visited Niger and Chad")
    visited: set[str] = field(default_factory=set)  # the hosts of a visit the lead reports

    @property
    def lead_span(self) -> Span | None:
        return self.spans[self.lead] if self.lead is not None else None

    @property
    def skip(self) -> set[int]:
        return {i for i, p in enumerate(self.preamble) if p}


def parse_strict(
    text: str,
    published: dt.date | None = None,
    *,
    title: str | None = None,
    publisher: str | None = None,
    publisher_how: str = "flag",
    url: str | None = None,
    default_publisher: str | None = "USA",
) -> Extraction:
    """parse() without the safety net: raises on a parser fault (for tests)."""
    r = _read(text, published, title, None)
    found = _publisher(r, publisher, publisher_how, url, default_publisher)
    r.publisher = found.code
    out = Extraction()
    chosen = _participants(r)
    # A demonym inside a name ("Lai Thai Binh") names no country.
    names = [(c.mention.name_start, c.mention.end) for c in chosen]
    r.mentions = [cm for cm in r.mentions if not (cm.demonym and any(s <= cm.start and cm.end <= e for s, e in names))]
    forum_spans = _forum(r, out)
    party_codes = _parties(r, chosen, out, forum_spans)
    if found.how == "" and chosen and chosen[0].mention.country and chosen[0].span == r.lead_span:
        # Nothing told and the default country is not in the text: the lead's actor, whose
        # country the parties settled, speaks for the publisher.
        actor = chosen[0].mention
        found = publishers.Publisher(actor.country, "text", actor.name, chosen[0].span)
        party_codes.add(actor.country)
        if actor.country not in {c.code for c in out.countries}:
            out.countries.append(CountryFact(actor.country, chosen[0].span))
            out.countries.sort(key=lambda c: c.code)
    elif found.how == "" and found.evidence:
        # No actor's country either: read it again as the default publisher's.
        return parse_strict(text, published, title=title, publisher=found.evidence, publisher_how="default", url=None)
    out.publisher, out.publisher_how = found.code, found.how
    out.publisher_evidence, out.publisher_span = found.evidence, found.span
    out.participants = [
        Participant(name=c.mention.name, title=c.mention.title, country=c.mention.country, span=c.span) for c in chosen
    ]
    out.date, out.date_span = _date(r)
    _kind(r, out, party_codes, forum_spans, bool(chosen))
    _location(r, out)
    out.agreements = [
        a
        for a in agreements.find(r.norm, r.spans, r.skip, exercises.gazetteer().named)
        if a.kind in AGREEMENT_KINDS and a.action in AGREEMENT_ACTIONS
    ]
    out.exercises = exercises.find(r.norm, r.spans, r.skip, r.mentions, sorted(party_codes))
    partners = party_codes - {r.publisher}
    party_names = [(cm.start, cm.end) for cm in r.mentions if cm.code in partners]
    found = topics.find(
        r.norm, r.spans, r.skip, partners, countries.gazetteer().regions, r.lead_span, party_names=party_names
    )
    out.topics = [t for t in found if t.topic in TOPICS]
    out.title = r.text_title or headlines.headline(r.text, out)
    return _clamp(out, len(r.text))


def _read(text: str, published: object, title: object, publisher: str | None) -> Reading:
    if isinstance(published, dt.datetime):
        published = published.date()
    elif not isinstance(published, dt.date):
        published = None
    if published is None:
        published = dates.release_date(text)
    title = title[:_MAX_TITLE] if isinstance(title, str) else ""
    if publisher is not None and not countries.is_code(publisher):
        publisher = None
    text = text[:_MAX_TEXT]
    norm = fold(text)
    spans = sentences.split(norm)
    pre = sentences.preambles(norm, spans)
    r = Reading(
        text=text,
        norm=norm,
        spans=spans,
        preamble=pre,
        lead=sentences.lead_index(norm, spans, pre),
        mentions=countries.find_mentions(norm),
        publisher=publisher,
        published=published,
    )
    if title:
        r.text_title = " ".join(title.split())
        r.title = fold(title)
        r.title_mentions = countries.find_mentions(r.title)
    if r.lead_span:
        verb = sentences.ENGAGEMENT_VERB.search(norm, *r.lead_span)
        r.verb_at = verb.start() if verb else None
        r.cut = clause_end(norm, r.lead_span, r.verb_at)
    return r


def _publisher(r: Reading, given: str | None, how: str, url: str | None, default: str | None) -> publishers.Publisher:
    """Who published the readout: given, else the site, else the text, else the default."""
    how = how if how in ("flag", "jsonl", "default") else "flag"
    found = publishers.given(given, how) or publishers.from_domain(url)
    if found:
        return found
    subject = None
    if r.lead_span is not None:
        s = r.lead_span[0]
        subject = (s, _subject_end(r.norm, s, r.verb_at if r.verb_at is not None else r.lead_span[1]))
        if " and " in r.norm[subject[0] : subject[1]]:
            # "Defense Minister Hamada and Secretary of Defense Austin held ...": the first
            # of two is the actor.
            actors = people.find_mentions(r.norm, *subject, r.mentions, None)
            if len(actors) >= 2:
                subject = (s, actors[0].end)

    def stated() -> list[tuple[str, Span]]:
        """The countries stated for the lead's actor (read only when the cheaper signs fail)."""
        if subject is None:
            return []
        s, e = subject
        found = [
            (m.country, (m.start, m.end))
            for m in people.find_mentions(r.norm, s, e, r.mentions, None)
            if m.country and m.country_source != "organization"
        ]
        if found:
            return found
        other, _places = parties.mentioned(r.norm, s, e, r.mentions)
        return [
            (cm.code, (cm.start, cm.end))
            for cm in r.mentions
            if s <= cm.start and cm.end <= e and cm.code in other and not _in_brackets(r.norm, s, cm.start)
        ][:1]

    def others() -> set[str]:
        """The countries stated for the lead's people other than its actor."""
        if r.lead_span is None:
            return set()
        s = r.lead_span[0]
        return {m.country for m in people.find_mentions(r.norm, s, max(r.cut, s), r.mentions, None)[1:] if m.country}

    found = publishers.from_text(
        r.norm, subject, stated, r.mentions, r.lead_span[1] if r.lead_span else 0, r.title, r.title_mentions, others
    ) or _headline_actor(r)
    if found:
        return found
    default = default if default and countries.is_code(default) else None
    if default is None:
        return publishers.Publisher(None, "")
    named = {cm.code for cm in r.mentions} | {cm.code for cm in r.title_mentions}
    if (default in named and not _default_is_the_counterpart(r, default)) or not named:
        return publishers.Publisher(default, "default", default)
    # The default country is nowhere in the text: the lead's actor decides (parse_strict),
    # the default only if there is none.
    return publishers.Publisher(None, "", default)


# The lead's subject ends at its first lower-case word other than these: "Minister of
# Defence Peeni Henare departs for Australia ..." is Henare's, not Australia's.
_SUBJECT_WORD = re.compile(r"[A-Z0-9(\[\"'][^\s]*|and|of|for|the|on|de|bin|binti|al|von|van|der|,|&|-")
_WORD_RE = re.compile(r"\S+")


def _subject_end(norm: str, start: int, end: int) -> int:
    for w in _WORD_RE.finditer(norm, start, end):
        token = w.group().rstrip(",.:;")
        if token and not _SUBJECT_WORD.fullmatch(token):
            return w.start()
    return end


def _in_brackets(norm: str, start: int, at: int) -> bool:
    """Whether `at` is inside "( ... )" opened after `start` ("ABU DHABI, (News - ...)")."""
    return norm.rfind("(", start, at) > norm.rfind(")", start, at)


def _default_is_the_counterpart(r: Reading, default: str) -> bool:
    """ "Defense Minister Nakatani held a telephone conference with U.S. Defense Secretary
    Hegseth": the default country is the other side's, so not the publisher."""
    if r.lead_span is None or r.verb_at is None:
        return False
    s, _ = r.lead_span
    found = people.find_mentions(r.norm, s, max(r.cut, r.verb_at), r.mentions, None)
    return (
        bool(found)
        and found[0].start < r.verb_at
        and found[0].country is None
        and any(m.country == default for m in found[1:])
    )


def _headline_actor(r: Reading) -> publishers.Publisher | None:
    """ "Indian Defence Minister Rajnath Singh Discussed ...": a headline led by its actor."""
    if not r.title:
        return None
    for m in people.find_mentions(r.title, 0, len(r.title), r.title_mentions, None):
        if m.start <= 2 and m.country and m.country_source == "prefix":
            return publishers.Publisher(m.country, "text", r.title[m.start : m.end], None)
        break
    return None


def _participants(r: Reading) -> list[Chosen]:
    """The people who took part, each with the country stated for them where it is."""
    by_sentence = MentionIndex(
        r.norm, r.spans, lambda s, e: people.find_mentions(r.norm, s, e, r.mentions, r.publisher)
    )
    headline = people.find_mentions(r.title, 0, len(r.title), r.title_mentions, r.publisher) if r.title else []
    chosen = select(r.norm, r.spans, r.preamble, r.lead, r.cut, by_sentence, headline)[:_MAX_PARTICIPANTS]
    for c in chosen:
        m = c.mention
        if m.country is None and m.publisher_title:
            m.country = m.publisher_title
        if m.country is None:
            # A short mention's country may be stated at a fuller mention of the same person.
            every = by_sentence.naming(m.words[-1] if m.words else "") + headline
            twin = next((x for x in every if x.country and _same(x, m)), None)
            if twin is not None:
                m.country = twin.country
    # The lead's subject speaks for the publisher: "The Deputy Prime Minister and Minister for
    # Defence, the Hon Richard Marles MP, today welcomed ..." in an Australian release.
    if (
        chosen
        and r.publisher
        and chosen[0].mention.country is None
        and chosen[0].mention.country_source != "organization"
        and r.verb_at is not None
        and chosen[0].span == r.lead_span
        and chosen[0].mention.start < r.verb_at
    ):
        chosen[0].mention.country = r.publisher
    return chosen


def _parties(r: Reading, chosen: list[Chosen], out: Extraction, names: list[Span]) -> set[str]:
    """The countries that took part; fills in participants' countries the text implies.

    Evidence comes in tiers: countries stated for participants or named as parties ("the
    defense ministers of Latvia, Lithuania and Estonia"); else countries the lead's main
    clause names ("the United States and the Kingdom of Norway concluded ..."), or the
    headline; else countries named only as the place ("arrived in India"). A country inside an
    event's name (`names`: "the Ukraine Defense Contact Group") is none of these. A participant
    whose country the text does not state belongs to the partner when one tier names exactly
    one partner country.
    """
    pub = r.publisher
    named: set[str] = set()
    other: set[str] = set()
    places: set[str] = set()
    if r.lead is not None:
        s, e = r.spans[r.lead]
        stretch_end = r.spans[r.lead + 1][1] if r.lead + 1 < len(r.spans) and not r.preamble[r.lead + 1] else e
        if r.lead + 2 < len(r.spans) and _OTHERS.match(r.norm, r.spans[r.lead + 2][0]):
            stretch_end = r.spans[r.lead + 2][1]  # "... representing A, B and C. Others included D and E."
        named = parties.named_parties(r.norm, s, stretch_end, r.mentions, countries.gazetteer().groups)
        inside = [cm for cm in r.mentions if not any(a <= cm.start < b for a, b in names)]
        other, places = parties.mentioned(r.norm, s, max(r.cut, s), inside)
        r.hosts = _listed_with(r.norm, inside, places, s, max(r.cut, s))
        # "visited Niger and Chad": every host of the visit is a party.
        lead_end = max(r.cut, s)
        visited = {
            cm.code
            for cm in inside
            if s <= cm.start < lead_end and _VISITED.search(r.norm, max(s, cm.start - 30), cm.start)
        }
        r.visited = _listed_with(r.norm, inside, visited, s, lead_end)
    if r.title:
        t_other, t_places = parties.mentioned(r.title, 0, len(r.title), r.title_mentions)
        other, places = other | t_other, places | t_places
    stated = {c.mention.country for c in chosen if c.mention.country}
    if r.lead is not None:
        # "visited the Defence Headquarters, Nairobi": a city in the lead places it too.
        cities = locations.places()
        for m in cities.city_re.finditer(r.norm, r.spans[r.lead][0], max(r.cut, r.spans[r.lead][0])):
            code = cities.cities.get(space_key(m.group()))
            if code:
                places.add(code)
    # Failing all these, the countries the opening paragraphs name other than as a place.
    opening = r.spans[r.lead + 1][1] if r.lead is not None and r.lead + 1 < len(r.spans) else len(r.norm)
    if pub:
        rest, _ = parties.mentioned(r.norm, 0, opening, r.mentions)
    else:
        # Without a publisher only a pair says it: "the Japan-U.S. Alliance".
        rest = {
            code
            for a, b in pairwise(cm for cm in r.mentions if cm.end <= opening)
            if a.code != b.code and _PAIR_GAP.fullmatch(r.norm, a.end, b.start)
            for code in (a.code, b.code)
        }
    tiers = [(stated | named) - {pub}, other - {pub}, places - {pub}, rest - {pub}]
    titled = publishers.tables().titles
    for c in chosen:
        m = c.mention
        if m.country is None and m.country_source != "organization":
            # An office only one country has ("Secretary of State for Defence"), or the
            # host's people attending the meeting.
            office = titled.match(f"{m.title} {m.name}") if m.title else None
            if office:
                m.country = publishers.tables().title_codes[office.lastgroup or ""]
            elif c.attending and pub:
                m.country = pub
    # Without a publisher the lead's actor is the one left over: the others go first.
    order = chosen[1:] + chosen[:1] if pub is None else chosen
    for i, c in enumerate(order):
        if c.mention.country is None and c.mention.country_source != "organization":
            c.mention.country = _unrepresented(chosen, tiers, pub, _counterpart_of(r.norm, order, i), c.also)

    codes = {pub} if pub else set()
    codes |= {c.mention.country for c in chosen if c.mention.country}
    codes |= named
    if not codes - {pub}:
        codes |= tiers[1]
    if not codes - {pub} and any(c.mention.country is None for c in chosen):
        codes |= tiers[2]
    if codes - {pub} and codes - {pub} <= r.visited | r.hosts:
        codes |= r.visited
    codes.discard(None)  # type: ignore[arg-type]

    first_span: dict[str, Span] = {}
    for c in chosen:
        if c.mention.country:
            first_span.setdefault(c.mention.country, c.span)
    for code in sorted(codes):
        out.countries.append(CountryFact(code, first_span.get(code) or _mention_span(r, code)))
    return codes


def _counterpart_of(norm: str, chosen: list[Chosen], i: int) -> str | None:
    """ "Minister of Defence A and her Japanese counterpart B": A is not of B's country."""
    if i + 1 >= len(chosen):
        return None
    a, b = chosen[i].mention, chosen[i + 1].mention
    if b.country and b.country_source == "prefix" and _AND_COUNTERPART.fullmatch(norm, a.end, b.start):
        return b.country
    return None


_AND_COUNTERPART = re.compile(r"\s*,?\s*(?:and|with|met|received|welcomed|hosted)\s+(?:his|her|their)\s+[\w\s-]{0,30}")


def _unrepresented(
    chosen: list[Chosen], tiers: list[set[str]], pub: str | None, not_of: str | None = None, partner: bool = False
) -> str | None:
    """The country of a participant the text gives none: the one party of the first tier
    that names any that no other participant speaks for yet ("Defense Minister Hamada and
    Defense Secretary Austin held a telephone conference" in a Japanese release: Austin is
    the U.S.'s), else the tier's single partner."""
    represented = {c.mention.country for c in chosen if c.mention.country}
    if not_of:
        represented.add(not_of)
    for tier in tiers:
        if not tier:
            continue
        if partner and pub:  # "He also met with ...": someone of the other side
            left = tier - represented
            return next(iter(left)) if len(left) == 1 else (next(iter(tier)) if len(tier) == 1 else None)
        left = (tier | ({pub} if pub else set())) - represented
        if len(left) == 1:
            return next(iter(left))
        if pub and len(tier) == 1:
            only = next(iter(tier))
            return pub if only == not_of else only
        if pub:
            # Many parties and the publisher's side not yet named: "... called on the Chief of
            # the Defence Staff, Vice Admiral ..." in the host's release.
            return pub if pub not in represented else None
    return None


def _mention_span(r: Reading, code: str) -> Span:
    """The sentence that first names a country, else the lead."""
    starts = [s for s, _ in r.spans]
    for cm in r.mentions:
        if cm.code == code:
            i = bisect_right(starts, cm.start) - 1
            if i >= 0 and cm.start < r.spans[i][1]:
                return r.spans[i]
    return r.lead_span or (0, 0)


def _date(r: Reading) -> tuple[dt.date | None, Span | None]:
    """The lead's date, a dateline's, or one from a sentence dating "the meeting" itself."""
    same_day = r.publisher in dates.SAME_DAY_PUBLISHERS
    if r.lead is not None:
        order = [r.lead, *range(r.lead)]
        order += [i for i in range(r.lead + 1, min(len(r.spans), r.lead + 4)) if dates.anaphoric(r.norm, *r.spans[i])]
        for i in order:
            s, e = r.spans[i]
            # A dateline dates the release; only a same-day publisher's release is the day of it.
            d = dates.first_date(r.norm, s if same_day else dates.dateline_end(r.norm, s, e), e, r.published)
            if d is not None:
                return d, r.spans[i]
    # No date cue where the engagement is reported: a publisher that releases readouts the day
    # of the engagement dates it by the release; anyone else's release leaves it unknown.
    if same_day:
        return r.published, None
    return None, None


def _forum(r: Reading, out: Extraction) -> list[Span]:
    """Sets the forum; returns where forum names sit in the lead (they are not talks formats)."""
    if r.lead is None:
        return []
    for cue in (forums.SIDELINES, forums.TRIP):  # a trip's stated purpose only when no sidelines say it
        later = [i for i in sentences.hit([cue], r.norm, r.spans) if i != r.lead and not r.preamble[i]]
        for si in [r.lead, *later] if cue is forums.SIDELINES else later:
            s, e = r.spans[si]
            hit = forums.find_in(r.norm, s, e)
            if hit:
                out.forum, out.forum_span = hit.name, (s, e)
                break
        if out.forum is not None:
            break
    if out.forum is None and r.title:
        hit = forums.find_in(r.title, 0, len(r.title))
        if hit:
            out.forum, out.forum_span = hit.name, None  # only the headline says so
    return [(m.start(), m.end()) for m in forums.gazetteer().pattern.finditer(r.norm, *r.spans[r.lead])]


def _kind(r: Reading, out: Extraction, party_codes: set[str], forum_spans: list[Span], has_people: bool) -> None:
    def signs_instrument(at: int) -> bool:
        return agreements.head_near(r.norm, at, min(len(r.norm), at + 120))

    kind = kinds.decide(
        r.norm,
        r.lead_span,
        r.cut,
        _parties_at_once(r, party_codes),
        forum_spans,
        r.title or None,
        has_people,
        signs_instrument,
        forum_alone=out.forum is not None and not party_codes - {r.publisher},
        followup=_followup(r),
        at_forum=out.forum is not None,
    )
    out.kind = kind if kind in KINDS else "other"
    out.kind_span = r.lead_span


def _followup(r: Reading) -> Span | None:
    """The two sentences after the lead."""
    if r.lead is None or r.lead + 1 >= len(r.spans):
        return None
    return r.spans[r.lead + 1][0], r.spans[min(len(r.spans) - 1, r.lead + 2)][1]


_PAIR_GAP = re.compile(r"\s?-\s?")
_OTHERS = re.compile(r"Others\s+(?:included|include|were)\b")
_VISITED = re.compile(r"\b(?:visited|visits|visiting|visit to|trip to|travell?ed to)\s+(?:the\s+)?$")
_LIST_GAP = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)(?:the\s+)?")


def _listed_with(norm: str, mentions: list, codes: set[str], start: int, end: int) -> set[str]:
    """`codes` and the countries listed right after one of them ("visited Niger and Chad")."""
    out = set(codes)
    local = [cm for cm in mentions if start <= cm.start and cm.end <= end]
    for a, b in pairwise(local):
        if a.code in out and _LIST_GAP.fullmatch(norm, a.end, b.start):
            out.add(b.code)
    return out


def _parties_at_once(r: Reading, party_codes: set[str]) -> int:
    """How many countries met at once: a visit to several hosts ("visited Niger and Chad")
    is one bilateral meeting after another, not a multilateral one."""
    partners = party_codes - {r.publisher}
    if len(partners) >= 2 and partners <= r.hosts:
        return 2
    return len(party_codes)


def _location(r: Reading, out: Extraction) -> None:
    """The lead's own clause, else the sentence placing it at a forum, else where that forum
    is always held, else a dateline away from the publisher's capital. A call has none."""
    if r.lead is None or out.kind == "call":
        return
    s, _ = r.spans[r.lead]
    found, span = locations.find(r.norm, s, max(r.cut, s), r.mentions), r.lead_span
    if found is None and out.forum_span and out.forum_span != r.lead_span:
        found, span = locations.find(r.norm, *out.forum_span, r.mentions), out.forum_span
    if found is None and out.forum:
        found, span = forums.gazetteer().locations.get(out.forum), out.forum_span
    for i in range(r.lead + 1):
        if found is not None:
            break
        found, span = locations.dateline(r.norm, *r.spans[i]), r.spans[i]
    if found is not None:
        out.location, out.location_span = found, span


def _same(a: people.Mention, b: people.Mention) -> bool:
    wa = {w.lower() for w in a.words}
    wb = {w.lower() for w in b.words}
    return bool(wa and wb) and (wa <= wb or wb <= wa)


def _clamp(out: Extraction, n: int) -> Extraction:
    """Every span inside the text, whatever went on above."""

    def ok(span: Span | None) -> Span | None:
        if span is None:
            return None
        s = min(max(0, int(span[0])), n)
        return (s, min(max(s, int(span[1])), n))

    out.date_span = ok(out.date_span)
    out.kind_span = ok(out.kind_span)
    out.location_span = ok(out.location_span)
    out.forum_span = ok(out.forum_span)
    out.publisher_span = ok(out.publisher_span)
    for group in (out.countries, out.participants, out.agreements, out.exercises, out.topics):
        for fact in group:
            fact.span = ok(fact.span) or (0, 0)
    return out
