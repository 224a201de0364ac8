"""Property tests: any text parses, into a valid Extraction, with every span inside the text."""

import datetime as dt
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagements.extraction import parse, parse_strict
from engagements.extraction.types import AGREEMENT_ACTIONS, AGREEMENT_KINDS, KINDS, TOPICS, Extraction
from tests.extraction.helpers import check_spans

# Words of the genre, so that generated text reaches the parser's deeper paths.
GENRE = st.sampled_from(
    [
        "Secretary",
        "of",
        "Defense",
        "Minister",
        "Lloyd",
        "J.",
        "Austin",
        "III",
        "met",
        "with",
        "spoke",
        "today",
        "yesterday",
        "Danish",
        "Malaysian",
        "U.S.",
        "ROK",
        "the",
        "Honorable",
        "Dato'",
        "Seri",
        "Gen.",
        "Adm.",
        "Dr.",
        "His",
        "Majesty",
        "King",
        "Sheikh",
        "bin",
        "von",
        "der",
        "signed",
        "a",
        "Memorandum",
        "Understanding",
        "Agreement",
        "renewal",
        "Roadmap",
        "for",
        "Cooperation",
        "Balikatan",
        "live",
        "fire",
        "HIMARS",
        "in",
        "Brussels",
        "on",
        "sidelines",
        "Shangri-La",
        "Dialogue",
        "NATO",
        "Ministerial",
        "March",
        "17,",
        "2022",
        "Monday",
        "counterpart",
        ",",
        ".",
        ";",
        ":",
        "(",
        ")",
        "\u201c",
        "\u201d",
        "'s",
        "-",
        "\n",
        "provided",
        "following",
        "readout",
        "agreed",
        "to",
        "finalize",
        "South",
        "China",
        "Sea",
        "terrorism",
        "region",
        "Exercise",
        "and",
        "Chairman",
        "Joint",
        "Chiefs",
        "Staff",
    ]
)
GENRE_TEXT = st.lists(GENRE, max_size=120).map(" ".join)
ANY_TEXT = st.text(max_size=600)
DATES = st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))


def assert_valid(text: str, ex: Extraction) -> None:
    assert isinstance(ex, Extraction)
    assert ex.kind in KINDS
    assert all(t.topic in TOPICS for t in ex.topics)
    assert all(a.kind in AGREEMENT_KINDS and a.action in AGREEMENT_ACTIONS for a in ex.agreements)
    assert all(len(c.code) == 3 and c.code.isupper() for c in ex.countries)
    assert ex.date is None or isinstance(ex.date, dt.date)
    check_spans(text, ex)
    ex.to_schema()  # serialisable shape


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_TEXT, published=DATES, title=st.one_of(st.none(), st.text(max_size=80)))
def test_any_text(text, published, title):
    assert_valid(text, parse_strict(text, published, title=title))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=GENRE_TEXT, published=DATES, title=st.one_of(st.none(), GENRE_TEXT))
def test_genre_words(text, published, title):
    assert_valid(text, parse_strict(text, published, title=title))


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_parse_never_raises_on_non_text(bad):
    assert parse(bad) == Extraction()  # type: ignore[arg-type]


ADVERSARIAL = {
    "one long word": "a" * 100_000,
    "title words": "Secretary of Secretary of " * 4_000,
    "capitalised words": "Alpha Bravo Charlie Delta " * 4_000,
    "no punctuation": "the secretary met with the minister today to discuss " * 2_000,
    "nested quotes": '("\u201c' * 25_000 + '\u201d")' * 8_000,
    "dots": "." * 100_000,
    "initials": "A. " * 33_000,
    "hyphens": "a" + "-" * 100_000,
    "country runs": "U.S.-" * 20_000,
    "honorifics": "the Honorable Dato' Seri " * 4_000,
    "agreements": "Agreement of " * 8_000,
    "live fires": "live fire of " * 8_000,
    "particles": "Mohamed bin " * 9_000,
    "sidelines": "on the sidelines of the " * 4_000,
    "counterparts": "Danish and " * 10_000 + "counterparts, Minister X",
    # shapes of other governments' readouts (publisher detection, sides, appositive titles)
    "sides": "the Qatari side was chaired by Dr Khalid Al Attiyah, " * 2_000,
    "own side": "The Sultanate's side was chaired by Sayyid Badr Al Busaidi and " * 1_600,
    "titles after commas": "Adm. Steve Koehler, Commander, U.S. Pacific Fleet, " * 2_000,
    "visited hosts": "visited Niger and Chad and " * 4_000,
    "pairs": "Japan-U.S. " * 9_000,
    "delegations": "a delegation of the Cambodian Royal Armed Forces led by General Vong Pisen, " * 1_300,
}


@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_adversarial_input_is_linear(name):
    # Guards against catastrophic backtracking and quadratic scans, not a speed measurement
    # (bench/parse_speed.py measures): the bound is loose for slow, busy CI machines.
    text = ADVERSARIAL[name]
    parse_strict("warm up", dt.date(2024, 1, 1))
    started = time.perf_counter()
    ex = parse_strict(text, dt.date(2024, 1, 1), title=text[:500])
    elapsed = time.perf_counter() - started
    assert_valid(text, ex)
    assert elapsed < 2.0, f"{name}: {elapsed:.2f}s"
