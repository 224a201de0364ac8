"""Titles as reported, and what is stripped from names (ranks, honorifics, post-nominals)."""

import pytest

from tests.extraction.helpers import run

CASES = [
    (
        "Secretary of Defense Lloyd J. Austin III met with Polish Minister of National Defense Mariusz Blaszczak.",
        {"Lloyd J. Austin III": "Secretary of Defense", "Mariusz Blaszczak": "Minister of National Defense"},
    ),
    (
        "Acting Secretary of Defense Patrick M. Shanahan met with Thailand's Deputy Prime Minister and Minister of Defence General Prawit Wongsuwan.",
        {
            "Patrick M. Shanahan": "Acting Secretary of Defense",
            "Prawit Wongsuwan": "Deputy Prime Minister and Minister of Defence",
        },
    ),
    (
        "Principal Deputy Assistant Secretary of Defense for Indo-Pacific Security Affairs David Helvey met Indian officials.",
        {"David Helvey": "Principal Deputy Assistant Secretary of Defense for Indo-Pacific Security Affairs"},
    ),
    (
        "Secretary Austin met with Minister of State and Head of the Military House of the President Francisco Pereira Furtado.",
        {"Francisco Pereira Furtado": "Minister of State and Head of the Military House of the President"},
    ),
    (
        "Chairman of the Joint Chiefs of Staff Gen. Dan Caine met with Belgian Chief of Defense Gen. Frederik Vansina.",
        {"Dan Caine": "Chairman of the Joint Chiefs of Staff", "Frederik Vansina": "Chief of Defense"},
    ),
    (
        "Secretary Austin met with Israeli Chief of the General Staff Lt. Gen. Herzi Halevi.",
        {"Herzi Halevi": "Chief of the General Staff"},
    ),
    (
        "Secretary Austin met with the Minister of Defence of Malaysia, the Honorable Dato' Seri Mohamed Khaled Nordin.",
        {"Mohamed Khaled Nordin": "Minister of Defence"},
    ),
    (
        "U.S. Ambassador to Nigeria Mary Beth Leonard joined the Chief of the Air Staff of the Nigerian Air Force, Air Marshal Oladayo Amao, at Kainji Air Base.",
        {
            "Mary Beth Leonard": "Ambassador to Nigeria",
            "Oladayo Amao": "Chief of the Air Staff of the Nigerian Air Force",
        },
    ),
    (
        "Secretary of State Antony J. Blinken met with Kenyan Cabinet Secretary for Defence Aden Duale in Nairobi.",
        {"Antony J. Blinken": "Secretary of State", "Aden Duale": "Cabinet Secretary for Defence"},
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_titles(text, want):
    got = {p.name: p.title for p in run(text).participants}
    for name, title in want.items():
        assert got.get(name) == title, got


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Secretary Austin met with Indonesian Minister of Defense Lt. Gen. (Ret.) Prabowo Subianto.",
            "Prabowo Subianto",
        ),
        (
            "Secretary Austin met with Australian Deputy Prime Minister the Hon Richard Marles MP.",
            "Richard Marles",
        ),
        (
            "Secretary Austin met with Bruneian Minister of Defence II Pehin Datu Lailaraja Major General (Rtd) Dato Paduka Seri Haji Halbi.",
            "Halbi",
        ),
        (
            "Secretary Austin met with Qatari Minister of State for Defense Affairs Sheikh Saoud bin Abdulrahman Al Thani.",
            "Saoud bin Abdulrahman Al Thani",
        ),
        (
            "Secretary Austin met with Saudi Minister of Defense His Royal Highness Prince Khalid bin Salman.",
            "Khalid bin Salman",
        ),
    ],
)
def test_name_without_courtesies(text, name):
    names = [p.name for p in run(text).participants]
    assert any(n == name or n.endswith(name) for n in names), names
