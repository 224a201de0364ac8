"""The engagement date, resolved against the release date."""

import datetime as dt

import pytest

from tests.extraction.helpers import run

D = dt.date

# Published Thursday 16 May 2024 unless a case says otherwise.
CASES = [
    (
        "Secretary of Defense Lloyd J. Austin III met today with Japanese Minister of Defense Kihara Minoru.",
        None,
        D(2024, 5, 16),
    ),
    (
        "Yesterday in Manila, Secretary Austin met with Philippine Secretary of National Defense Gilberto Teodoro.",
        None,
        D(2024, 5, 15),
    ),
    (
        "Secretary Austin spoke this morning with Israeli Minister of Defense Yoav Gallant.",
        None,
        D(2024, 5, 16),
    ),
    (
        "Secretary Austin spoke by phone Tuesday evening with Polish Minister of National Defence Wladyslaw Kosiniak-Kamysz.",
        None,
        D(2024, 5, 14),
    ),
    (
        "On Monday, Secretary Austin hosted Dutch Minister of Defence Kajsa Ollongren at the Pentagon.",
        None,
        D(2024, 5, 13),
    ),
    ("Secretary Austin met with Italian Minister of Defense Guido Crosetto on May 2.", None, D(2024, 5, 2)),
    (
        "On March 17, 2022, Secretary Austin met with Finnish Minister of Defence Antti Kaikkonen.",
        None,
        D(2022, 3, 17),
    ),
    (
        "Secretary Austin met with Estonian Minister of Defence Hanno Pevkur on October 30, 2025.",
        D(2025, 10, 31),
        D(2025, 10, 30),
    ),
    (
        "Chairman of the Joint Chiefs of Staff Gen. Dan Caine met with Belgian Chief of Defense Gen. Frederik Vansina on Monday, June 16th, 2025.",
        D(2025, 6, 16),
        D(2025, 6, 16),
    ),
    (
        "WASHINGTON, June 3, 2014 - Defense Secretary Chuck Hagel met today in Brussels with the defense ministers of Latvia, Lithuania and Estonia.",
        D(2014, 6, 3),
        D(2014, 6, 3),
    ),
    (
        "Assistant Secretary Celeste Wallander co-chaired the talks Sept. 27-28, 2022 in Stuttgart, Germany.",
        D(2022, 9, 29),
        D(2022, 9, 27),
    ),
    # No year: the latest such date not after the release.
    (
        "Secretary Austin met with Norwegian Minister of Defence Bjorn Arild Gram December 30.",
        D(2025, 1, 2),
        D(2024, 12, 30),
    ),
    ("Secretary Austin met with Swedish Minister for Defence Pal Jonson 30 April.", None, D(2024, 4, 30)),
    # "tomorrow", "next Monday" are plans: the release date stands.
    (
        "Secretary Austin will meet tomorrow with Greek Minister of National Defence Nikos Dendias.",
        None,
        D(2024, 5, 16),
    ),
    # A later date in the text is another event; the lead has none, so the release date stands.
    (
        "Secretary Austin met with Japanese Minister of Defense Kihara Minoru.\nThey welcomed the trilateral meeting held on July 28.",
        None,
        D(2024, 5, 16),
    ),
    # The first date in the lead is the engagement's; a later one in it is background.
    (
        "On August 31, Secretary Austin spoke with Norwegian Minister of Defense Odd Roger Enoksen following the August 26 attack.",
        D(2024, 9, 1),
        D(2024, 8, 31),
    ),
    # A dateline line before the lead.
    (
        "NAIROBI, Kenya, Sept. 25, 2023 -\nSecretary of Defense Lloyd J. Austin III met with Kenyan Cabinet Secretary for Defence Aden Duale.",
        D(2023, 9, 26),
        D(2023, 9, 25),
    ),
    # "The meeting took place on ..." in the next sentence dates the engagement itself.
    (
        "Secretary Austin met with Indian Defence Minister Rajnath Singh. The meeting took place on May 10 at the Pentagon.",
        None,
        D(2024, 5, 10),
    ),
]


@pytest.mark.parametrize(("text", "published", "want"), CASES)
def test_engagement_date(text, published, want):
    ex = run(text, published or D(2024, 5, 16))
    assert ex.date == want


def test_unknowable_without_a_release_date():
    ex = run("Secretary Austin met today with the Minister.", None)
    assert ex.date is None


def test_explicit_date_needs_no_release_date():
    ex = run("On March 17, 2022, Secretary Austin met with Finnish Minister of Defence Antti Kaikkonen.", None)
    assert ex.date == D(2022, 3, 17)


def test_date_span_is_the_sentence_it_came_from():
    text = "Readout follows.\nOn May 2, Secretary Austin met with Italian Minister of Defense Guido Crosetto."
    ex = run(text)
    s, e = ex.date_span
    assert text[s:e].startswith("On May 2") and text[s:e].endswith("Crosetto.")


def test_may_the_verb_is_not_a_month():
    ex = run("Secretary Austin said the two countries may 4 times expand drills; they met today.")
    assert ex.date == D(2024, 5, 16)
