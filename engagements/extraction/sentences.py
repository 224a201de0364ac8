"""Sentence spans, and which sentences report the engagement.

A fact's evidence is the sentence it came from, so spans are sentence boundaries in the
caller's text. Periods after abbreviations common in the genre (Gen., Dr., U.S., Sept., an
initial "J.") do not end a sentence; a line break always does (readouts put the spokesperson
line and each paragraph on their own lines).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import word_pattern

Span = tuple[int, int]

# Words whose trailing period is an abbreviation, not a full stop.
_ABBREVIATIONS = frozenset(
    """
Gen Lt Dr Mr Mrs Ms Mx St Jr Sr No Nos Adm Col Maj Capt Cmdr Cdr Brig Sgt Cpl Pvt Spc Ret
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Mon Tue Tues Wed Thu Thurs Fri Sat Sun
Gov Sen Rep Reps Hon Prof Amb Rev Fr Msgr Inc Co Corp Ltd Ft Mt Rt vs etc approx est Dept Div
Vol Art Sec Amdt Gens Adms Lts Cols Maj-Gen Lt-Gen Brig-Gen Engr Atty Pres Supt Cmdt Assn
""".split()
)

# Candidate ends: a sentence mark (with closing quotes or brackets) before whitespace, or a
# line break.
# The pattern opens with the mark itself, so the engine skips to candidates fast. Each run of
# marks is tried once, from its first mark (the first lookbehind), and possessive quantifiers
# never give back: a 100 kB run of dots costs one linear pass. An initial ("Lloyd J. Austin")
# is ruled out in the pattern (the second lookbehind): a long list of them must not cost a
# Python check each.
_END = re.compile(r"[.!?](?<![.!?][.!?])(?<!(?<![\w.])[A-Z][.!?])[.!?]*+['\")\]]*+(?=\s)|\n")


def split(norm: str) -> list[Span]:
    """Sentence spans over the folded text (same offsets as the original)."""
    spans: list[Span] = []
    start = 0
    n = len(norm)
    for m in _END.finditer(norm):
        end = m.end()
        if m.group() != "\n" and not _is_boundary(norm, m.start(), end):
            continue
        _add(norm, start, end, spans)
        start = end
    _add(norm, start, n, spans)
    return spans


def _is_boundary(norm: str, mark: int, end: int) -> bool:
    # What follows must open a sentence: a capital, a digit or an opening quote.
    nxt = end
    n = len(norm)
    while nxt < n and norm[nxt] == " ":
        nxt += 1
    if nxt >= n or norm[nxt] == "\n":
        return True
    ch = norm[nxt]
    if not (ch.isupper() or ch.isdigit() or ch in "\"'(["):
        return False
    if norm[mark] != ".":
        return True
    # The word before the period, found without a regex: this runs at every period.
    lo = max(0, mark - 20)
    sp = max(
        norm.rfind(" ", lo, mark),
        norm.rfind("\n", lo, mark),
        norm.rfind("(", lo, mark),
        norm.rfind('"', lo, mark),
    )
    word = norm[sp + 1 if sp >= 0 else lo : mark]
    if word in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():  # an initial: "Lloyd J. Austin"
        return False
    if "." in word and len(word) <= 12:  # U.S., D.C., U.N.
        return False
    return True


# A "sentence" longer than this is not one (a pasted table, a run-on without stops): it is
# cut at a space, so that a fact's evidence stays readable and no per-sentence search can
# run over the whole text.
MAX_SENTENCE = 1500


def _add(norm: str, start: int, end: int, spans: list[Span]) -> None:
    seg = norm[start:end]
    stripped = seg.lstrip()
    start += len(seg) - len(stripped)
    end -= len(stripped) - len(stripped.rstrip())
    while end - start > MAX_SENTENCE:
        cut = norm.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _add(norm, start, cut, spans)
        start = cut
        while start < end and norm[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


ENGAGEMENT_VERB = word_pattern(load("kinds")["engagement_words"], ignore_case=True)
# The spokesperson's line and similar framing: not a sentence about the engagement.
_FOLLOWING = re.compile(
    r"\b(?:provided|released|issued|gave|offered) the following\b"
    r"|\bthe following (?:readout|statement|is attributed)\b|\bis attributed to\b"
)
_FRAME_LINE = re.compile(
    r"[A-Z][A-Z .,\-]{2,40}-\s*$|(?:Readout|Release No|Contact|Media|Office of the Spokesperson)\b"
)


def preamble(norm: str, span: Span) -> bool:
    s, e = span
    if _FRAME_LINE.match(norm, s, e):
        return True
    low = norm[s:e].lower()
    return ("following" in low or "attributed" in low) and bool(_FOLLOWING.search(low))


# The lead is among the first sentences of a readout; the search stops after this many.
LEAD_WITHIN = 12


def lead_index(norm: str, spans: list[Span], pre: list[bool]) -> int | None:
    """The first sentence that reports the engagement (has a meeting/call/visit verb)."""
    first = None
    looked = 0
    for i, (s, e) in enumerate(spans):
        if pre[i]:
            continue
        if first is None:
            first = i
        if ENGAGEMENT_VERB.search(norm, s, e):
            return i
        looked += 1
        if looked >= LEAD_WITHIN:
            break
    return first


def index_of(starts: list[int], pos: int) -> int:
    """The sentence holding offset `pos`, given the sentences' start offsets (or -1)."""
    return bisect_right(starts, pos) - 1


def hit(patterns: list[re.Pattern[str]], norm: str, spans: list[Span]) -> list[int]:
    """Indices of the sentences in which any of `patterns` matches, in order. One pass over
    the text per pattern instead of one search per sentence."""
    starts = [s for s, _ in spans]
    found: set[int] = set()
    for pattern in patterns:
        for m in pattern.finditer(norm):
            i = index_of(starts, m.start())
            if i >= 0 and m.start() < spans[i][1]:
                found.add(i)
    return sorted(found)


def preambles(norm: str, spans: list[Span]) -> list[bool]:
    """Which sentences are the spokesperson's line, a bare dateline or a release number: only
    the first few and last two sentences can be."""
    flags = [False] * len(spans)
    n = len(spans)
    for i in {*range(min(n, 4)), *range(max(0, n - 2), n)}:
        flags[i] = preamble(norm, spans[i])
    return flags
