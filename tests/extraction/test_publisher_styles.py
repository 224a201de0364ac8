"""Readouts as other governments write them: their offices, honorifics and name orders, each
participant with their country, and only the parties as countries. Sentences written for
these tests, one shape per publisher style."""

import pytest

from engagements.extraction import parse_strict
from tests.extraction.helpers import PUBLISHED, codes, people

STYLES = [
    pytest.param(
        "https://www.mod.go.jp/en/article/2024/05/x.html",
        "1. On May 14, the 10th Japan-Indonesia MM Dialogue was held in Jakarta.\n"
        "2. The Japanese delegation was led by Mr. SATO Kenji, Director General for International Affairs, "
        "Bureau of Defense Policy, Ministry of Defense, and the Indonesian delegation was led by Mr. Budi Santoso, "
        "Director General of Defense Strategy, Ministry of Defense.",
        {("SATO Kenji", "JPN"), ("Budi Santoso", "IDN")},
        ["IDN", "JPN"],
        id="japan-delegations",
    ),
    pytest.param(
        "https://www.mod.go.jp/en/article/2024/05/y.html",
        "On May 15, State Minister of Defense ONO Taro held a video teleconference with Mr. Gilberto Teodoro, "
        "Secretary of National Defense of the Philippines. Both sides discussed the situation around the "
        "Korean Peninsula.",
        {("ONO Taro", "JPN"), ("Gilberto Teodoro", "PHL")},
        ["JPN", "PHL"],
        id="japan-state-minister",
    ),
    pytest.param(
        "https://pib.gov.in/PressReleasePage.aspx?PRID=2",
        "Raksha Mantri Shri Rajnath Singh held bilateral talks with the Minister of National Defence of Vietnam "
        "General Phan Van Giang in New Delhi on May 15, 2024. Defence Secretary Shri Giridhar Aramane was also "
        "present.",
        {("Rajnath Singh", "IND"), ("Phan Van Giang", "VNM"), ("Giridhar Aramane", "IND")},
        ["IND", "VNM"],
        id="india-raksha-mantri",
    ),
    pytest.param(
        "https://pib.gov.in/PressReleasePage.aspx?PRID=3",
        "The 12th India-Australia Defence Policy Talks were held in Canberra on May 15, 2024. The talks were "
        "co-chaired by Defence Secretary Shri Giridhar Aramane and Secretary of the Department of Defence, "
        "Australia Mr Greg Moriarty.",
        {("Giridhar Aramane", "IND"), ("Greg Moriarty", "AUS")},
        ["AUS", "IND"],
        id="india-co-chaired",
    ),
    pytest.param(
        "https://www.gov.uk/government/news/x",
        "The Secretary of State for Defence met his Polish counterpart Wladyslaw Kosiniak-Kamysz in Warsaw today. "
        "He also met with the Chief of the General Staff, General Wieslaw Kukula.",
        {("Wladyslaw Kosiniak-Kamysz", "POL"), ("Wieslaw Kukula", "POL")},
        ["GBR", "POL"],
        id="uk-defence-secretary",
    ),
    pytest.param(
        "https://www.defence.gov.au/news-events/releases/x",
        "The Deputy Prime Minister and Minister for Defence, the Hon Richard Marles MP, today welcomed Fiji's "
        "Minister for Home Affairs and Immigration, Pio Tikoduadua, to Canberra.",
        {("Richard Marles", "AUS"), ("Pio Tikoduadua", "FJI")},
        ["AUS", "FJI"],
        id="australia-hon-mp",
    ),
    pytest.param(
        "https://www.mindef.gov.sg/news-and-events/latest-releases/x",
        "Minister for Defence Dr Ng Eng Hen called on Minister of Defence of Malaysia Dato' Seri Mohamed Khaled "
        "bin Nordin in Kuala Lumpur today. Chief of Defence Force Vice-Admiral Aaron Beng also attended.",
        {("Ng Eng Hen", "SGP"), ("Mohamed Khaled bin Nordin", "MYS"), ("Aaron Beng", "SGP")},
        ["MYS", "SGP"],
        id="singapore-dato-seri",
    ),
    pytest.param(
        "https://wam.ae/en/details/x",
        "Mohammed bin Mubarak Al Mazrouei, Minister of State for Defence Affairs, today received Bahrain's Chief "
        "of Staff, Lt. General Theyab bin Saqr Al Nuaimi, and his delegation. The meeting was attended by "
        "Lt. General Issa Saif Al Mazrouei, Chief of Staff of the Armed Forces.",
        {
            ("Mohammed bin Mubarak Al Mazrouei", "ARE"),
            ("Theyab bin Saqr Al Nuaimi", "BHR"),
            ("Issa Saif Al Mazrouei", "ARE"),
        },
        ["ARE", "BHR"],
        id="gulf-received-attended",
    ),
    pytest.param(
        "https://www.defmin.fi/en/x",
        "Minister of Defence Antti Hakkanen met his Estonian colleague Hanno Pevkur in Helsinki on 15 May. The "
        "ministers discussed support to Ukraine and security in the Baltic Sea region.",
        {("Antti Hakkanen", "FIN"), ("Hanno Pevkur", "EST")},
        ["EST", "FIN"],
        id="nordic-colleague",
    ),
    pytest.param(
        "https://www.kaitseministeerium.ee/en/news/x",
        "Minister of Defence Hanno Pevkur hosted the defence ministers of Latvia and Lithuania in Tallinn.",
        {("Hanno Pevkur", "EST")},
        ["EST", "LTU", "LVA"],
        id="baltic-host",
    ),
    pytest.param(
        "https://www.defence.gov.au/news-events/releases/y",
        "Air Chief Marshal Chalermpol Srisawasdi, Chief of Defence Forces of Thailand, called on Chief of Defence "
        "Force General Angus Campbell in Canberra.",
        {("Chalermpol Srisawasdi", "THA"), ("Angus Campbell", "AUS")},
        ["AUS", "THA"],
        id="australia-air-chief-marshal",
    ),
    pytest.param(
        "https://pib.gov.in/PressReleasePage.aspx?PRID=4",
        "Raksha Mantri Shri Rajnath Singh held bilateral meetings with Minister of Defence of Kazakhstan Colonel "
        "General Ruslan Zhaksylykov and Minister of Defence of Tajikistan Colonel General Sherali Mirzo in New "
        "Delhi on April 28, 2023.",
        {("Rajnath Singh", "IND"), ("Ruslan Zhaksylykov", "KAZ"), ("Sherali Mirzo", "TJK")},
        ["IND", "KAZ", "TJK"],
        id="india-several-ministers",
    ),
    pytest.param(
        "https://www.qna.org.qa/en/x",
        "H.E. Sheikh Saud bin Abdulrahman Al Thani, Minister of State for Defence Affairs, received in his office "
        "today Commander of the Pakistan Navy Admiral Naveed Ashraf.",
        {("Saud bin Abdulrahman Al Thani", "QAT"), ("Naveed Ashraf", "PAK")},
        ["PAK", "QAT"],
        id="gulf-sheikh",
    ),
    pytest.param(
        "https://mod.gov.vn/x",
        "Vice-Minister of National Defence Senior Lieutenant General Hoang Xuan Chien received Australian "
        "Ambassador to Vietnam Andrew Goledzinowski in Hanoi on 12 May.",
        {("Hoang Xuan Chien", "VNM"), ("Andrew Goledzinowski", "AUS")},
        ["AUS", "VNM"],
        id="vietnam-vice-minister",
    ),
    pytest.param(
        "https://www.mod.gov.mn/x",
        "Minister of Defence Lieutenant General Nyamaa Enkhbold received Ambassador Extraordinary and "
        "Plenipotentiary of Japan to Mongolia Takaoka Masaru in Ulaanbaatar.",
        {("Nyamaa Enkhbold", "MNG"), ("Takaoka Masaru", "JPN")},
        ["JPN", "MNG"],
        id="mongolia-ambassador",
    ),
    pytest.param(
        "https://mod.gov.vn/x",
        "At the invitation of the Chief of the General Staff of the Vietnam People's Army, General Nguyen Tan "
        "Cuong, a delegation of the Cambodian Royal Armed Forces led by General Vong Pisen paid an official visit "
        "to Vietnam.",
        {("Nguyen Tan Cuong", "VNM"), ("Vong Pisen", "KHM")},
        ["KHM", "VNM"],
        id="vietnam-delegation-of",
    ),
    pytest.param(
        "https://www.gov.pl/web/national-defence/x",
        "Deputy Prime Minister, Minister of National Defence Wladyslaw Kosiniak-Kamysz met with the Secretary "
        "General of NATO Mark Rutte in Warsaw.",
        {("Wladyslaw Kosiniak-Kamysz", "POL"), ("Mark Rutte", None)},
        ["POL"],
        id="poland-nato-official",
    ),
    pytest.param(
        "https://www.dnd.gov.ph/x",
        "Secretary of National Defense Gilberto C. Teodoro Jr. received the Chief of Staff of the Japan Ground "
        "Self-Defense Force General Yoshida Yoshihide at Camp Aguinaldo.",
        {("Gilberto C. Teodoro Jr.", "PHL"), ("Yoshida Yoshihide", "JPN")},
        ["JPN", "PHL"],
        id="philippines-self-defense-force",
    ),
    pytest.param(
        "https://gafonline.mil.gh/news/1",
        "The Chief of the Defence Staff (CDS), Vice Admiral Seth Amoama, has received a delegation of the "
        "Nigerian Armed Forces at Burma Camp in Accra.",
        {("Seth Amoama", "GHA")},
        ["GHA", "NGA"],
        id="africa-burma-camp",
    ),
]


