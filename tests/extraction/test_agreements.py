"""Formal instruments: kind (SCHEMA.md agreement kinds) and what the engagement did with them."""

import pytest

from tests.extraction.helpers import run


def kinds_actions(text: str) -> set[tuple[str, str]]:
    return {(a.kind, a.action) for a in run(text).agreements}


CASES = [
    (
        "The two leaders signed a Memorandum of Understanding on Defense Cooperation today.",
        {("MOU", "signed")},
    ),
    ("They announced the renewal of the Acquisition and Cross-Servicing Agreement.", {("ACSA", "renewed")}),
    ("They agreed to extend the Reciprocal Defense Procurement Agreement.", {("RDP", "renewed")}),
    (
        "The leaders agreed to begin work on renewing the bilateral Acquisition and Cross-Servicing Agreement.",
        {("ACSA", "planned")},
    ),
    (
        "They committed to finalize bilateral agreements on communications, information sharing, and geospatial matters.",
        {("OTHER", "planned")},
    ),
    (
        "They confirmed their readiness to move forward with negotiations on a bilateral Defense Cooperation Agreement.",
        {("DCA", "planned")},
    ),
    (
        "They discussed the Joint Vision Statement 2030, which the two leaders agreed to co-sign when they meet in November.",
        {("ROADMAP", "planned")},
    ),
    (
        "Secretary Austin reaffirmed the value of the U.S.-Philippines Visiting Forces Agreement.",
        {("SOFA", "mentioned")},
    ),
    ("The agreement builds on the 1951 NATO Status of Forces Agreement.", {("SOFA", "mentioned")}),
    (
        "Both sides affirmed their commitment to the 2019 U.S.-Greece Mutual Defense Cooperation Agreement.",
        {("DCA", "mentioned")},
    ),
    (
        "They welcomed progress in implementing the General Security of Military Information Agreement.",
        {("GSOMIA", "implemented")},
    ),
    (
        "They reviewed the force posture initiatives carried out under the 2014 Force Posture Agreement.",
        {("DCA", "implemented")},
    ),
    (
        "The two sides are moving forward through our Roadmap for Defense Cooperation.",
        {("ROADMAP", "implemented")},
    ),
    (
        "The Secretary joined the Minister in signing a 10-year \u201cRoadmap for Defense Cooperation.\u201d",
        {("ROADMAP", "signed")},
    ),
    (
        "Secretary Esper and Minister Prabowo signed a Memorandum of Intent on recovering the remains of U.S. personnel.",
        {("MOU", "signed")},
    ),
    ("The two leaders signed a Letter of Offer and Acceptance for F-16 aircraft.", {("LOA", "signed")}),
    (
        "During the visit the two governments signed a Security of Supply Arrangement and a Memorandum of Understanding on liaison officers.",
        {("SOSA", "signed"), ("MOU", "signed")},
    ),
    (
        "Following the meeting, the three ministers released a joint statement.",
        {("JOINT_STATEMENT", "signed")},
    ),
    (
        "Mattis was encouraged by progress on force posture, including the recent signing of a cost-sharing arrangement.",
        {("OTHER", "mentioned")},
    ),
    ("Russia must adhere to its commitments under the Minsk agreements.", {("OTHER", "mentioned")}),
    ("Our relationship dates back to the 1797 Treaty of Peace and Friendship.", {("TREATY", "mentioned")}),
    ("They stressed respect for the UN Convention on the Law of the Sea.", {("TREATY", "mentioned")}),
    (
        "The ten-year Framework for the U.S.-India Defense Relationship that the two leaders signed last year guides the work.",
        {("ROADMAP", "mentioned")},
    ),
    (
        "Minister Khaled and Secretary Austin met in Vientiane to sign the Defense Cooperation Arrangement.",
        {("DCA", "signed")},
    ),
    (
        "The two governments signed an agreement on maritime law enforcement, often called a shiprider agreement.",
        {("OTHER", "signed")},
    ),
    (
        "The two sides signed the Australia-Indonesia Defence Cooperation Agreement. The new agreement is legally binding.",
        {("DCA", "signed")},
    ),
    (
        "The leaders signed the 2006 Agreement on the Framework for Security Cooperation, known as the Lombok Treaty.",
        {("TREATY", "signed")},
    ),
    (
        "The two defence ministers agreed to wrap up talks on a Status of Forces Agreement this year.",
        {("SOFA", "planned")},
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_agreement_kind_and_action(text, want):
    assert kinds_actions(text) == want


def test_one_fact_per_list_item():
    ex = run(
        "They committed to finalize bilateral agreements on communications, information sharing, and geospatial matters."
    )
    assert sorted(a.name for a in ex.agreements) == [
        "bilateral agreement on communications",
        "bilateral agreement on geospatial matters",
        "bilateral agreement on information sharing",
    ]


def test_acronym_refers_back():
    ex = run(
        "The countries concluded the Supplementary Defense Cooperation Agreement (SDCA). The SDCA builds on earlier work."
    )
    assert [(a.kind, a.action) for a in ex.agreements] == [("DCA", "signed")]


@pytest.mark.parametrize(
    "text",
    [
        "The leaders reaffirmed the U.S.-Philippines alliance and the Comprehensive Strategic Partnership.",
        "They discussed the third neighbor framework and the National Defense Strategy.",
        "The agenda covered Counternarcotics, Territorial Stabilization, and Peace Accord Implementation.",
        "The two sides reached agreement on next steps and agreed to meet again.",
        "They praised Justified Accord, the exercise Kenya hosted this year.",
    ],
)
def test_not_agreements(text):
    assert run(text).agreements == []


def named(text: str, publisher: str = "USA") -> set[tuple[str, str, str]]:
    return {(a.name, a.kind, a.action) for a in run(text, publisher=publisher).agreements}


# Whole names, kinds and actions in other ministries' wording, as (publisher, text, facts).
OTHER_PUBLISHERS = [
    (
        "USA",
        "The two ministers signed a 10 Year Defense Framework that replaces a similar document signed in 2004.",
        {("10 Year Defense Framework", "ROADMAP", "renewed")},
    ),
    (
        "KEN",
        "The Cabinet Secretary and the Ambassador signed a Memorandum of Understanding on Manda Bay airfield construction.",
        {("Memorandum of Understanding on Manda Bay airfield construction", "MOU", "signed")},
    ),
    (
        "SWE",
        "The two ministers signed a bilateral Statement of Intent on closer defence cooperation.",
        {("bilateral Statement of Intent on closer defence cooperation", "OTHER", "signed")},
    ),
    (
        "SWE",
        "The defence ministers signed a joint letter of intent on deeper cooperation between Norway and Poland.",
        {("joint letter of intent on deeper cooperation between Norway and Poland", "OTHER", "signed")},
    ),
    (
        "FIN",
        "When the Deputy Secretary visited Helsinki in October 2016, a Statement of Intent on defence cooperation was signed.",
        {("Statement of Intent on defence cooperation", "OTHER", "mentioned")},
    ),
    (
        "IND",
        "Raksha Mantri and his counterpart signed a Memorandum of Understanding (MoU) on Mutual Logistics Support.",
        {("Memorandum of Understanding (MoU) on Mutual Logistics Support", "MOU", "signed")},
    ),
    (
        "ZAF",
        "A Memorandum of Understanding (MoU) on Cooperation in the field of Defence between the governments of South Africa and South Sudan is expected to be signed at the meeting.",
        {
            (
                "Memorandum of Understanding (MoU) on Cooperation in the field of Defence between the governments of South Africa and South Sudan",
                "MOU",
                "planned",
            )
        },
    ),
    (
        "QAT",
        "The Ministers signed a technical military cooperation agreement, as well as a memorandum of understanding relating to air defence, and a legal contract on general conditions for military supplies.",
        {
            ("technical military cooperation agreement", "OTHER", "signed"),
            ("memorandum of understanding relating to air defence", "MOU", "signed"),
            ("legal contract on general conditions for military supplies", "OTHER", "signed"),
        },
    ),
    (
        "AUS",
        "Thailand was among the first countries to sign a bilateral Memorandum of Understanding on Counter Terrorism with Australia (2002).",
        {("bilateral Memorandum of Understanding on Counter Terrorism", "MOU", "mentioned")},
    ),
    (
        "GBR",
        "They renewed the Memorandum of Understanding on Defence Cooperation, first signed in 2012.",
        {("Memorandum of Understanding on Defence Cooperation", "MOU", "renewed")},
    ),
    (
        "GBR",
        "The joint training followed the finalisation of a new Defence Cooperation Agreement. The new agreement, now ratified by both Parliaments, continues the training.",
        {("Defence Cooperation Agreement", "DCA", "implemented")},
    ),
    (
        "JPN",
        "The ministers welcomed the entry into force of the Reciprocal Access Agreement.",
        {("Reciprocal Access Agreement", "OTHER", "implemented")},
    ),
    (
        "GBR",
        "The Defence Secretary and the Minister will sign a Treaty on Defence and Security Cooperation next month.",
        {("Treaty on Defence and Security Cooperation", "TREATY", "planned")},
    ),
    (
        "GBR",
        "They discussed increasing interoperability through the AUKUS trilateral agreement. They also discussed the AUKUS agreement with Congress.",
        {("AUKUS trilateral agreement", "OTHER", "implemented")},
    ),
    (
        "USA",
        "The two officials signed an agreement to begin sharing science information. The Master Information Exchange Agreement is a framework agreement that formalizes the exchange. These formal agreements deepen ties.",
        {("Master Information Exchange Agreement", "OTHER", "signed")},
    ),
    (
        "USA",
        "They reviewed progress towards the goals outlined in the 2020-2030 U.S.-Morocco Roadmap for Defense Cooperation.",
        {("2020-2030 U.S.-Morocco Roadmap for Defense Cooperation", "ROADMAP", "implemented")},
    ),
]


OTHER_PUBLISHERS += [
    (
        "IND",
        "Raksha Mantri held a bilateral meeting with the Defence Minister of Peru. An MoU was signed on the exchange of cadets.",
        {("MoU", "MOU", "signed")},
    ),
    (
        "IND",
        "Two agreements to expand cadet exchanges and provide logistics support to each other's navies were signed.",
        {("Two agreements", "OTHER", "signed")},
    ),
    (
        "IND",
        "The Raksha Mantri recalled the Memorandum of Understanding that was signed on 4 March 2019 in New Delhi.",
        {("Memorandum of Understanding", "MOU", "mentioned")},
    ),
]


OTHER_PUBLISHERS += [
    (
        "GBR",
        "In Berlin, the Defence Secretary signed a joint defence declaration with his German counterpart.",
        {("joint defence declaration", "JOINT_STATEMENT", "signed")},
    ),
    (
        "GBR",
        "They discussed the AUKUS trilateral security pact. The AUKUS agreement is being implemented.",
        {("AUKUS trilateral security pact", "OTHER", "implemented")},
    ),
    (
        "IND",
        "Both sides signed an Implementing Arrangement on Underwater Domain Awareness and a Letter of Intent on military medicine.",
        {
            ("Implementing Arrangement on Underwater Domain Awareness", "OTHER", "signed"),
            ("Letter of Intent on military medicine", "OTHER", "signed"),
        },
    ),
]


OTHER_PUBLISHERS += [
    (
        "PHL",
        "They signed a Memorandum of Agreement (MOA) on hydrographic survey cooperation.",
        {("Memorandum of Agreement (MOA) on hydrographic survey cooperation", "MOU", "signed")},
    ),
    (
        "SGP",
        "Both ministers endorsed the Defence Cooperation Plan for 2024.",
        {("Defence Cooperation Plan for 2024", "ROADMAP", "signed")},
    ),
    (
        "IND",
        "The two sides signed the Terms of Reference for the Joint Working Group on Defence Industry Cooperation.",
        {("Terms of Reference for the Joint Working Group on Defence Industry Cooperation", "OTHER", "signed")},
    ),
]


OTHER_PUBLISHERS.append(
    (
        "AUS",
        "They signed a Memorandum of Understanding on maritime security and the two leaders discussed the exercise programme.",
        {("Memorandum of Understanding on maritime security", "MOU", "signed")},
    )
)


OTHER_PUBLISHERS.append(
    (
        "SGP",
        "They signed an Agreement on cyber security cooperation expanding ties across the region.",
        {("Agreement on cyber security cooperation", "OTHER", "signed")},
    )
)


@pytest.mark.parametrize(("publisher", "text", "want"), OTHER_PUBLISHERS)
def test_agreements_in_other_publishers_wording(publisher, text, want):
    assert named(text, publisher) == want


def test_unnamed_new_arrangements_are_no_instrument():
    assert named("The visit follows the introduction of new arrangements and initiatives to expand trade.") == set()
