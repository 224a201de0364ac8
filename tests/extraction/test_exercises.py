"""Military exercises: named ones, and described ones (a live fire with its systems and place)."""

import pytest

from tests.extraction.helpers import run


def names(text: str) -> list[str]:
    return [e.name for e in run(text).exercises]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Secretary Mattis thanked Malaysia for its participation in Tiger Strike, Cooperation Afloat Readiness and Training, and Rim of the Pacific.",
            ["Tiger Strike", "Cooperation Afloat Readiness and Training", "Rim of the Pacific"],
        ),
        ("The leaders backed multilateral exercises such as COBRA GOLD.", ["COBRA GOLD"]),
        ("They looked ahead to Balikatan 2025 and to CARAT.", ["Balikatan 2025", "CARAT"]),
        (
            "The minister thanked the Chilean Navy for its part in RIMPAC 2022 and in UNITAS LXIII.",
            ["RIMPAC 2022", "UNITAS LXIII"],
        ),
        ("The Ministers looked forward to Exercise Keris Woomera in East Java.", ["Keris Woomera"]),
        ("They welcomed the growth of the Sea Breeze exercise in the Black Sea.", ["Sea Breeze"]),
        ("They praised the Northern Shield exercise held with Nordic allies.", ["Northern Shield"]),
        ("The two armies held 14 bilateral and multilateral exercises and regular joint training.", []),
        ("U.S. forces train and exercise in Norway under the agreement.", []),
    ],
)
def test_exercise_names(text, want):
    assert names(text) == want


def test_exercise_place_and_countries():
    ex = run(
        "Assistant Secretary Wallander met Tunisian Minister Imed Memmiche. They reflected on recent joint military exercises in Tunisia "
        "such as Phoenix Express and African Lion."
    )
    got = {(e.name, e.location, tuple(e.countries)) for e in ex.exercises}
    assert got == {
        ("Phoenix Express", "Tunisia", ("TUN", "USA")),
        ("African Lion", "Tunisia", ("TUN", "USA")),
    }


def test_described_live_fire():
    ex = run(
        "Secretary Hegseth met Malaysian Minister Mohamed Khaled Nordin. They noted the recent joint long-range precision live fire "
        "of U.S. HIMARS and Malaysian ASTROS in the Straits of Malacca."
    )
    (fire,) = ex.exercises
    assert fire.name == "long-range precision live fire of U.S. HIMARS and Malaysian ASTROS"
    assert fire.location == "Straits of Malacca"
    assert fire.named is False
    assert fire.systems == ["ASTROS", "HIMARS"]
    assert fire.countries == ["MYS", "USA"]
