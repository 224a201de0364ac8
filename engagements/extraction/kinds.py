"""The kind of an engagement (SCHEMA.md KINDS), from the lead sentence's wording.

Order matters and says what wins when a readout fits two kinds: a release about an exercise
or training is "other" however many take part; three or more countries (or "chiefs of defense
from more than 40 nations", or a forum with no named partner) make it multilateral; a phone
or video cue makes a call (unless they also met in person: "called on", "a courtesy call" are
in person; "met by way of a video teleconference" is not), as does a next sentence saying the
meeting was held by video; a named talks format held in the lead ("MM Dialogue", "Defence
Policy Dialogue", "the 19th ... Defense Committee") is a dialogue; a lead that reports signing
an instrument is a signing; travel ("visited", "arrived in", "visits Thailand", an honor
cordon or guard of honour) is a visit, unless the talks were held at a forum; a ceremony or a
wreath-laying is "other"; otherwise a meeting.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import any_of

_K = load("kinds")
CALL = any_of(_K["call"])
IN_PERSON = any_of(_K["in_person"])
VISIT = any_of(_K["visit"], ignore_case=False)
VISIT_TITLE = any_of(_K["visit_title"], ignore_case=False)
SIGNING = any_of(_K["signing"])
SIGNING_PAST = any_of(_K["signing_past"])
VISIT_LEAD = any_of(_K["visit_lead"], ignore_case=False)
OTHER = any_of(_K["other"])
_TALKS = re.compile(r"\b(?:met|meets|meeting|spoke|talks|discussed|discussions|hosted|call)\b", re.IGNORECASE)
DIALOGUE = any_of(_K["dialogue"], ignore_case=False)
NOT_THIS_TIME = any_of(_K["not_this_time"])
OFFICE_OF = any_of(_K["office_of"], ignore_case=False)
REMOTE = any_of(_K["remote"])
REMOTE_FOLLOWUP = any_of(_K["remote_followup"])
EXERCISE_LEAD = any_of(_K["exercise_lead"], ignore_case=False)
_SESSION = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\w+teenth|\w+tieth"
    r"|annual|inaugural)\b[^.,;]{0,50}$",
    re.IGNORECASE,
)
_DRILL_WORD = re.compile(r"(?i:exercise|drill|training|manoeuvre|maneuver|live[- ]fire|war ?game)")
_MET = re.compile(
    r"\b(?:met|meets|talks|discussed|discussions|held talks|called on|paid a courtesy call)\b", re.IGNORECASE
)
MULTILATERAL = any_of(_K["multilateral"])
# A visit spoken of as past or future is not this engagement ("appreciated his visit to
# Brazil during ... 2022", "looks forward to visiting Japan").
_VISIT_ELSEWHEN = re.compile(
    r"\b(?:appreciated|recalled|previous|earlier|last|upcoming|next|future|planned|will|would"
    r"|look(?:s|ed)? forward"
    r"|invit\w*|thanked \w+ (?:counterpart|\w+) for)\b[^.]{0,40}$",
    re.IGNORECASE,
)


def decide(
    norm: str,
    lead: tuple[int, int] | None,
    clause_end: int,
    n_countries: int,
    forum_spans: list[tuple[int, int]],
    title: str | None,
    has_people: bool,
    has_agreement: Callable[[int], bool] = lambda at: True,
    forum_alone: bool = False,
    followup: tuple[int, int] | None = None,
    at_forum: bool = False,
) -> str:
    """The kind of the engagement; `clause_end` ends the lead's main clause; `followup` is the
    stretch just after the lead, which may say how the talks were held."""
    if lead is None:
        return "other"
    s, e = lead
    lead_text = norm[s:e]
    # An exercise or a training event is "other" however many countries take part in it.
    if (
        _DRILL_WORD.search(lead_text)  # cheap test first: most leads name no exercise
        and EXERCISE_LEAD.search(lead_text)
        and not _MET.search(lead_text)
        and not _visit_in(norm, s, e)
    ):
        return "other"
    if n_countries >= 3 or MULTILATERAL.search(norm, s, max(clause_end, s)):
        return "multilateral"
    # A forum with no named partner: the engagement is the forum itself ("hosted a virtual
    # meeting of the Ukraine Defense Contact Group"), unless it was a speech there.
    if forum_alone and not OTHER.search(lead_text):
        return "multilateral"
    if REMOTE.search(lead_text) or (CALL.search(lead_text) and not IN_PERSON.search(lead_text)):
        return "call"
    if followup is not None and (REMOTE_FOLLOWUP.search(norm, *followup) or REMOTE.search(norm, *followup)):
        return "call"
    for m in DIALOGUE.finditer(norm, s, e):
        # Past the main clause, only a session of the format counts ("hosted ... as part of the
        # 19th U.S.-South Africa Defense Committee"), not a format merely named.
        if m.start() >= clause_end and not _SESSION.search(norm, max(s, m.start() - 60), m.start()):
            continue
        if any(fs <= m.start() < fe for fs, fe in forum_spans):
            continue  # "the Shangri-La Dialogue" is where they met, not the kind of talks
        before = norm[max(s, m.start() - 60) : m.start()]
        if NOT_THIS_TIME.search(before) or OFFICE_OF.search(before):
            continue
        return "dialogue"
    for tries, m in enumerate(SIGNING.finditer(lead_text)):
        if tries >= 12:
            break
        # "... where the two leaders signed the Logistics Exchange Memorandum of Agreement": the
        # lead reports a signing, unless the signing it mentions is an old one.
        if not SIGNING_PAST.search(lead_text, m.end(), m.end() + 80) and has_agreement(s + m.end()):
            return "signing"
    # At a forum, someone's travel told of later is the trip to the forum, not the engagement:
    # only the lead's own visit cue counts there.
    for tries, m in enumerate(VISIT.finditer(norm, s, e if at_forum else len(norm))):
        if tries >= 40:
            break
        if not _VISIT_ELSEWHEN.search(norm[max(0, m.start() - 50) : m.start()]):
            return "visit"
    if VISIT_LEAD.search(lead_text) or (title and VISIT_TITLE.search(title)):
        return "visit"
    if OTHER.search(norm, s, max(clause_end, s)) and not _TALKS.search(lead_text):
        return "other"
    if not has_people and n_countries < 2:
        return "other"
    return "meeting"


def _visit_in(norm: str, s: int, e: int) -> bool:
    return bool(VISIT.search(norm, s, e) or VISIT_LEAD.search(norm, s, e))
