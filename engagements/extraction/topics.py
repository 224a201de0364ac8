"""Topics from the controlled vocabulary (SCHEMA.md TOPICS), by weighted cue phrases.

All cue phrases (data/topics.toml) are compiled into one case-insensitive trie regex; a match
looks its cue up by the matched text. A topic is reported when its cues' weights add up to
the threshold, so a lone weak cue ("the region", "a terrorist attack") does not make a topic
but two do. A partner from a listed region (a Gulf state, Israel, Jordan) makes the
engagement about that region's topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import any_of, space_key, word_pattern
from engagements.extraction.sentences import index_of
from engagements.extraction.spellings import spellings
from engagements.extraction.types import TOPICS, TopicFact


@dataclass(frozen=True)
class Context:
    topics: tuple[str, ...]
    weight: float
    after: re.Pattern[str] | None  # matched on the lower-cased text right after the word
    before: re.Pattern[str] | None  # must end right before the word, on the text as written


@dataclass(frozen=True)
class TopicCues:
    pattern: re.Pattern[str]  # phrases, context trigger words and negations, in one pass
    cues: dict[str, list[tuple[tuple[str, ...], float, re.Pattern[str] | None]]]
    threshold: float
    contexts: dict[str, list[Context]]
    party_topics: frozenset[str]  # topics a party's own name speaks for ("china" in talks with China)


@cache
def cues() -> TopicCues:
    data = load("topics")
    table: dict[str, list[tuple[tuple[str, ...], float, re.Pattern[str] | None]]] = {}
    for cue in data["cue"]:
        topics = tuple(t for t in cue["topics"] if t in TOPICS)
        weight = float(cue.get("weight", 1.0))
        negative = any_of(cue["negative"]) if cue.get("negative") else None
        for phrase in cue.get("phrases", []):
            for form in spellings(phrase):
                entries = table.setdefault(space_key(form).lower(), [])
                if (topics, weight, negative) not in entries:
                    entries.append((topics, weight, negative))
    contexts: dict[str, list[Context]] = {}
    for ctx in data.get("context", []):
        rule = Context(
            topics=tuple(t for t in ctx["topics"] if t in TOPICS),
            weight=float(ctx.get("weight", 1.0)),
            after=re.compile(ctx["after"]) if ctx.get("after") else None,
            before=re.compile(ctx["before"]) if ctx.get("before") else None,
        )
        for word in ctx["words"]:
            contexts.setdefault(word.lower(), []).append(rule)
    # One trie over the lower-cased text (same length, so offsets hold): cheaper than an
    # IGNORECASE pattern, and than three passes. Where a trigger word starts a longer phrase,
    # the phrase is matched and both are read.
    pattern = word_pattern([*table, *contexts, *_NEGATIONS])
    return TopicCues(
        pattern, table, float(data.get("threshold", 1.0)), contexts, frozenset(data.get("party_topics", []))
    )


MAX_CUES = 1500  # cue matches read per text: a readout has tens; more is not prose


# "does not provide for the stationing of troops": a cue under negation does not count.
_NEGATIONS = ("not", "no", "never", "without", "nor")
_NEGATED = re.compile(r"\b(?:not|no|never|without|nor)\b(?! only\b)[^.,;]{0,40}$", re.IGNORECASE)


def find(
    norm: str,
    sentences: list[tuple[int, int]],
    skip: set[int],
    partner_codes: set[str],
    regions: dict[str, frozenset[str]],
    lead_span: tuple[int, int] | None,
    party_names: list[tuple[int, int]] | None = None,
) -> list[TopicFact]:
    """The topics the text discusses. `party_names` are where the text names a party country
    ("the Defence Minister of Israel", "the Russian delegation"): naming a party is not
    discussing its region or its war, so a cue there does not count."""
    tc = cues()
    named_party = {start for start, _ in party_names or ()}
    score: dict[str, float] = {}
    first_span: dict[str, tuple[int, int]] = {}
    starts = [s for s, _ in sentences]

    def where(pos: int) -> tuple[int, int] | None:
        si = index_of(starts, pos)
        if si < 0 or si in skip or pos >= sentences[si][1]:
            return None
        return sentences[si]

    low = norm.lower()
    if len(low) != len(norm):  # a few characters lower-case to two; keep offsets exact
        low = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in norm)
    last_negation = -1000

    def add(topics: tuple[str, ...], weight: float, span: tuple[int, int]) -> None:
        for topic in topics:
            score[topic] = score.get(topic, 0.0) + weight
            first_span.setdefault(topic, span)

    for n, m in enumerate(tc.pattern.finditer(low)):
        if n >= MAX_CUES:
            break
        g = m.group()  # already folded and lower-cased; only odd spacing needs squashing
        if g in _NEGATIONS:
            last_negation = m.end()
            continue
        span = where(m.start())
        if span is None:
            continue
        s, e = span
        # A "not"/"no"/"without" shortly before, in the same clause.
        if m.start() - last_negation <= 45 and _NEGATED.search(low, max(s, m.start() - 45), m.start()):
            continue
        key = g if "  " not in g and "\n" not in g else " ".join(g.split())
        for topics, weight, negative in tc.cues.get(key, ()):
            if m.start() in named_party:
                topics = tuple(t for t in topics if t in tc.party_topics)
            if negative is None or not negative.search(norm[max(s, m.start() - 12) : min(e, m.end() + 16)]):
                add(topics, weight, span)
        # Context cues start at this word, whatever phrase it begins.
        word = key.split(" ", 1)[0]
        for rule in tc.contexts.get(key, ()) or tc.contexts.get(word, ()):
            if rule.after is not None and not rule.after.match(low, m.start() + len(word), e):
                continue
            if rule.before is not None and not rule.before.search(norm, max(s, m.start() - 40), m.start()):
                continue
            add(rule.topics, rule.weight, span)
    for topic, codes in regions.items():
        if topic in TOPICS and partner_codes & codes:
            score[topic] = score.get(topic, 0.0) + tc.threshold
            if lead_span:
                first_span.setdefault(topic, lead_span)
    out = []
    for topic in TOPICS:
        if score.get(topic, 0.0) >= tc.threshold - 1e-9 and topic in first_span:
            out.append(TopicFact(topic, first_span[topic]))
    return out
