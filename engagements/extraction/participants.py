"""Which of the people a readout names took part in the engagement.

Participants are the people the lead sentence reports meeting, calling or hosting, before the
clause turns to purpose or background ("... to discuss the aid announced by President Biden"),
and people a later sentence says the principal "also met with". Spokespeople who "provided
the following readout" and people named only in passing ("President Trump's efforts") are
not. A bare "Secretary Austin" in the lead is filled out from a fuller mention of the same
person in the text or the headline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from engagements.extraction.people import Mention, lexicon

# Where the lead's report of who met whom gives way to why and what else: "to discuss",
# "as a follow-up to", "which", "said". Measured from the first engagement verb.
CLAUSE_CUT = re.compile(
    r"\b(?:to (?!(?:the|a|an|his|her|their|its|our|this|that|these|those|all|both|each|one|two"
    r"|meet|visit|speak|talk|host|confer|join|call|sign)\b)[a-z]{3,}"
    r"|as a follow-?up\b|following\b|in the wake of\b|regarding\b|concerning\b|which\b|who\b"
    r"|whose\b|in response to\b|on behalf of\b|said\b|about\b|ahead of\b|after\b"
    r"|that\b|when\b|while\b|before\b|since\b|amid\b|on the (?:same )?day\b"
    r"|as part of\b|followed by\b|hours (?:before|after)\b|in (?:the )?light of\b|in view of\b)"
    r"|,\s+(?:a|an)\s(?!(?:[\w-]+\s+)?delegation\b)"
)
ALSO_MET = re.compile(
    r"\b(?:also|later|then|subsequently|separately|additionally|afterwards?)\b[^.;]{0,40}?"
    r"\b(?:met|meets|spoke|hosted|held talks|visited|called on|received)\b"
    r"|^(?:Separately|Later|Additionally|Afterwards?|Subsequently)\b[^.;]{0,80}?\b(?:met|spoke|hosted|visited)\b"
    # "He met with his counterpart, ...": the lead's actor, in the next sentence.
    r"|^(?:He|She)\s+(?:also\s+)?(?:met|held talks|spoke|called on)\b"
    # A multi-stop visit: "In Chad, Langley visited ...", "During his stop in Niger, he met ...".
    r"|^(?:In|While in|During (?:his|her|the) (?:stop|visit|stay) in)\s+[A-Z][^,]{1,40},\s+(?:the\s+)?[\w.]+"
    r"(?:\s+[\w.]+)?\s+(?:also\s+)?(?:met|visited|called on|held talks)\b"
    # "He was received by ...", "The meeting will be hosted by ...".
    r"|\b(?:was|were|will be|is)\s+(?:also\s+)?(?:received|hosted|welcomed|co-chaired|chaired|represented|observed"
    r"|witnessed)\s+by\b"
    # "... before proceeding for separate meetings with the Cabinet Secretary ..."
    r"|\b(?:separate|closed-door|bilateral|private)\s+(?:[\w-]+\s+)?meetings?\s+with\b"
)
# "... Sergey Ryabkov led the Russian delegation.", "A, B and C also attended": the people
# named before it took part.
LED = re.compile(
    r"\b(?:led|headed)\s+(?:the|a|an|his|her|their)\s+(?:[\w.'-]+\s+){0,3}delegations?\b"
    r"|\b(?:also\s+)?(?:attended|participated|took part)\b|\b(?:was|were)\s+also\s+present\b"
)
# "The meeting was attended by ...", "attended from the Omani side by ...": the host's people.
ATTENDED = re.compile(r"\b(?:was|were)\s+(?:also\s+)?attended\b[^.;]{0,40}?\bby\b")
_WORD = re.compile(r"[^\W\d_][\w'-]*")
_OTHER_SIDE = re.compile(r"(?:while|whilst|whereas)\s+the\s+[\w'-]+(?:\s+[\w'-]+)?\s+(?:side|delegation)\b")
# "..., Major General Stuart Smith, said the exercise ...": quoted, not taking part.
_SAID = re.compile(r"\s*,?\s*(?:said|says|stated|states|told|added|noted|explained|remarked)\b")
_OTHER_VERBS = re.compile(
    r"\b(?:spoke|hosted|held talks|visited|called on|received|attended|chaired|represented|led|headed|participated"
    r"|present|observed|witnessed|meetings?)\b"
)
_ENGAGEMENT_NOUN = re.compile(
    r"\s*(?:meeting|call|visit|discussion|talks|counterpart|trip|engagement|delegation)", re.IGNORECASE
)


@dataclass
class Chosen:
    mention: Mention
    span: tuple[int, int]
    attending: bool = False  # named as attending the meeting: the host's side
    also: bool = False  # "He also met with ...": the other side


class MentionIndex:
    """The people named in each sentence, read on demand: a long text costs only the
    sentences that can hold participants (the lead and its neighbours, "also met" sentences)
    and those that name someone already chosen."""

    def __init__(self, norm: str, spans: list[tuple[int, int]], read: Callable[[int, int], list[Mention]]):
        self.norm = norm
        self.spans = spans
        self._read = read
        self._cache: dict[int, list[Mention]] = {}

    def __getitem__(self, i: int) -> list[Mention]:
        got = self._cache.get(i)
        if got is None:
            got = self._cache[i] = self._read(*self.spans[i])
        return got

    def naming(self, word: str, limit: int = 12) -> list[Mention]:
        """Mentions in the sentences that contain `word` (a surname), first `limit` sentences."""
        if not word:
            return []
        pat = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)")
        out: list[Mention] = []
        seen = 0
        for i, (s, e) in enumerate(self.spans):
            if pat.search(self.norm, s, e):
                out.extend(self[i])
                seen += 1
                if seen >= limit:
                    break
        return out


def clause_end(norm: str, span: tuple[int, int], verb_at: int | None) -> int:
    """Where the lead sentence's main clause (who met whom, where, when) ends."""
    s, e = span
    m = CLAUSE_CUT.search(norm, verb_at if verb_at is not None else s, e)
    return m.start() if m else e


