"""Regular expressions built from word lists.

A gazetteer of hundreds of phrases compiled as a plain alternation makes the regex engine
try every alternative at every position. Factoring the phrases into a character trie gives
one pattern whose cost depends on the text, not on the size of the list, and whose greedy
branches prefer the longest phrase at a position ("Papua New Guinea" over "Guinea").
The trie has no nested unbounded quantifiers, so it cannot backtrack catastrophically.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from engagements.extraction.text import fold

_END = ""
_WORDISH = re.compile(r"\w")


def trie_regex(phrases: Iterable[str]) -> str:
    """One regex (no groups) matching any of `phrases`, longest first at a position."""
    root: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    if not root:
        return "(?!)"
    return _emit(root)


def _emit(node: dict) -> str:
    branches = []
    for ch in sorted(k for k in node if k != _END):
        child = node[ch]
        # Collapse single-child chains into a literal run: shorter pattern, same meaning.
        run = [ch]
        while len(child) == 1 and _END not in child:
            ((nxt, child),) = child.items()
            run.append(nxt)
        branches.append(re.escape("".join(run)) + _emit(child))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?"
    return body


def word_pattern(phrases: Iterable[str], *, ignore_case: bool = False) -> re.Pattern[str]:
    """Match any phrase as a whole word (not inside a longer word), on folded text."""
    folded = {fold(p) for p in phrases if p}
    if ignore_case:
        # Case variants compiled case-sensitively run several times faster than IGNORECASE:
        # the engine can rule out a position on its first character.
        folded = {v for p in folded for v in case_variants(p)}
    if folded and all(p[:1].isupper() or p[:1].isdigit() for p in folded):
        # Capitalised names: open with their first character, so the engine jumps between
        # candidate capitals in C, and check the word boundary just after it.
        return re.compile(_capital_trie(folded) + r"(?![\w])")
    # "\b" (not a lookbehind) opens the pattern when every phrase starts with a word
    # character: the engine then skips non-word stretches fast instead of trying the trie at
    # each of them, which matters on long runs of punctuation.
    start = r"\b" if all(_WORDISH.match(p) for p in folded) else r"(?<![\w])"
    return re.compile(start + "(?:" + trie_regex(folded) + r")(?![\w])")


def _capital_trie(phrases: set[str]) -> str:
    root: dict = {}
    for phrase in phrases:
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[_END] = {}
    # "(?<!\w.)" after the first character: the one before it is not part of a word.
    return "(?:" + "|".join(re.escape(ch) + r"(?<!\w.)" + _emit(root[ch]) for ch in sorted(root)) + ")"


def case_variants(phrase: str) -> set[str]:
    """How a phrase is cased in running text: as listed, lower, Sentence, Title and UPPER case."""
    low = phrase.lower()
    return {
        phrase,
        low,
        low[:1].upper() + low[1:],
        phrase[:1].upper() + phrase[1:],
        " ".join(w[:1].upper() + w[1:] for w in low.split(" ")),
        phrase.upper(),
    }


def any_of(regexes: Iterable[str], *, ignore_case: bool = True) -> re.Pattern[str]:
    """Join hand-written regexes from the data files into one pattern."""
    parts = [r for r in regexes if r]
    if not parts:
        return re.compile("(?!)")
    return re.compile("|".join(f"(?:{r})" for r in parts), re.IGNORECASE if ignore_case else 0)


def space_key(s: str) -> str:
    """How a matched phrase is looked up in a gazetteer: folded, single-spaced."""
    s = fold(s)
    if "  " in s or "\n" in s or s[:1].isspace() or s[-1:].isspace():
        return " ".join(s.split())
    return s
