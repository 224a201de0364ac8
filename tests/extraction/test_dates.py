"""The engagement date, resolved against the release date."""

import datetime as dt

import pytest

from engagements.extraction import dates
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


# Other ministries' ways of dating an engagement (published Thursday 16 May 2024), as
# (publisher, text, want).
OTHER_PUBLISHERS = [
    ("GBR", "On 9 May the Defence Secretary met his Norwegian counterpart in London.", D(2024, 5, 9)),
    (
        "GBR",
        "The Defence Secretary hosted the Polish Minister of National Defence on Tuesday (7 May) in London.",
        D(2024, 5, 7),
    ),
    (
        "JPN",
        "On May 14, Defense Minister KIHARA held a telephone talk with the Minister of Defence of Italy.",
        D(2024, 5, 14),
    ),
    (
        "IND",
        "Raksha Mantri Shri Rajnath Singh held a telephonic conversation with the Defence Minister of Greece on May 09, 2024.",
        D(2024, 5, 9),
    ),
    ("SGP", "The two delegations met in Singapore on 13-14 May 2024 for the annual policy talks.", D(2024, 5, 13)),
    ("FIN", "The permanent secretary attended talks in Washington on 6 to 7 May.", D(2024, 5, 6)),
    ("AUS", "The Chief of the Defence Force met the Thai Chief of Defence Forces on the 10th of May.", D(2024, 5, 10)),
    ("POL", "On Friday (3 May) the Minister of National Defence met his German counterpart.", D(2024, 5, 3)),
    (
        "GHA",
        "The delegation called on the Chief of the Defence Staff on Wednesday 15 May 2024 at Burma Camp.",
        D(2024, 5, 15),
    ),
    ("UKR", "On 21.12.2023 the Minister of Defence met the Secretary of State for Defence in Kyiv.", D(2023, 12, 21)),
    ("USA", "On 12/21/2023 the Secretary met the Minister of Defence of Poland.", D(2023, 12, 21)),
]


@pytest.mark.parametrize(("publisher", "text", "want"), OTHER_PUBLISHERS)
def test_other_publishers_date_styles(publisher, text, want):
    assert run(text, D(2024, 5, 16), publisher=publisher).date == want


@pytest.mark.parametrize(
    ("publisher", "want"),
    [("USA", D(2024, 5, 16)), ("AUS", None), ("GBR", None)],
)
def test_an_undated_readout_is_dated_by_its_release_only_where_releases_are_same_day(publisher, want):
    ex = run(
        "The Chief of Defence welcomed his Thai counterpart to Canberra this week.", D(2024, 5, 16), publisher=publisher
    )
    assert ex.date == want


def test_another_ministrys_dateline_dates_the_release_not_the_engagement():
    text = "ISLAMABAD, (News Agency - 29th Aug, 2024) A Pakistan Navy ship visited Salalah, Oman and exercised with an Omani ship."
    assert run(text, D(2024, 8, 29), publisher="PAK").date is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("NEW DELHI, 9 July 2021 - The Raksha Mantri spoke with his counterpart.", D(2021, 7, 9)),
        ("Tokyo, October 21, 2022:\nThe Defense Minister met the visiting Chief of Army.", D(2022, 10, 21)),
        ("Posted On: 09 JUL 2021 5:47PM by the press bureau\nThe Raksha Mantri spoke by phone.", D(2021, 7, 9)),
        # No dateline: a date deep in the first line is an event, not the release.
        ("The minister recalled the talks both sides held in the capital of Kenya on 3 March 2019.", None),
        ("The minister met his counterpart today.", None),
    ],
)
def test_release_date_from_a_dateline(text, want):
    assert dates.release_date(text) == want


def test_a_readout_without_a_release_date_resolves_today_by_its_dateline():
    ex = run(
        "NEW DELHI, 9 July 2021 - The Raksha Mantri spoke today with the Israeli Defence Minister.",
        None,
        publisher="IND",
    )
    assert ex.date == D(2021, 7, 9)


def test_an_ambiguous_numeric_date_is_not_guessed():
    # April 3 or March 4: the release date stands for a same-day publisher.
    assert run("On 03/04/2024 the Secretary met the Minister of Defence of Chile.", D(2024, 5, 16)).date == D(
        2024, 5, 16
    )
