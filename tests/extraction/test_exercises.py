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


def names_and_places(text: str, publisher: str = "USA") -> list[tuple[str, str | None]]:
    return [(x.name, x.location) for x in run(text, publisher=publisher).exercises]


# Other ministries' ways of naming exercises, as (publisher, text, [(name, location)]).
OTHER_PUBLISHERS = [
    ("SWE", "Swedish units took part in Exercise Aurora 17 on Gotland.", [("Aurora 17", "Gotland")]),
    (
        "MYS",
        "The chiefs opened Exercise Keris Strike 2018 in Malaysia and reviewed Exercise Bersama Warrior.",
        [("Keris Strike 2018", "Malaysia"), ("Bersama Warrior", None)],
    ),
    (
        "AUS",
        "Exercise BERSAMA SHIELD was a chance to work together. BERSAMA SHIELD 17 has shown the value of the arrangements.",
        [("BERSAMA SHIELD 17", None)],
    ),
    (
        "BRN",
        "The closing ceremony of Exercise MAJU BERSAMA Series 25/2022 was held today.",
        [("MAJU BERSAMA Series 25/2022", None)],
    ),
    (
        "IND",
        "The Defence Secretary thanked Singapore for co-hosting the maiden ASEAN-India Maritime Exercise in May.",
        [("ASEAN-India Maritime Exercise", None)],
    ),
    (
        "IND",
        "Exercise Mitra Shakti with Sri Lanka and Exercise Ekuverin with the Maldives will be held this year.",
        [("Mitra Shakti", None), ("Ekuverin", None)],
    ),
    (
        "GBR",
        "British and Kenyan soldiers yesterday took part in an integrated tactical training exercise in Laikipia County.",
        [("integrated tactical training exercise", "Laikipia County")],
    ),
    (
        "USA",
        "The Department of Defense thanked South Africa for hosting joint exercise Shared Accord in August.",
        [("Shared Accord", "South Africa")],
    ),
    (
        "IND",
        "The joint military exercise 'Shakti' between India and France began today in Umroi.",
        [("Shakti", "Umroi")],
    ),
    (
        "IND",
        "The 9th edition of Exercise Mitra Shakti-2023 commenced at Aundh Military Station today.",
        [("Mitra Shakti-2023", "Aundh Military Station")],
    ),
    # Several in one release, each in its own place.
    (
        "AUS",
        "The chiefs reviewed Exercise Pitch Black in Darwin and Exercise Talisman Sabre in Queensland.",
        [("Pitch Black", "Darwin, Australia"), ("Talisman Sabre", "Queensland")],
    ),
    (
        "PHL",
        "The ministers welcomed Balikatan 2024, held in Luzon, and Kamandag in Palawan.",
        [("Balikatan 2024", "Luzon"), ("Kamandag", "Palawan")],
    ),
    # A number of taking part is not an edition.
    ("THA", "Cobra Gold 30 nations took part in this year.", [("Cobra Gold", None)]),
]


@pytest.mark.parametrize(("publisher", "text", "want"), OTHER_PUBLISHERS)
def test_exercises_in_other_publishers_wording(publisher, text, want):
    assert names_and_places(text, publisher) == want


def test_an_exercise_is_not_placed_at_another_exercise():
    # Issue 12: CARAT got "Cobra Gold" as its location.
    text = "The leaders welcomed CARAT Malaysia and Malaysia's participation in Cobra Gold in Thailand."
    places = dict(names_and_places(text))
    assert places["CARAT"] != "Cobra Gold"
    assert places["Cobra Gold"] == "Thailand"
