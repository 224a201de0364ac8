"""The multilateral event an engagement was held at or on the sidelines of."""

import pytest

from tests.extraction.helpers import run

CASES = [
    (
        "Secretary Austin met Malaysian Minister Khaled Nordin on the sidelines of the ASEAN Defense Ministers' Meeting-Plus in Vientiane.",
        "ADMM-Plus",
    ),
    (
        "Secretary Mattis met Thai Minister Prawit Wongsuwan during the 2018 Association of Southeast Asian Nations Defense Ministers' Meeting (ADMM-Plus).",
        "ADMM-Plus",
    ),
    (
        "Acting Secretary Shanahan met Thai Minister Prawit Wongsuwon on the margins of the annual Shangri-La Dialogue in Singapore.",
        "Shangri-La Dialogue",
    ),
    (
        "On February 12, on the margins of the UDCG and NATO Defense Ministerial at NATO Headquarters, Secretary Hegseth met German Minister Boris Pistorius.",
        "NATO Defense Ministers Meeting",
    ),
    (
        "Secretary Austin met Finnish Minister Antti Hakkanen on the margins of the NATO Defence Ministers' Meeting in Brussels.",
        "NATO Defense Ministers Meeting",
    ),
    (
        "Secretary Austin met Chilean Minister Maya Fernandez on the sidelines of the XV Conference of Defense Ministers of the Americas in Brasilia.",
        "Conference of Defense Ministers of the Americas",
    ),
    (
        "Secretary Esper met Ukrainian Minister Andriy Zagorodnyuk on the sidelines of the Munich Security Conference.",
        "Munich Security Conference",
    ),
    # an event the gazetteer lacks, reported as written
    (
        "Deputy Secretary Hicks addressed allies at the Bucharest-Nine (B9) Defense Ministerial in Romania today.",
        "Bucharest-Nine (B9) Defense Ministerial",
    ),
    # future or past events are not where it was held
    (
        "Secretary Austin met French Minister Sebastien Lecornu in Paris. They discussed the upcoming NATO Defense Ministerial.",
        None,
    ),
    (
        "Secretary Mattis hosted German Minister Ursula von der Leyen. Both look forward to working together at the NATO Defense Ministerial next week.",
        None,
    ),
    (
        "Secretary Austin hosted Colombian Minister Ivan Velasquez at the Pentagon for the Executive Framing Meeting.",
        None,
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_forum(text, want):
    assert run(text).forum == want


def test_forum_gives_the_location_when_the_text_does_not():
    ex = run(
        "Secretary Esper met Ukrainian Minister Andriy Zagorodnyuk on the sidelines of the Munich Security Conference."
    )
    assert ex.location == "Munich, Germany"


# Other publishers' ways of placing talks at an event, as (publisher, text, forum, kind).
OTHER_PUBLISHERS = [
    (
        "SGP",
        "Minister for Defence Dr Ng Eng Hen hosted the Indian Defence Minister to breakfast this morning, on the sidelines of the 11th ASEAN Defence Ministers' Meeting (ADMM) and 4th ADMM-Plus.",
        "ADMM-Plus",
        "meeting",
    ),
    (
        "USA",
        "General Dunford met the French Chief of Defence Staff in Brussels. General Dunford was in Brussels to participate in the NATO Military Committee in Chiefs of Defence Session.",
        "NATO Military Committee in Chiefs of Defense Session",
        "meeting",
    ),
    (
        "EST",
        "Yesterday, Defence Minister Hanno Pevkur met the Swedish Defence Minister in Tallinn. The Swedish minister also visited an innovation centre. The main purpose of the visit was to participate in the Lennart Meri Conference.",
        "Lennart Meri Conference",
        "meeting",
    ),
    (
        "POL",
        "The Minister of National Defence met the Lithuanian Minister of National Defence while taking part in the Riga Defence Ministers' Conference.",
        "Riga Defence Ministers' Conference",
        "meeting",
    ),
    (
        "NZL",
        "The Minister of Defence met the Tongan Deputy Prime Minister on the margins of the South Pacific Defence Ministers' Meeting in Nuku'alofa.",
        "South Pacific Defence Ministers' Meeting",
        "meeting",
    ),
]


OTHER_PUBLISHERS.append(
    (
        "IND",
        "Raksha Mantri held a bilateral meeting with the Minister of Defence of Uzbekistan on the sidelines of the Shanghai Cooperation Organisation (SCO) Defence Ministers' meeting in Astana.",
        "SCO Defence Ministers' Meeting",
        "meeting",
    )
)


OTHER_PUBLISHERS.append(
    (
        "MYS",
        "The Defence Minister held a bilateral meeting with the UAE Minister of State for Defence Affairs on the sidelines of the Seoul Defence Dialogue.",
        "Seoul Defense Dialogue",
        "meeting",
    )
)


@pytest.mark.parametrize(("publisher", "text", "forum", "kind"), OTHER_PUBLISHERS)
def test_forum_in_other_publishers_wording(publisher, text, forum, kind):
    ex = run(text, publisher=publisher)
    assert (ex.forum, ex.kind) == (forum, kind)