@pytest.mark.parametrize(("url", "text", "want_people", "want_codes"), STYLES)
def test_publisher_style(url, text, want_people, want_codes):
    ex = parse_strict(text, PUBLISHED, url=url)
    got = people(ex)
    assert {n for n, _ in got} == {n for n, _ in want_people}
    for name, country in want_people:
        if country is not None:
            assert (name, country) in got
    assert codes(ex) == want_codes


def test_a_person_only_quoted_is_no_participant():
    text = (
        "Australia, Malaysia and Singapore have completed a maritime exercise off the coast of Malaysia.\n"
        "Commander of the Fleet, Rear Admiral Mark Hammond, said the exercise was an important opportunity."
    )
    assert parse_strict(text, PUBLISHED, url="https://www.defence.gov.au/news-events/releases/x").participants == []


def test_one_family_two_people_but_a_misspelt_given_name_is_one():
    text = (
        "Minister of State for Defence Affairs Mohammed bin Mubarak Al Mazrouei received Bahrain's Chief of Staff "
        "Lt. General Theyab bin Saqr Al Nuaimi. The meeting was attended by Lt. General Issa Saif Al Mazrouei, "
        "Chief of Staff of the Armed Forces."
    )
    names = {p.name for p in parse_strict(text, PUBLISHED, url="https://wam.ae/en/details/x").participants}
    assert {"Mohammed bin Mubarak Al Mazrouei", "Issa Saif Al Mazrouei"} <= names
    text = "Secretary of Defense Mark T. Esper met with Romanian Minister of National Defense Nicolae-Ionel Ciuca."
    title = "Readout of Secretary Esper's Meeting With Romanian Minister of National Defense Nicolae-lonel Ciuca"
    assert len(parse_strict(text, PUBLISHED, title=title).participants) == 2


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # attendees and people present are the host's
        (
            "The Chief of Defence Force received the Commander of the Royal Thai Navy, Admiral Adung Phan-iam, "
            "at Kranji Camp.\nThe call was attended by Rear-Admiral Sean Wat, Chief of Navy.",
            {("Adung Phan-iam", "THA"), ("Sean Wat", "SGP")},
        ),
        # observers of an exercise
        (
            "Singaporean and Indonesian soldiers completed a joint exercise in Bandung.\nThe exercise was observed "
            "by Chief of Army Major-General David Neo and the Indonesian Army Chief of Staff General Maruli Simanjuntak.",
            {("David Neo", "SGP"), ("Maruli Simanjuntak", "IDN")},
        ),
    ],
)
def test_attendees_and_observers(text, want):
    ex = parse_strict(text, PUBLISHED, url="https://www.mindef.gov.sg/news-and-events/latest-releases/x")
    assert want <= people(ex)


