"""Who published a readout: given (flag, JSONL field), an official site, the text, the default;
never a site that only copies a release. The publisher is a party; the U.S. is not assumed."""

import json

import pytest

from engagements.extraction import parse_strict
from engagements.extraction.jsonl import extract_lines, extract_record
from engagements.extraction.publishers import from_domain, tables
from tests.extraction.helpers import PUBLISHED, codes

JAPANESE_CALL = (
    "On July 4, Defense Minister KIHARA held a telephone talk with Mr. Richard Marles, Deputy Prime Minister "
    "and Minister for Defence of Australia."
)


def found(text, *, title=None, url=None, default="USA"):
    ex = parse_strict(text, PUBLISHED, title=title, url=url, default_publisher=default)
    return ex.publisher, ex.publisher_how, ex


# -- given -------------------------------------------------------------------------------


def test_the_flag_goes_before_the_records_own_field():
    record = {"id": "r", "text": JAPANESE_CALL, "published": "2024-07-05", "publisher": "AUS"}
    assert extract_record(record, publisher="JPN")["publisher"]["country"] == "JPN"
    assert extract_record(record, publisher="JPN")["publisher"]["found_by"] == "flag"


def test_a_records_publisher_field_goes_before_its_site_and_text():
    record = {"id": "r", "text": JAPANESE_CALL, "url": "https://www.defense.gov/News/x", "publisher": "AUS"}
    [row] = extract_lines([json.dumps(record)])
    assert row["publisher"] == {"country": "AUS", "found_by": "jsonl", "evidence": "AUS"}


def test_an_unknown_code_given_is_ignored_not_trusted():
    record = {"id": "r", "text": JAPANESE_CALL, "url": "https://www.mod.go.jp/en/article/x", "publisher": "XXX"}
    assert extract_record(record)["publisher"]["found_by"] == "domain"


# -- official sites ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://www.mod.go.jp/en/article/2024/07/abc.html", "JPN"),
        ("https://pib.gov.in/PressReleasePage.aspx?PRID=1", "IND"),
        ("https://www.gov.uk/government/news/defence-secretary-visits", "GBR"),
        ("https://www.defence.gov.au/news-events/releases/x", "AUS"),
        ("https://www.mindef.gov.sg/news-and-events/latest-releases/x", "SGP"),
        ("https://www.defense.gov/News/Releases/Release/Article/1/", "USA"),
        ("https://www.africom.mil/pressrelease/1/x", "USA"),
        ("https://gafonline.mil.gh/news/1087", "GHA"),  # Ghana's ".mil.gh", not a U.S. ".mil"
        ("https://za.usembassy.gov/a-release/", "USA"),
        ("www.kaitseministeerium.ee/en/news/x", "EST"),
    ],
)
def test_an_official_site_names_its_government(url, code):
    publisher = from_domain(url)
    assert publisher is not None and (publisher.code, publisher.how) == (code, "domain")


REPUBLISHERS = [
    "https://miragenews.com/us-defense-secretary-meets-1/",
    "https://www.einpresswire.com/article/1/readout",
    "https://military-online.blogspot.com/2021/04/readout.html",
    "https://allafrica.com/stories/201801290720.html",
    "https://www.marketscreener.com/news/x",
    "https://www.urdupoint.com/en/pakistan/x.html",
    "https://defence.pk/pdf/threads/x",
    # look-alikes of official hosts
    "https://defense.gov.example.com/x",
    "https://notdefense.gov/x",
    "http://mod.go.jp.news-copy.net/x",
]


@pytest.mark.parametrize("url", REPUBLISHERS)
def test_a_site_that_copies_a_release_is_no_publisher(url):
    assert from_domain(url) is None


@pytest.mark.parametrize("url", REPUBLISHERS)
def test_a_copied_release_is_read_for_its_publisher(url):
    code, how, _ = found(JAPANESE_CALL, url=url)
    assert (code, how) == ("JPN", "text")


def test_the_domain_table_lists_no_news_site():
    hosts = {h for entries in [tables().exact] for h in entries} | {s for s, _ in tables().suffixes}
    for url in REPUBLISHERS[:7]:
        host = url.split("/")[2].removeprefix("www.")
        assert not any(host == h or host.endswith("." + h.lstrip(".")) for h in hosts), host


# -- the text ----------------------------------------------------------------------------

