"""American and British spellings of the same words.

Readouts from London, Canberra, New Delhi or Singapore write "defence", "programme",
"modernisation"; the gazetteers are written once, in either, and matched in both.
"""

from __future__ import annotations

import re

_BRITISH = (
    (re.compile(r"defense"), "defence"),
    (re.compile(r"Defense"), "Defence"),
    (re.compile(r"program\b"), "programme"),
    (re.compile(r"programs\b"), "programmes"),
    (re.compile(r"(?<=[a-z]{3})iz(?=(?:e|es|ed|ing|ation|ations)\b)"), "is"),
    (re.compile(r"(?<=[a-z]{2})yz(?=(?:e|es|ed|ing)\b)"), "ys"),
    (re.compile(r"center"), "centre"),
    (re.compile(r"labor\b"), "labour"),
    (re.compile(r"honor"), "honour"),
    (re.compile(r"maneuver"), "manoeuvre"),
)


# The other way, for a gazetteer written in British spelling: only words that cannot turn
# into a different word ("-ise" can: "exercise", "promise").
_AMERICAN = (
    (re.compile(r"defence"), "defense"),
    (re.compile(r"Defence"), "Defense"),
    (re.compile(r"programme"), "program"),
    (re.compile(r"centre"), "center"),
    (re.compile(r"honour"), "honor"),
    (re.compile(r"manoeuvre"), "maneuver"),
    (re.compile(r"(?<=[a-z]{3})isation"), "ization"),
)


def spellings(phrase: str) -> set[str]:
    """The phrase in American and in British spelling."""
    british = american = phrase
    for pattern, repl in _BRITISH:
        british = pattern.sub(repl, british)
    for pattern, repl in _AMERICAN:
        american = pattern.sub(repl, american)
    return {phrase, british, american}
