"""Topics from the controlled vocabulary, mapped from the text's wording (SCHEMA.md)."""

import pytest

from tests.extraction.helpers import run, topics

CASES = [
    ("They discussed countering violent extremism and the threat from ISIS.", {"counterterrorism"}),
    (
        "They addressed humanitarian assistance and disaster relief (HADR) cooperation.",
        {"disaster relief", "humanitarian assistance"},
    ),
    (
        "They praised the professional exchanges and military training between the two forces.",
        {"education and training"},
    ),
    (
        "They reaffirmed their commitment to maritime security in the South China Sea.",
        {"maritime security", "south china sea"},
    ),
    ("They discussed the situation in the South China Sea.", {"south china sea"}),
    ("They discussed Russia's unprovoked invasion of Ukraine.", {"russia ukraine"}),
    ("They discussed the threat posed by North Korea's missile launches.", {"north korea"}),
    ("They discussed the People's Republic of China's coercive behavior.", {"china"}),
    ("They stressed peace and stability across the Taiwan Strait.", {"taiwan"}),
    ("They discussed the conflict in Gaza and Houthi attacks on shipping in the Red Sea.", {"middle east"}),
    ("They agreed to deepen cooperation on cyber defense and in space.", {"cybersecurity", "space"}),
    (
        "They welcomed progress on co-production of armored vehicles and the defense industrial base.",
        {"defense industry"},
    ),
    ("Secretary Austin welcomed Poland's request to purchase M1A2 Abrams tanks.", {"arms sales"}),
    ("They agreed to strengthen interoperability between the two navies.", {"interoperability"}),
    ("They discussed building the capacity of the Kenya Defence Forces.", {"capacity building"}),
    ("They discussed the modernization of the Royal Thai Armed Forces.", {"modernization"}),
    ("They addressed the effects of climate change on the region's militaries.", {"climate and environment"}),
    ("The officials discussed the importance of upholding human rights.", {"human rights"}),
    ("They reviewed the force posture of U.S. troops in the country.", {"force posture"}),
    ("They agreed to deepen intelligence cooperation.", {"intelligence"}),
    (
        "They agreed to improve the timely sharing of information between their militaries.",
        {"information sharing"},
    ),
    ("They praised Mongolia's contributions to UN peacekeeping operations.", {"peacekeeping"}),
    ("They discussed integrated air and missile defense cooperation.", {"missile defense"}),
    ("They discussed nuclear deterrence.", {"nuclear"}),
    ("They discussed combating COVID-19.", {"health"}),
    ("They discussed cooperation on artificial intelligence and emerging technologies.", {"technology"}),
    ("They exchanged views on regional security issues.", {"regional security"}),
    ("They discussed security developments across the region.", {"regional security"}),
    ("Both sides discussed efforts in the Baltic region.", {"regional security"}),
]


@pytest.mark.parametrize(("sentence", "want"), CASES)
def test_topic_cues(sentence, want):
    text = "Secretary Austin met with Polish Minister of National Defense Mariusz Blaszczak today.\n" + sentence
    assert topics(run(text)) == want


@pytest.mark.parametrize(
    "sentence",
    [
        "Both sides noted the need to maintain the readiness of combined forces.",  # readiness alone is no topic
        "The materiel is now flowing into the region.",  # one weak cue is not enough
        "The arrangement does not provide for the stationing of troops.",  # negated
        "They condemned the missile technology tests.",
    ],
)
def test_no_topic(sentence):
    text = "Secretary Austin met with Polish Minister of National Defense Mariusz Blaszczak today.\n" + sentence
    assert topics(run(text)) == set()


def test_two_weak_cues_make_a_topic():
    text = (
        "Secretary Austin met with Polish Minister Mariusz Blaszczak today.\n"
        "They discussed shared challenges in the region. They pledged support to initiatives in the region."
    )
    assert "regional security" in topics(run(text))


def test_topic_span_is_the_first_sentence_naming_it():
    text = "Secretary Austin met with Polish Minister Mariusz Blaszczak today.\nThey discussed cybersecurity.\nCyber threats grow."
    (fact,) = run(text).topics
    s, e = fact.span
    assert text[s:e] == "They discussed cybersecurity."


# Other ministries' wording, as (publisher, text, topics).
OTHER_PUBLISHERS = [
    (
        "GBR",
        "The Ministers discussed the defence industrial partnership and a modernisation programme for the army.",
        {"defense industry", "modernization"},
    ),
    (
        "IND",
        "The Raksha Mantri invited Greek defence companies to invest in defence manufacturing.",
        {"defense industry"},
    ),
    (
        "SGP",
        "Both sides noted the professional exchanges and cross-attendance of courses between the two armed forces.",
        {"education and training"},
    ),
    ("PHL", "The Philippine side thanked Japan for its capability building assistance.", {"capacity building"}),
    ("JPN", "They exchanged views on the situation on the Korean Peninsula.", {"north korea"}),
    (
        "GBR",
        "The UK continues to support Kenyan forces deploying to Somalia with the African Union Mission (AMISOM).",
        {"peacekeeping"},
    ),
    ("QAT", "The Ministers signed a legal contract on general conditions for military supplies.", {"arms sales"}),
    ("AUS", "They discussed HADR cooperation in the Pacific.", {"disaster relief", "humanitarian assistance"}),
    (
        "SWE",
        "The five areas are training and exercises, armament cooperation, and research and development.",
        {"education and training", "defense industry", "technology"},
    ),
    ("MNG", "The Minister thanked Turkey for backing reform of the Mongolian armed forces.", {"modernization"}),
    ("ZAF", "The memorandum will help ensure peace and stability in South Sudan.", {"regional security"}),
    (
        "BRN",
        "The exercise gives the soldiers of both armies a chance to train and improve the skills of the military personnel.",
        {"education and training"},
    ),
]


@pytest.mark.parametrize(("publisher", "text", "want"), OTHER_PUBLISHERS)
def test_topics_in_other_publishers_wording(publisher, text, want):
    assert topics(run(text, publisher=publisher)) == want


@pytest.mark.parametrize(
    ("publisher", "text"),
    [
        # Naming the partner is not discussing its region or its war.
        (
            "IND",
            "Raksha Mantri held a telephonic conversation with the Defence Minister of Israel and thanked Israel for its help.",
        ),
        ("ARE", "The Minister of State received Saudi Arabia's Chief of General Staff in his office."),
        (
            "VNM",
            "The Deputy Minister received a Russian delegation and said Russia would keep cooperating with Vietnam.",
        ),
    ],
)
def test_naming_a_party_is_no_topic(publisher, text):
    assert topics(run(text, publisher=publisher)) == set()


def test_talks_with_china_are_about_china():
    ex = run(
        "Secretary Austin spoke with Chinese Minister of National Defense Dong Jun. They discussed the relationship with China."
    )
    assert "china" in topics(ex)