def test_a_call_with_the_us_in_a_release_naming_no_publisher():
    text = (
        "On May 3, Defense Minister Nakatani held a telephone conference with U.S. Defense Secretary Hegseth. "
        "The Ministers confirmed that they would strengthen the deterrence of the Japan-U.S. Alliance."
    )
    ex = parse_strict(text, PUBLISHED)
    assert ex.publisher == "JPN"
    assert people(ex) == {("Nakatani", "JPN"), ("Hegseth", "USA")}


def test_every_host_of_a_multi_stop_visit_is_a_party():
    text = (
        "Gen. Dagvin Anderson visited Ghana and Togo, May 5-8, 2024, on his first trip to West Africa.\n"
        "During his stop in Ghana, he met with Vice Admiral Seth Amoama, Ghana Armed Forces Chief of the "
        "Defence Staff.\n"
        "In Togo, Anderson visited Togo's Chief of General Staff, General Dadja Maganawe, to discuss border security."
    )
    ex = parse_strict(text, PUBLISHED, url="https://www.africom.mil/pressrelease/1/x")
    assert codes(ex) == ["GHA", "TGO", "USA"]
    assert {("Seth Amoama", "GHA"), ("Dadja Maganawe", "TGO")} <= people(ex)


def test_a_country_named_in_passing_is_no_party():
    text = (
        "Minister of Defence Hanno Pevkur met his Latvian counterpart Andris Spruds in Riga on 6 May. The "
        "ministers discussed lessons from the Winter War and the situation on the Korean Peninsula, and support "
        "to Ukraine."
    )
    ex = parse_strict(text, PUBLISHED, url="https://www.kaitseministeerium.ee/en/news/x")
    assert codes(ex) == ["EST", "LVA"]


