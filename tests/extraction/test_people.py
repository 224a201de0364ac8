"""Who took part: names (honorifics and ranks stripped), titles, countries; not spokespeople or
people named in passing."""

import pytest

from tests.extraction.helpers import people, run

CASES = [
    # title + name, country from a demonym, a "Country's" prefix, "of Country", or the title
    (
        "Secretary of Defense Lloyd J. Austin III met with Danish Minister of Defence Troels Lund Poulsen in Copenhagen.",
        {("Lloyd J. Austin III", "USA"), ("Troels Lund Poulsen", "DNK")},
    ),
    (
        "Secretary of Defense Pete Hegseth spoke with Panama's Minister of Public Security, Frank Abrego, on Tuesday.",
        {("Pete Hegseth", "USA"), ("Frank Abrego", "PAN")},
    ),
    (
        "Deputy Secretary of Defense Kathleen Hicks met with the Minister of Defence of Lithuania Arvydas Anusauskas.",
        {("Kathleen Hicks", "USA"), ("Arvydas Anusauskas", "LTU")},
    ),
    (
        "Secretary of Defense Mark T. Esper met with Minister of Defense Nyamaa Enkhbold of Mongolia at the Pentagon.",
        {("Mark T. Esper", "USA"), ("Nyamaa Enkhbold", "MNG")},
    ),
    (
        "Chairman of the Joint Chiefs of Staff Gen. Mark A. Milley spoke with Commander of the Finnish Defence Forces Gen. Timo Kivinen.",
        {("Mark A. Milley", "USA"), ("Timo Kivinen", "FIN")},
    ),
    (
        "Secretary Austin met with Republic of Korea (ROK) Minister of National Defense Shin Won-sik in Seoul.",
        {("Austin", "USA"), ("Shin Won-sik", "KOR")},
    ),
    (
        "Secretary Austin spoke with the People's Republic of China's (PRC) Minister of National Defense Adm. Dong Jun.",
        {("Austin", "USA"), ("Dong Jun", "CHN")},
    ),
    # honorifics before the name are not part of it
    (
        "The U.S. Secretary of War, the Honorable Pete Hegseth, and the Minister of Defence of Malaysia, the Honorable Dato' Seri Haji Mohamed Khaled bin Nordin, held talks in Kuala Lumpur.",
        {("Pete Hegseth", "USA"), ("Mohamed Khaled bin Nordin", "MYS")},
    ),
    (
        "Secretary of Defense Lloyd J. Austin III met today with His Majesty King Abdullah II of Jordan in Amman.",
        {("Lloyd J. Austin III", "USA"), ("Abdullah II", "JOR")},
    ),
    (
        "Secretary of Defense Lloyd J. Austin III met today with Sheikh Tamim bin Hamad Al Thani, Amir of Qatar, at the Pentagon.",
        {("Lloyd J. Austin III", "USA"), ("Tamim bin Hamad Al Thani", "QAT")},
    ),
    (
        "Secretary of Defense Jim Mattis hosted German Minister of Defense Ursula von der Leyen at the Pentagon today.",
        {("Jim Mattis", "USA"), ("Ursula von der Leyen", "DEU")},
    ),
    (
        "Secretary of Defense Lloyd J. Austin III met with India's Minister of External Affairs, Dr. S. Jaishankar, in Washington.",
        {("Lloyd J. Austin III", "USA"), ("S. Jaishankar", "IND")},
    ),
    # appositive: "his Danish counterpart, Minister ..."; "his counterpart from the United Kingdom, ..."
    (
        "Secretary Austin and his Dutch counterpart, Minister of Defence Ruben Brekelmans, met in Brussels.",
        {("Austin", "USA"), ("Ruben Brekelmans", "NLD")},
    ),
    (
        "Secretary of Defense Jim Mattis met with his counterpart from the United Kingdom, Defence Secretary Gavin Williamson, in London.",
        {("Jim Mattis", "USA"), ("Gavin Williamson", "GBR")},
    ),
    (
        "Secretary of Defense Lloyd J. Austin III met with his Japanese and Australian counterparts, Minister of Defense Nakatani Gen and Deputy Prime Minister Richard Marles.",
        {("Lloyd J. Austin III", "USA"), ("Nakatani Gen", "JPN"), ("Richard Marles", "AUS")},
    ),
    # a country prefix covers titles joined by "and"
    (
        "Gen. Dan Caine spoke with Mexico's Secretary of National Defense Gen. Ricardo Trevilla Trejo and Secretary of the Navy Adm. Raymundo Morales Angeles.",
        {("Dan Caine", None), ("Ricardo Trevilla Trejo", "MEX"), ("Raymundo Morales Angeles", "MEX")},
    ),
    # two foreign principals in one lead; the second with no country of its own
    (
        "Gen. CQ Brown, Jr. met with Minister of Defense Yoav Gallant and Israeli Chief of the General Staff Lt. Gen. Herzi Halevi in Tel Aviv.",
        {("CQ Brown Jr.", None), ("Yoav Gallant", "ISR"), ("Herzi Halevi", "ISR")},
    ),
    # the partner country named only as the place
    (
        "Secretary Austin arrived in India for meetings with Prime Minister Narendra Modi and National Security Advisor Ajit Doval.",
        {("Austin", "USA"), ("Narendra Modi", "IND"), ("Ajit Doval", "IND")},
    ),
    # rank and name, then the title in apposition
    (
        "Chairman of the Joint Chiefs of Staff Gen. Mark A. Milley spoke with his Ukrainian counterpart, Gen. Valerii Zaluzhnyi, Commander-in-Chief of the Armed Forces of Ukraine.",
        {("Mark A. Milley", "USA"), ("Valerii Zaluzhnyi", "UKR")},
    ),
    (
        "U.S. Africa Command Commander Gen. Michael Langley met with Somali President Hassan Sheikh Mohamud in Mogadishu.",
        {("Michael Langley", "USA"), ("Hassan Sheikh Mohamud", "SOM")},
    ),
    (
        "Secretary of State Antony J. Blinken met with Philippine Foreign Secretary Enrique Manalo and Japanese Foreign Minister Kamikawa Yoko.",
        {("Antony J. Blinken", "USA"), ("Enrique Manalo", "PHL"), ("Kamikawa Yoko", "JPN")},
    ),
    # a person the Secretary "also met with" later on
    (
        "Secretary Austin met today with President of Angola Joao Lourenco in Luanda. They discussed maritime security. "
        "Secretary Austin also met with Minister of National Defense Joao Ernesto dos Santos.",
        {("Austin", "USA"), ("Joao Lourenco", "AGO"), ("Joao Ernesto dos Santos", "AGO")},
    ),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_participants(text, want):
    got = people(run(text))
    # Countries in the table are what the text alone says; None means "any".
    assert {n for n, _ in got} == {n for n, _ in want}
    for name, country in want:
        if country is not None:
            assert (name, country) in got


NOT_PARTICIPANTS = [
    # the spokesperson reads the readout out
    (
        "Pentagon Press Secretary Maj. Gen. Pat Ryder provided the following readout:\n"
        "Secretary of Defense Lloyd J. Austin III spoke with Estonian Minister of Defence Hanno Pevkur.",
        "Pat Ryder",
    ),
    (
        "Secretary of Defense James N. Mattis met with Malaysian Defense Minister Mohamad bin Sabu yesterday, chief Pentagon spokesperson Dana W. White said.",
        "Dana W. White",
    ),
    # people mentioned in passing
    (
        "Secretary Hegseth thanked Minister Khaled for supporting President Trump's efforts.\n"
        "Secretary of War Pete Hegseth met with Malaysian Minister of Defence Mohamed Khaled Nordin.",
        "Trump",
    ),
    (
        "Secretary of Defense Lloyd J. Austin III spoke today with Ukrainian Minister of Defence Rustem Umerov to discuss the aid announced by President Biden.",
        "Biden",
    ),
    (
        "Secretary of Defense Lloyd J. Austin III spoke with Chinese Minister of National Defense Adm. Dong Jun as a follow-up to the call between President Biden and President Xi Jinping.",
        "Xi Jinping",
    ),
    (
        "Secretary of Defense Lloyd J. Austin III met today with Indonesian Minister of Defense Prabowo Subianto on the day President Joe Biden and President Joko Widodo upgraded ties.",
        "Joko Widodo",
    ),
    (
        "The United States and the Philippines signed the agreement today, a step that Defense Secretary Chuck Hagel said will help.\n"
        "U.S. Ambassador to the Philippines Philip S. Goldberg and Philippine Secretary of National Defense Voltaire T. Gazmin signed for their governments.",
        "Chuck Hagel",
    ),
    # a future meeting with someone else
    (
        "Secretary of Defense Lloyd J. Austin III met with Indian Minister of External Affairs S. Jaishankar today. "
        "Secretary Austin looks forward to hosting Indian Defense Minister Rajnath Singh later this year.",
        "Rajnath Singh",
    ),
]


@pytest.mark.parametrize(("text", "absent"), NOT_PARTICIPANTS)
def test_not_participants(text, absent):
    names = {n for n, _ in people(run(text))}
    assert not any(absent in n for n in names), names


def test_an_organisations_official_has_no_country():
    ex = run(
        "Secretary of Defense Lloyd J. Austin III met with NATO Secretary General Jens Stoltenberg and Polish Minister of National Defense Mariusz Blaszczak in Warsaw."
    )
    assert people(ex) == {
        ("Lloyd J. Austin III", "USA"),
        ("Jens Stoltenberg", None),
        ("Mariusz Blaszczak", "POL"),
    }


def test_counterparts_named_after_a_lead_about_countries():
    text = (
        "U.S. and Philippines Sign Agreement\nWASHINGTON, April 28, 2014 - The United States and the Philippines signed "
        "the Enhanced Defense Cooperation Agreement today, a step that Defense Secretary Chuck Hagel said will help.\n"
        "U.S. Ambassador to the Philippines Philip S. Goldberg and Philippine Secretary of National Defense Voltaire T. Gazmin "
        "signed for their governments a few hours before President Barack Obama landed in Manila."
    )
    assert people(run(text)) == {("Philip S. Goldberg", "USA"), ("Voltaire T. Gazmin", "PHL")}


def test_bare_surname_is_filled_from_the_headline():
    ex = run(
        "Secretary Austin spoke this morning with Israeli Minister of Defense Yoav Gallant.",
        title="Readout of Secretary of Defense Lloyd J. Austin III's Call With Israeli Minister of Defense Yoav Gallant",
    )
    assert people(ex) == {("Lloyd J. Austin III", "USA"), ("Yoav Gallant", "ISR")}


def test_headline_supplies_a_participant_the_text_names_by_surname():
    ex = run(
        "The Secretary met with his Japanese counterpart today. Minister Nakatani thanked the Secretary.",
        title="Readout of Secretary of Defense Lloyd J. Austin III's Meeting With Japanese Minister of Defense Nakatani Gen",
    )
    assert ("Nakatani Gen", "JPN") in people(ex)


def test_the_publishers_principal_leads():
    text = (
        "The Deputy Prime Minister and Minister for Defence, the Hon Richard Marles MP, today welcomed Indonesia's "
        "Minister of Defence, His Excellency Prabowo Subianto, to Parliament House in Canberra."
    )
    ex = run(text, publisher="AUS")
    assert people(ex) == {("Richard Marles", "AUS"), ("Prabowo Subianto", "IDN")}


def test_participant_span_is_its_sentence():
    text = "Pentagon Press Secretary John Kirby provided the following readout:\nSecretary of Defense Lloyd J. Austin III met with Polish Minister of National Defense Mariusz Blaszczak."
    ex = run(text)
    for p in ex.participants:
        s, e = p.span
        assert text[s:e].startswith("Secretary of Defense") and p.name.split()[-1] in text[s:e]