TEXT_CASES = [
    # India: an office only India has, in the lead's subject
    (
        "Raksha Mantri Shri Rajnath Singh held a telephonic conversation with the Minister of Defence of "
        "Australia Mr Richard Marles on July 4, 2024.",
        None,
        "IND",
    ),
    # Japan: an upper-case family name after the minister's title
    (JAPANESE_CALL, None, "JPN"),
    # the United Kingdom
    ("The Secretary of State for Defence, John Healey, met his Estonian counterpart in London today.", None, "GBR"),
    # the United States
    ("Secretary of Defense Lloyd J. Austin III met with Philippine Secretary Gilberto Teodoro today.", None, "USA"),
    # the actor's country, stated
    (
        "Swedish Minister for Defence Pål Jonson received his German counterpart Boris Pistorius in Stockholm.",
        None,
        "SWE",
    ),
    # a dateline from home
    ("New Delhi: The Chief of the Army Staff met the Commander of the Royal Thai Army today.", None, "IND"),
    ("ABU DHABI, (WAM) - The Chief of Staff received the Commander of the Bahraini Navy.", None, "ARE"),
    # each side names itself first
    ("The dialogue was held in Tokyo on June 3.", "Japan-Philippines Vice-Ministerial Dialogue", "JPN"),
    # how a government calls itself
    ("Talks were held between the Sultanate and the State of Qatar in Muscat on Sunday.", None, "OMN"),
    # a headline filed under its country
    ("The two chiefs met in Nairobi on Monday.", "Kenya: Defence Chiefs Meet", "KEN"),
]


@pytest.mark.parametrize(("text", "title", "code"), TEXT_CASES)
def test_the_text_tells_who_published(text, title, code):
    got, how, ex = found(text, title=title)
    assert (got, how) == (code, "text")
    if ex.publisher_span is not None:
        s, e = ex.publisher_span
        assert text[s:e] == ex.publisher_evidence


def test_the_default_is_the_last_resort():
    got, how, _ = found("Defence officials discussed cooperation with the United States on Monday.", default="USA")
    assert (got, how) == ("USA", "default")


def test_without_any_sign_the_lead_actor_speaks_for_the_publisher():
    text = (
        "Defense Minister N.Enkhbold met Ahmet Yazal, Ambassador of Turkey to Mongolia, and they discussed "
        "training officers of the Mongolian armed forces."
    )
    got, how, ex = found(text)
    assert (got, how) == ("MNG", "text")
    assert codes(ex) == ["MNG", "TUR"]


# -- the publisher is a party; the U.S. is not assumed -----------------------------------


def test_a_foreign_publishers_release_has_no_us_party():
    _, _, ex = found(JAPANESE_CALL, url="https://www.mod.go.jp/en/article/x")
    assert codes(ex) == ["AUS", "JPN"]
    assert {(p.name, p.country) for p in ex.participants} == {("KIHARA", "JPN"), ("Richard Marles", "AUS")}


def test_the_us_is_a_party_when_the_text_makes_it_one():
    text = "Defense Minister HAMADA and Defense Secretary Austin held a telephone conference on October 4."
    _, _, ex = found(text, title="Japan-U.S. Defense Ministerial Telephone Conference", url="https://www.mod.go.jp/x")
    assert codes(ex) == ["JPN", "USA"]
    assert {(p.name, p.country) for p in ex.participants} == {("HAMADA", "JPN"), ("Austin", "USA")}


def test_the_first_of_two_actors_speaks_for_the_publisher():
    text = "Defense Minister Hamada and Secretary of Defense Austin held a telephone conference on October 4."
    got, how, _ = found(text, title="Japan-U.S. Defense Ministerial Telephone Conference")
    assert (got, how) == ("JPN", "text")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the U.S. named, not as the other side's: a DoD News style lead
        (
            "Defense Secretary Lloyd J. Austin III met with Singapore's Minister for Defence Ng Eng Hen to "
            "discuss the U.S.-Singapore partnership.",
            "USA",
        ),
        # the same office in a Philippine release, with a U.S. counterpart
        (
            "Defense Secretary Gilberto Teodoro Jr. met with U.S. Defense Secretary Lloyd Austin at Camp "
            "Aguinaldo, the Philippines, on Friday.",
            None,
        ),
    ],
)
def test_an_office_two_countries_hold(text, code):
    got, how, _ = found(text, default=None)
    if code:
        assert (got, how) == (code, "text")
    else:
        assert got != "USA"


def test_a_country_named_further_on_does_not_make_the_actor_its_own():
    text = (
        "Secretary Austin spoke today with Israeli Minister of Defense Yoav Gallant. They discussed the threat "
        "that Iran poses to the region."
    )
    got, how, ex = found(text)
    assert (got, how) == ("USA", "default")
    assert codes(ex) == ["ISR", "USA"]
