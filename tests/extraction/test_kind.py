"""The kind of engagement (SCHEMA.md KINDS)."""

import pytest

from tests.extraction.helpers import run

CASES = [
    (
        "Secretary of Defense Lloyd J. Austin III met with Polish Minister of National Defense Mariusz Blaszczak at the Pentagon.",
        None,
        "meeting",
    ),
    ("Secretary Austin spoke by phone today with Italian Minister of Defense Guido Crosetto.", None, "call"),
    (
        "Secretary Austin spoke with Romanian Minister of National Defense Angel Tilvar to discuss the Black Sea.",
        None,
        "call",
    ),
    (
        "Secretary Austin held a video teleconference with Australian Deputy Prime Minister Richard Marles.",
        None,
        "call",
    ),
    (
        "Secretary Hegseth had a constructive introductory call with Panamanian Minister of Public Security Frank Abrego.",
        None,
        "call",
    ),
    (
        "Secretary Austin arrived in Nairobi today and met with Kenyan Cabinet Secretary for Defence Aden Duale.",
        None,
        "visit",
    ),
    (
        "Secretary Austin met with Israeli Minister of Defense Yoav Gallant in Tel Aviv. He later visited troops at a northern base.",
        None,
        "visit",
    ),
    (
        "Secretary Austin hosted Qatari Deputy Prime Minister Khalid Al Attiyah at the Pentagon with a full honor cordon.",
        None,
        "visit",
    ),
    (
        "Secretary Austin met with Indian Defence Minister Rajnath Singh in New Delhi.",
        "Readout of Secretary Austin's Visit to India",
        "visit",
    ),
    (
        "Deputy Secretary Hicks hosted the fourth U.S.-U.K. Defense Dialogue today with her U.K. counterpart.",
        None,
        "dialogue",
    ),
    (
        "Assistant Secretary Wallander and Tunisian Minister Imed Memmiche co-chaired the 36th U.S.-Tunisia Joint Military Commission.",
        None,
        "dialogue",
    ),
    (
        "The officials convened the 12th U.S.-Morocco Defense Consultative Committee in Rabat.",
        None,
        "dialogue",
    ),
    (
        "Secretary Austin hosted Colombian Minister of Defense Ivan Velasquez for a meeting to set the agenda for the next Bilateral Working Group.",
        None,
        "meeting",
    ),
    (
        "Secretary Austin met with Vietnamese Minister of National Defense Phan Van Giang on the margins of the Shangri-La Dialogue in Singapore.",
        None,
        "meeting",
    ),
    (
        "Today in Oslo, the United States and Norway concluded the Supplementary Defense Cooperation Agreement.",
        None,
        "signing",
    ),
    (
        "Secretary Carter hosted Indian Minister Manohar Parrikar at the Pentagon, where the two leaders signed the Logistics Exchange Memorandum of Agreement.",
        None,
        "signing",
    ),
    (
        "Secretary Austin met with Greek Minister Nikos Dendias. They reviewed the agreement signed in 2021.",
        None,
        "meeting",
    ),
    (
        "Defense Secretary Chuck Hagel met today in Brussels with the defense ministers of Latvia, Lithuania and Estonia.",
        None,
        "multilateral",
    ),
    (
        "Secretary Austin hosted a trilateral meeting with Japanese Minister Kihara Minoru and Australian Minister Richard Marles.",
        None,
        "multilateral",
    ),
    (
        "U.S. Ambassador Mary Beth Leonard joined Nigerian Air Marshal Oladayo Amao at the induction ceremony for twelve aircraft.",
        None,
        "other",
    ),
    (
        "Secretary Rumsfeld and Greek Minister Yannos Papantoniou laid a wreath at the Tomb of the Unknown Soldier.",
        None,
        "other",
    ),
    (
        "Secretary Austin hosted a virtual meeting of the Ukraine Defense Contact Group today.",
        None,
        "multilateral",
    ),
    (
        "Chairman Milley hosted chiefs of defense from more than 40 nations at Ramstein Air Base, Germany.",
        None,
        "multilateral",
    ),
    (
        "Secretary Austin spoke at the Reagan National Defense Forum and met there with Japanese Minister Kihara Minoru.",
        None,
        "meeting",
    ),
]


@pytest.mark.parametrize(("text", "title", "want"), CASES)
def test_kind(text, title, want):
    assert run(text, title=title).kind == want


def test_thanking_a_visitor_is_not_a_visit():
    ex = run(
        "Secretary Mattis met with Malaysian Defense Minister Mohamad Sabu at the Pentagon. Mattis thanked his counterpart for the visit."
    )
    assert ex.kind == "meeting"


def test_a_past_trip_is_not_a_visit():
    ex = run(
        "Secretary Austin spoke with Brazilian Minister Jose Mucio today. He recalled his visit to Brazil last year."
    )
    assert ex.kind == "call"
