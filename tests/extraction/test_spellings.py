"""One gazetteer, both spellings: readouts are written in American and in British English."""

import pytest

from engagements.extraction.spellings import spellings


@pytest.mark.parametrize(
    ("phrase", "also"),
    [
        ("defense industry", "defence industry"),
        ("Seoul Defense Dialogue", "Seoul Defence Dialogue"),
        ("South Pacific Defence Ministers' Meeting", "South Pacific Defense Ministers' Meeting"),
        ("training programs", "training programmes"),
        ("modernization", "modernisation"),
        ("modernize", "modernise"),
    ],
)
def test_both_spellings(phrase, also):
    assert also in spellings(phrase)


@pytest.mark.parametrize("word", ["exercise", "promise", "size", "seize"])
def test_words_that_only_look_alike_are_left_alone(word):
    assert spellings(word) == {word}
