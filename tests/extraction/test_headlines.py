"""A readout without a title gets one: its own headline line, else one made from the facts."""

import datetime as dt

import pytest

from engagements.extraction import parse_strict
from engagements.extraction.headlines import opening_headline

CALL = (
    "Raksha Mantri Shri Rajnath Singh spoke by telephone with the Deputy Prime Minister and "
    "Minister for Defence of Australia Mr Richard Marles on July 4, 2024."
)


def test_a_text_opening_with_a_headline_keeps_it():
    text = "India and Australia review defence ties\n" + CALL
    assert parse_strict(text, dt.date(2024, 7, 4)).title == "India and Australia review defence ties"


def test_without_a_headline_the_title_is_made_from_the_facts():
    assert parse_strict(CALL, dt.date(2024, 7, 5)).title == "Call: India - Australia, 4 Jul 2024"


def test_a_given_title_is_kept():
    assert parse_strict(CALL, dt.date(2024, 7, 5), title="  RM speaks to Australian DPM ").title == (
        "RM speaks to Australian DPM"
    )


def test_many_parties_are_counted_not_listed():
    text = (
        "Secretary of Defense Lloyd J. Austin III met the defense ministers of Estonia, Latvia, Lithuania, "
        "Poland and Finland in Brussels on June 13, 2024."
    )
    title = parse_strict(text, dt.date(2024, 6, 13)).title
    assert title.startswith("Multilateral: United States - ") and title.endswith(" and 3 more, 13 Jun 2024")


@pytest.mark.parametrize(
    "text",
    [
        CALL + "\nBoth ministers discussed cooperation.",  # a sentence
        "NEW DELHI, July 4:\n" + CALL,  # a dateline
        "Pentagon Press Secretary Pat Ryder provided the following readout:\n" + CALL,
        "1. On July 4, the dialogue was held.\n2. Both sides met.",  # a numbered paragraph
        "Headline alone",  # no text after it
    ],
)
def test_lines_that_are_not_headlines(text):
    assert opening_headline(text) is None