def _eligible(norm: str, m: Mention) -> bool:
    if m.spokesperson:
        return False
    if m.possessive and not _ENGAGEMENT_NOUN.match(norm, m.end + 2 if norm[m.end : m.end + 2] == "'s" else m.end):
        return False
    return True


def _same_person(a: Mention, b: Mention) -> bool:
    wa = {w.lower() for w in a.words}
    wb = {w.lower() for w in b.words}
    if not wa or not wb:
        return False
    # One family name, two given names: two people ("Mohammed ... Al Mazrouei", "Issa ... Al Mazrouei").
    if wa <= wb or wb <= wa or not a.surname or a.surname != b.surname:
        return False if not (wa <= wb or wb <= wa) else True
    # A spelling slip in a given name ("Nicolae-lonel") is still the one person.
    return len(wa) == 1 or len(wb) == 1 or a.words[0][:3].lower() == b.words[0][:3].lower()


def select(
    norm: str,
    spans: list[tuple[int, int]],
    preamble: list[bool],
    lead: int | None,
    cut: int,
    mentions: MentionIndex,
    headline: list[Mention],
) -> list[Chosen]:
    """The participants, in order of first mention; `cut` ends the lead's main clause."""
    if lead is None:
        return []
    chosen: list[Chosen] = []

    def take(m: Mention, span: tuple[int, int], attending: bool = False, also: bool = False) -> None:
        for c in chosen:
            if _same_person(c.mention, m):
                if m.full and not c.mention.full:
                    c.mention = _fill(m, c.mention)
                return
        chosen.append(Chosen(m, span, attending, also))

    for m in mentions[lead]:
        if m.start < cut and _eligible(norm, m):
            take(m, spans[lead])
    # "also met with" comes within the first paragraphs of a readout; "... led the Russian
    # delegation" may come before the sentence that reports the talks.
    for si in [*range(lead), *range(lead + 1, min(len(spans), lead + 16))]:
        s, e = spans[si]
        if si < lead:
            led = LED.search(norm, s, e) if not preamble[si] else None
            for m in mentions[si] if led else []:
                if m.end <= led.start() and m.full and _eligible(norm, m):
                    take(m, spans[si])
            continue
        if preamble[si] or ("met" not in norm[s:e] and not _OTHER_VERBS.search(norm, s, e)):
            continue
        also = ALSO_MET.search(norm[s:e])
        attended = ATTENDED.search(norm[s:e]) if not also else None
        led = LED.search(norm, s, e) if not also and not attended else None
        if led:
            # "A, B and C also attended while D participated via video teleconference"
            after = s
            for verb in LED.finditer(norm, s, e):
                for m in mentions[si]:
                    if after <= m.start and m.end <= verb.start() and m.full and _eligible(norm, m):
                        take(m, spans[si], attending="delegation" not in verb.group())
                after = verb.end()
            continue
        if not also and not attended:
            continue
        v = s + (also or attended).end()
        c2 = CLAUSE_CUT.search(norm, v, e)
        while c2 and _OTHER_SIDE.match(norm, c2.start()):
            c2 = CLAUSE_CUT.search(norm, c2.end(), e)  # "..., while the Kuwaiti side was chaired by ..."
        limit = c2.start() if c2 else e
        for m in mentions[si]:
            if v <= m.start < limit and m.full and _eligible(norm, m):
                take(m, spans[si], attending=attended is not None, also=bool(also and "met" in also.group()))
    # A lead that names only our side ("The Secretary met with his Japanese counterpart
    # today.", "The United States and the Philippines signed ...") may name the people in
    # the next sentences, as their subjects.
    if not any(c.mention.publisher_title is None for c in chosen):
        for si in range(lead + 1, min(len(spans), lead + 3)):
            if preamble[si]:
                continue
            s, e = spans[si]
            c2 = CLAUSE_CUT.search(norm, s, e)
            limit = c2.start() if c2 else e
            added = False
            for m in mentions[si]:
                if m.start < limit and m.full and _eligible(norm, m) and not _SAID.match(norm, m.end):
                    take(m, spans[si])
                    added = True
            if added:
                break

    # Fill out bare names from fuller mentions anywhere (text first, then the headline).
    def fuller(m: Mention) -> Mention | None:
        pool = [x for x in mentions.naming(m.words[-1] if m.words else "") if x.full and not x.spokesperson]
        pool += [x for x in headline if x.full]
        return next((x for x in pool if _same_person(x, m)), None)

    for c in chosen:
        if not c.mention.full:
            twin = fuller(c.mention)
            if twin is not None:
                c.mention = _fill(twin, c.mention)
    # The headline names participants the text may call only "the Minister".
    text_words: set[str] | None = None
    lead_text = norm[spans[lead][0] : spans[lead][1]]
    for hm in headline:
        if hm.spokesperson or any(_same_person(c.mention, hm) for c in chosen):
            continue
        if text_words is None:
            text_words = set(_WORD.findall(norm))
        named = [w for w in hm.words if w in text_words]  # any of its words, capitalised, in the text
        if named:
            word = named[0]
            span = next(
                (
                    spans[i]
                    for i in range(lead, len(spans))
                    if not preamble[i]
                    and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", norm[spans[i][0] : spans[i][1]])
                ),
                spans[lead],
            )
        elif hm.title and (head := _head_word(hm.title)) and re.search(rf"\b[Tt]he {re.escape(head)}\b", lead_text):
            # "The Secretary met with ...": the headline's "Secretary of Defense Lloyd J. Austin III".
            span = spans[lead]
        else:
            continue
        full = fuller(hm) or hm
        chosen.append(Chosen(_fill(full, hm), span))
    return chosen


def _head_word(title: str) -> str | None:
    heads = lexicon().heads
    return next((w for w in title.split() if w in heads), None)


def _fill(full: Mention, short: Mention) -> Mention:
    """The fuller name, keeping whichever mention knows the title and country."""
    return Mention(
        name=full.name,
        tokens=full.tokens,
        title=full.title or short.title,
        country=full.country or short.country,
        start=short.start,
        end=short.end,
        name_start=short.name_start,
        possessive=short.possessive,
        royal=full.royal or short.royal,
        spokesperson=full.spokesperson,
        publisher_title=full.publisher_title or short.publisher_title,
    )
