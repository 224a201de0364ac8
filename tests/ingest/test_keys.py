"""Keys that make one row of a person, an agreement or an exercise named in many readouts."""

import pytest

from engagements.ingest.keys import agreement_key, exercise_key, person_key, same_person


@pytest.mark.parametrize(
    "a, b",
    [
        ("Lloyd J. Austin III", "Lloyd Austin"),
        ("Jim Mattis", "James N. Mattis"),
        ("Dato' Seri Mohamed Khaled Nordin", "Mohamed Khaled Nordin"),
        ("Gen. Frederik Vansina", "Frederik Vansina"),
        ("Morten Bødskov", "Morten Bodskov"),
    ],
)
def test_forms_of_one_name_share_a_key(a, b):
    assert person_key(a) == person_key(b)


def test_a_surname_alone_matches_the_full_name_but_not_another_person():
    assert same_person(["austin"], ["lloyd", "austin"])
    assert not same_person(["mark", "esper"], ["mark", "milley"])


def test_editions_of_a_named_exercise_are_one_exercise():
    assert exercise_key("Balikatan 2025", None, True) == exercise_key("Balikatan", None, True)
    assert exercise_key("Talisman Sabre 2023", None, True) != exercise_key("Talisman Sabre", "Queensland", False)


def test_a_standard_agreement_is_one_per_pair_of_parties():
    acsa = agreement_key("ACSA", "Acquisition and Cross-Servicing Agreement", ["MYS", "USA"])
    assert acsa == agreement_key("ACSA", "the ACSA renewal", ["USA", "MYS"])
    assert acsa != agreement_key("ACSA", "Acquisition and Cross-Servicing Agreement", ["PHL", "USA"])
    mou = agreement_key("MOU", "U.S.-Malaysia Memorandum of Understanding on Defense Cooperation", ["MYS", "USA"])
    assert mou == agreement_key("MOU", "the Memorandum of Understanding on Defense Cooperation", ["MYS", "USA"])