def test_each_side_of_talks_with_its_chair():
    text = (
        "Muscat: Talks were held between the Sultanate and the State of Kuwait at the Ministry of Defence on "
        "Monday.\nThe Sultanate's side was chaired by Sayyid Shihab bin Tarik Al Said, Deputy Prime Minister for "
        "Defence Affairs, while the Kuwaiti side was chaired by Sheikh Abdullah Ali Al-Abdullah Al-Sabah, Minister "
        "of Defence."
    )
    ex = parse_strict(text, PUBLISHED)
    assert ex.publisher == "OMN"
    assert people(ex) == {("Shihab bin Tarik Al Said", "OMN"), ("Abdullah Ali Al-Abdullah Al-Sabah", "KWT")}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "Chief of Army Lt Gen Simon Stuart welcomed Air Vice-Marshal Tony Davies, Chief of Air Force of New "
            "Zealand, to Canberra.",
            {("Simon Stuart", "AUS"), ("Tony Davies", "NZL")},
        ),
        (
            "Chief of Navy Rear Adm. Mark Hammond met Commander of the Royal Malaysian Navy Admiral Tan Sri Abdul "
            "Rahman bin Ayob in Lumut.",
            {("Mark Hammond", "AUS"), ("Abdul Rahman bin Ayob", "MYS")},
        ),
        (
            "Chief of Air Force Air Marshal Stephen Chappell hosted Chief of the Indian Air Staff Air Chief Marshal "
            "V R Chaudhari in Canberra.",
            {("Stephen Chappell", "AUS"), ("V R Chaudhari", "IND")},
        ),
    ],
)
def test_ranks_in_every_form(text, want):
    assert people(parse_strict(text, PUBLISHED, url="https://www.defence.gov.au/x")) == want


def test_a_visit_to_several_hosts_is_a_visit_not_a_multilateral_meeting():
    text = "Gen. Dagvin Anderson visited Ghana and Togo, May 5-8, 2024, on his first trip to West Africa as commander."
    ex = parse_strict(text, PUBLISHED, url="https://www.africom.mil/pressrelease/1/x")
    assert codes(ex) == ["GHA", "TGO", "USA"]
    assert ex.kind == "visit"


def test_countries_represented_at_a_call_are_parties():
    text = (
        "The Association of Foreign Defence Attaches in Kenya called on the Chief of the Defence Forces, General "
        "Charles Kahariri, at Defence Headquarters on Tuesday.\n"
        "The association is made up of attaches representing France, Germany and Japan. Others included India "
        "and Egypt.\n"
        "The Chief of the Defence Forces welcomed the attaches."
    )
    ex = parse_strict(text, PUBLISHED, url="https://mod.go.ke/x")
    assert codes(ex) == ["DEU", "EGY", "FRA", "IND", "JPN", "KEN"]
