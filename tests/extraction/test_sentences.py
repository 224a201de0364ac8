"""Sentence spans: every fact's evidence is a whole sentence of the caller's text."""

import pytest

from engagements.extraction.sentences import MAX_SENTENCE, split
from engagements.extraction.text import fold


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split(fold(text))]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Gen. Dan Caine met Gen. Frederik Vansina. They talked.",
            ["Gen. Dan Caine met Gen. Frederik Vansina.", "They talked."],
        ),
        (
            "Secretary Lloyd J. Austin III met the U.S. Army chief. He left.",
            ["Secretary Lloyd J. Austin III met the U.S. Army chief.", "He left."],
        ),
        (
            "They met Sept. 27 in Washington, D.C. and talked.",
            ["They met Sept. 27 in Washington, D.C. and talked."],
        ),
        (
            "Kirby provided the following readout:\nAustin met Reznikov.",
            ["Kirby provided the following readout:", "Austin met Reznikov."],
        ),
        (
            "He said, \u201cWe stand together.\u201d Then he left.",
            ["He said, \u201cWe stand together.\u201d", "Then he left."],
        ),
        (
            "Dr. Wallander met Mr. Memmiche (Tunisia). They agreed.",
            ["Dr. Wallander met Mr. Memmiche (Tunisia).", "They agreed."],
        ),
        ("  Leading space. Trailing space.  ", ["Leading space.", "Trailing space."]),
        ("", []),
    ],
)
def test_split(text, want):
    assert sentences(text) == want


def test_fold_keeps_offsets():
    text = "Ministers\u2019 \u201cmeeting\u201d \u2013 today\u00a0\r\n"
    assert len(fold(text)) == len(text)


def test_overlong_run_is_cut_at_spaces():
    text = "word " * 2000
    spans = split(fold(text))
    assert all(e - s <= MAX_SENTENCE for s, e in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text.rstrip())
