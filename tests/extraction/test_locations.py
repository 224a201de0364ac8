"""Where the engagement took place (free text)."""

import pytest

from tests.extraction.helpers import run

CASES = [
    (
        "Secretary Austin met with Polish Minister Mariusz Blaszczak at the Pentagon to discuss Ukraine.",
        "The Pentagon",
    ),
    (
        "Secretary Austin met with Danish Minister Troels Lund Poulsen in Brussels on March 17.",
        "Brussels, Belgium",
    ),
    (
        "Yesterday in Amman, Secretary Austin met with His Majesty King Abdullah II of Jordan.",
        "Amman, Jordan",
    ),
    (
        "Secretary Hegseth met German Minister Boris Pistorius at NATO Headquarters in Brussels, Belgium.",
        "NATO Headquarters, Brussels, Belgium",
    ),
    (
        "Secretary Mattis met Vietnamese Minister Ngo Xuan Lich on the sidelines of the ADMM-Plus in Clark, Pampanga, Philippines.",
        "Clark, Pampanga, Philippines",
    ),
    ("Secretary Austin arrived in India for meetings with Prime Minister Narendra Modi.", "India"),
    (
        "Secretary Austin met with Indian Minister S. Jaishankar in Washington, D.C. today.",
        "Washington, D.C.",
    ),
    (
        "Wallander and Memmiche co-chaired the commission at U.S. Africa Command headquarters in Stuttgart, Germany.",
        "U.S. Africa Command headquarters, Stuttgart, Germany",
    ),
    (
        "Ambassador Leonard joined Air Marshal Oladayo Amao today at Kainji Air Base for the ceremony.",
        "Kainji Air Base",
    ),
    (
        "MUNICH, Feb. 15, 2020 - Defense Secretary Mark T. Esper met today with Ukrainian Minister of Defense Andriy Zagorodnyuk.",
        "Munich, Germany",
    ),
    # a call has no location; a country discussed is not one
    ("Secretary Austin spoke by phone with Japanese Minister Kihara Minoru in Tokyo.", None),
    (
        "Secretary Austin met with Polish Minister Mariusz Blaszczak to discuss support to forces in Ukraine.",
        None,
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_location(text, want):
    assert run(text).location == want
