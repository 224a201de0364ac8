"""Countries that took part (ISO alpha-3, the publisher included), not countries merely named."""

import pytest

from engagements.extraction.countries import find_mentions
from engagements.extraction.text import fold
from tests.extraction.helpers import codes, run


@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Danish", "DNK"),
        ("Malaysian", "MYS"),
        ("U.S.", "USA"),
        ("United States of America", "USA"),
        ("UK", "GBR"),
        ("U.K.", "GBR"),
        ("United Kingdom", "GBR"),
        ("ROK", "KOR"),
        ("Republic of Korea", "KOR"),
        ("PRC", "CHN"),
        ("People's Republic of China", "CHN"),
        ("People\u2019s Republic of China", "CHN"),
        ("North Korean", "PRK"),
        ("DPRK", "PRK"),
        ("Turkiye", "TUR"),
        ("T\u00fcrkiye", "TUR"),
        ("Turkish", "TUR"),
        ("Philippine", "PHL"),
        ("the Philippines", "PHL"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("Emirati", "ARE"),
        ("Papua New Guinea", "PNG"),
        ("Czech Republic", "CZE"),
        ("Cote d'Ivoire", "CIV"),
        ("Kingdom of Norway", "NOR"),
        ("Kosovo", "XKX"),
        ("Bosnia and Herzegovina", "BIH"),
        ("Saudi", "SAU"),
        ("Kenyan", "KEN"),
    ],
)
def test_country_forms(phrase, code):
    found = find_mentions(fold(f"They met with the {phrase} delegation."))
    assert [m.code for m in found] == [code]


@pytest.mark.parametrize(
    "phrase",
    ["South China Sea", "Korean Peninsula", "Indian Ocean", "New Mexico", "Gulf of Guinea", "Latin American"],
)
def test_not_countries(phrase):
    assert find_mentions(fold(f"They discussed the {phrase} today.")) == []


CASES = [
    # participants' countries plus the publisher
    (
        "Secretary of Defense Lloyd J. Austin III spoke with German Minister of Defense Boris Pistorius about support to Ukraine.",
        ["DEU", "USA"],
    ),
    # a country discussed is not a party
    (
        "Secretary Austin met with Canadian Minister of National Defence Bill Blair in Brussels, Belgium, to discuss Russia's war against Ukraine.",
        ["CAN", "USA"],
    ),
    # a list after "ministers of"
    (
        "Defense Secretary Chuck Hagel met today in Brussels with the defense ministers of Latvia, Lithuania and Estonia.",
        ["EST", "LTU", "LVA", "USA"],
    ),
    # a group name: "his Baltic nation counterparts"
    ("Secretary Hagel met with his Baltic nation counterparts in Vilnius.", ["EST", "LTU", "LVA", "USA"]),
    # co-hosts and ministers "from"
    (
        "Deputy Secretary of Defense Kathleen Hicks addressed the Bucharest Nine Defense Ministerial today. Co-hosted by Romania and Poland, "
        "the forum brought together defense ministers from Bulgaria, the Czech Republic, Estonia, Hungary, Latvia, Lithuania, and Slovakia.",
        ["BGR", "CZE", "EST", "HUN", "LTU", "LVA", "POL", "ROU", "SVK", "USA"],
    ),
    # unnamed counterparts by demonym
    (
        "Principal Deputy Assistant Secretary of Defense David Helvey joined his Indian counterparts today for a virtual meeting.",
        ["IND", "USA"],
    ),
    # no people: the countries that signed
    (
        "Today in Oslo, the United States of America and the Kingdom of Norway concluded the Supplementary Defense Cooperation Agreement.",
        ["NOR", "USA"],
    ),
    # a third country in a later sentence about another meeting is not a party
    (
        "Secretary Austin met today with Japanese Minister of Defense Kihara Minoru in Tokyo. They welcomed the trilateral meeting "
        "with Republic of Korea Minister of National Defense Shin Won-sik on July 28.",
        ["JPN", "USA"],
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_engagement_countries(text, want):
    assert codes(run(text)) == want


def test_publisher_is_a_party_even_when_unnamed():
    ex = run("The Minister for Defence met with his Indonesian counterpart in Canberra.", publisher="AUS")
    assert codes(ex) == ["AUS", "IDN"]


def test_no_publisher():
    ex = run(
        "Minister of Defence Richard Marles met with Indonesian Minister of Defence Prabowo Subianto.",
        publisher=None,
    )
    assert "IDN" in codes(ex)
