"""Text as the parser sees it: a same-length folded copy, tokens with offsets.

Every span the parser reports indexes the caller's original text, so normalisation must
never change a character's position. `fold` only swaps one character for another (curly
quotes for straight ones, dashes for hyphens, odd spaces for a space); the folded text has
exactly the original's length and all regexes run on it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FOLD = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "\u2032": "'",
        "`": "'",
        "\u00b4": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2011": "-",
        "\u2010": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\t": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u3000": " ",
        "\r": "\n",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x85": "\n",
    }
)


def fold(text: str) -> str:
    """Same-length normalisation: quotes, dashes and spaces to their plain forms."""
    return text.translate(_FOLD)


# A token is an abbreviation with inner dots (U.S., D.C.), a word (letters, digits,
# apostrophes and hyphens inside it), or one other non-space character.
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[^\W_](?:[\w'\-]*[^\W_])?|\S")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def cap(self) -> bool:
        """Starts with an upper-case letter."""
        return self.text[:1].isupper()

    @property
    def bare(self) -> str:
        """The word without a possessive ending ("Poland's" -> "Poland")."""
        t = self.text
        return t[:-2] if t.endswith("'s") and len(t) > 2 else t

    @property
    def possessive(self) -> bool:
        return self.text.endswith("'s")


def tokenize(norm: str, start: int = 0, end: int | None = None) -> list[Token]:
    return [
        Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(norm, start, len(norm) if end is None else end)
    ]


def squash(s: str) -> str:
    """Collapse runs of whitespace, for names and titles read out of the text."""
    return " ".join(s.split())
