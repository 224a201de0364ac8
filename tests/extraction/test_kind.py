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


# Other ministries' wordings, as (publisher, text, kind). Sentences written for these tests in
# the shapes each publisher uses.
OTHER_PUBLISHERS = [
    # Japan: "telephone talk", "teleconference", numbered paragraphs, MM Dialogue
    ("JPN", "On May 14, Defense Minister KIHARA held a telephone talk with the Minister of Defence of Italy.", "call"),
    ("JPN", "On May 14, Defense Minister KIHARA had a teleconference with the Secretary of Defence of Chile.", "call"),
    (
        "JPN",
        "1. On May 14, the 8th Japan-Thailand Military to Military (MM) Dialogue was held in Tokyo, Japan.",
        "dialogue",
    ),
    (
        "PHL",
        "The Philippines and Japan held the 10th Military-to-Military (MM) Dialogue on May 14 in Manila.",
        "dialogue",
    ),
    # India: telephonic conversation, Defence Policy Dialogue, called on
    (
        "IND",
        "Raksha Mantri Shri Rajnath Singh held a telephonic conversation with the Defence Minister of Greece today.",
        "call",
    ),
    ("IND", "The 6th India-Kenya Defence Policy Dialogue was held in New Delhi today.", "dialogue"),
    (
        "IND",
        "The Chief of Naval Staff of Brazil called on Raksha Mantri Shri Rajnath Singh in New Delhi today.",
        "meeting",
    ),
    # UK: video teleconference, concluded a visit, a training exercise
    ("GBR", "The Defence Secretary held a video teleconference with his Dutch counterpart on 14 May.", "call"),
    (
        "GBR",
        "The Defence Secretary has concluded a planned visit to Canberra to meet Australian ministers.",
        "visit",
    ),
    (
        "GBR",
        "British and Kenyan troops yesterday took part in a joint training exercise near Nanyuki.",
        "other",
    ),
    # Australia: welcomed a counterpart on his first visit; an exercise with five countries
    (
        "AUS",
        "The Chief of the Defence Force welcomed his Thai counterpart on his first visit to Australia as Chief of Defence Forces.",
        "visit",
    ),
    (
        "AUS",
        "Australia, Malaysia, Singapore, New Zealand and the United Kingdom have completed a Five Power Defence Arrangements exercise off the coast of Malaysia.",
        "other",
    ),
    # Singapore: a courtesy call paid in person, with a guard of honour
    (
        "SGP",
        "Mr Ng called on the Minister of Defence of Brunei and inspected the Guard of Honour at the Ministry of Defence this afternoon.",
        "visit",
    ),
    (
        "SGP",
        "The Chief of Defence Force paid a courtesy call on the Chief of Army of Thailand in Bangkok today.",
        "meeting",
    ),
    # The Philippines: an ambassador's introductory call at the ministry is a meeting
    (
        "PHL",
        "Defense Secretary Gilberto Teodoro met with the Ambassador of Vietnam during the latter's introductory call at the Department of National Defense.",
        "meeting",
    ),
    # Finland: the next sentence says the meeting was held by video
    (
        "FIN",
        "Minister of Defence Antti Kaikkonen will hold a bilateral meeting with the Defence Minister of Portugal on 14 May. The meeting will be held as a video conference.",
        "call",
    ),
    # State Department: they "met" by way of a video teleconference
    (
        "USA",
        "The United States and Japan held bilateral security talks on May 14. The four officials met by way of a video teleconference.",
        "call",
    ),
    # Vietnam: a format named as someone's office is not the talks
    (
        "VNM",
        "Senior Lieutenant General Nguyen Chi Vinh, member of the Central Military Commission, received a delegation of the Russian Ministry of Defence.",
        "meeting",
    ),
    # A numbered session of a format later in the lead
    (
        "USA",
        "The Under Secretary hosted the South African Assistant Secretary of Defence as part of the 20th United States - South Africa Defense Committee.",
        "dialogue",
    ),
    ("SGP", "Singapore and Australia held the 2+2 ministerial consultations in Canberra today.", "dialogue"),
    ("NZL", "New Zealand and Fiji convened the inaugural Defence Consultative Group in Suva.", "dialogue"),
    (
        "SGP",
        "Singapore and Brunei held the 12th Singapore-Brunei Joint Ministerial Committee meeting today.",
        "dialogue",
    ),
    (
        "IND",
        "The Defence Minister of Kenya was accorded a ceremonial Guard of Honour before the talks in New Delhi today.",
        "visit",
    ),
    (
        "EST",
        "The Minister of Defence hosted the Nordic-Baltic Eight defence ministers in Tallinn today.",
        "multilateral",
    ),
    (
        "JPN",
        "On May 14, Defense Minister HARA held a first telecon after his appointment with the Minister of Spain.",
        "call",
    ),
    ("JPN", "On May 14, Defense Minister HARA held a telephone meeting with the Minister of Defence of Spain.", "call"),
    ("SGP", "Dr Ng visits Thailand from 13 to 14 May to underscore the long-standing defence relationship.", "visit"),
    ("QAT", "The Deputy Prime Minister held virtual talks with the Turkish Minister of National Defence.", "call"),
    ("FIN", "Minister Kaikkonen held an online meeting with the Defence Minister of Portugal.", "call"),
    (
        "JPN",
        "The Ground Self-Defense Force will conduct the Japan-U.S. Bilateral Exercise Resolute Dragon 24 in Hokkaido.",
        "other",
    ),
    ("IND", "The joint military exercise 'Shakti' between India and France began today in Umroi.", "other"),
    (
        "IDN",
        "The Indonesian Defense Minister received a visit from the Australian Defence Minister on Thursday in Jakarta.",
        "visit",
    ),
    (
        "MYS",
        "The two ministers convened the inaugural Malaysia-Australia High Level Committee on Defence Cooperation meeting in Butterworth.",
        "dialogue",
    ),
    (
        "ARE",
        "The Minister of State for Defence Affairs received a telephone call from the French Minister of the Armed Forces.",
        "call",
    ),
]


@pytest.mark.parametrize(("publisher", "text", "want"), OTHER_PUBLISHERS)
def test_kind_in_other_publishers_wording(publisher, text, want):
    assert run(text, publisher=publisher).kind == want
