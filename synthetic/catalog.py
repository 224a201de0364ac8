"""The recurring things readouts talk about: agreement types, named exercises, forums.

Data only; world.py decides which partner holds which agreement and takes part in which
exercise, and when each forum meets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AgreementType:
    kind: str  # AgreementKind
    name: str  # canonical name; "{pair}" is replaced by the parties' pair form when present
    short: str = ""  # abbreviation a readout may use instead ("ACSA")
    renewable: bool = True
    odds: tuple[float, float, float] = (0.5, 0.3, 0.1)  # chance a tier-1/2/3 partner holds one
    earliest: int = 2000  # first year it can be discussed
    in_force_odds: float = 0.0  # chance it was signed before 2000 (then never "signed" here)


# US-partner instruments. Tier 1: the ~25 most engaged partners; tier 2: the next ~45.
US_AGREEMENTS: tuple[AgreementType, ...] = (
    AgreementType("ACSA", "Acquisition and Cross-Servicing Agreement", "ACSA", odds=(0.9, 0.5, 0.2), in_force_odds=0.5),
    AgreementType(
        "GSOMIA",
        "General Security of Military Information Agreement",
        "GSOMIA",
        odds=(0.6, 0.3, 0.1),
        in_force_odds=0.3,
    ),
    AgreementType("RDP", "Reciprocal Defense Procurement Agreement", odds=(0.6, 0.2, 0.0), in_force_odds=0.4),
    AgreementType("SOSA", "Security of Supply Arrangement", odds=(0.5, 0.15, 0.0), earliest=2016),
    AgreementType("DCA", "Defense Cooperation Agreement", "DCA", odds=(0.3, 0.4, 0.2)),
    AgreementType("SOFA", "Status of Forces Agreement", "SOFA", odds=(0.4, 0.3, 0.2), in_force_odds=0.5),
    AgreementType("MOU", "Memorandum of Understanding on Defense Cooperation", odds=(0.5, 0.6, 0.5)),
    AgreementType("MOU", "Memorandum of Understanding on Military Education Exchanges", odds=(0.2, 0.2, 0.2)),
    AgreementType("MOU", "Memorandum of Understanding on Defense Research and Development", odds=(0.3, 0.1, 0.0)),
    AgreementType("ROADMAP", "Roadmap for Defense Cooperation", odds=(0.4, 0.3, 0.1), earliest=2008),
    AgreementType("ROADMAP", "{pair} Joint Vision Statement", odds=(0.3, 0.2, 0.05), renewable=False),
    AgreementType("JOINT_STATEMENT", "Joint Declaration on Defense Cooperation", odds=(0.2, 0.2, 0.1), renewable=False),
    AgreementType(
        "OTHER",
        "bilateral agreement on geospatial cooperation",
        odds=(0.2, 0.1, 0.0),
        earliest=2012,
        renewable=False,
    ),
    AgreementType(
        "OTHER",
        "Communications Interoperability and Security Memorandum of Agreement",
        odds=(0.3, 0.1, 0.0),
        earliest=2010,
    ),
)
# Pairs of allies and friends without the United States hold fewer, more general ones.
OTHER_AGREEMENTS: tuple[AgreementType, ...] = (
    AgreementType("ACSA", "Acquisition and Cross-Servicing Agreement", "ACSA", odds=(0.3, 0.1, 0.0)),
    AgreementType("GSOMIA", "Agreement on the Security of Information", odds=(0.3, 0.1, 0.0)),
    AgreementType("MOU", "Memorandum of Understanding on Defence Cooperation", odds=(0.5, 0.3, 0.1)),
    AgreementType("OTHER", "Reciprocal Access Agreement", odds=(0.2, 0.0, 0.0), earliest=2014),
    AgreementType("JOINT_STATEMENT", "Joint Statement on Defence Cooperation", odds=(0.3, 0.1, 0.0), renewable=False),
)
# Treaties a partner shares with the United States: reaffirmed, never signed or renewed here.
TREATIES: dict[str, str] = {
    "JPN": "Treaty of Mutual Cooperation and Security",
    "KOR": "Mutual Defense Treaty",
    "PHL": "Mutual Defense Treaty",
    "AUS": "ANZUS Treaty",
    "THA": "Manila Pact",
}
NATO_TREATY = "North Atlantic Treaty"
# Arms sales: one Letter of Offer and Acceptance per system, signed once.
LOA_SYSTEMS: tuple[str, ...] = (
    "F-16 Block 70 aircraft",
    "F-35A aircraft",
    "Patriot air and missile defense systems",
    "MQ-9B aircraft",
    "AH-64E Apache helicopters",
    "C-130J transport aircraft",
    "HIMARS launchers",
    "UH-60M Black Hawk helicopters",
    "P-8A maritime patrol aircraft",
    "NASAMS air defense systems",
    "Javelin anti-armor systems",
    "Stryker vehicles",
)


@dataclass(frozen=True, slots=True)
class NamedExercise:
    name: str
    countries: tuple[str, ...]  # partners that take part (the United States always does)
    location: str
    first: int = 2000
    last: int = 2025
    every: int = 1  # 2: held every other year, from ``first``


NAMED_EXERCISES: tuple[NamedExercise, ...] = (
    NamedExercise("Balikatan", ("PHL",), "Luzon, Philippines"),
    NamedExercise("Cobra Gold", ("THA", "SGP", "IDN", "MYS", "JPN", "KOR"), "Thailand"),
    NamedExercise("CARAT Bangladesh", ("BGD",), "Chittagong, Bangladesh", 2011),
    NamedExercise("CARAT Indonesia", ("IDN",), "Surabaya, Indonesia"),
    NamedExercise("CARAT Malaysia", ("MYS",), "Kuantan, Malaysia"),
    NamedExercise("CARAT Sri Lanka", ("LKA",), "Trincomalee, Sri Lanka", 2017),
    NamedExercise("CARAT Brunei", ("BRN",), "Muara, Brunei"),
    NamedExercise("CARAT Timor-Leste", ("TLS",), "Dili, Timor-Leste", 2013),
    NamedExercise(
        "RIMPAC",
        (
            "AUS",
            "CAN",
            "JPN",
            "KOR",
            "IND",
            "IDN",
            "MYS",
            "SGP",
            "PHL",
            "CHL",
            "PER",
            "MEX",
            "NZL",
            "GBR",
            "FRA",
            "DEU",
            "NLD",
        ),
        "Hawaii",
        2000,
        2024,
        2,
    ),
    NamedExercise("Talisman Sabre", ("AUS", "JPN", "NZL", "CAN", "GBR", "KOR"), "Queensland, Australia", 2005, 2025, 2),
    NamedExercise("Key Resolve", ("KOR",), "Republic of Korea", 2008, 2018),
    NamedExercise("Foal Eagle", ("KOR",), "Republic of Korea", 2000, 2018),
    NamedExercise("Freedom Shield", ("KOR",), "Republic of Korea", 2019),
    NamedExercise("Ulchi Freedom Shield", ("KOR",), "Republic of Korea", 2022),
    NamedExercise("Keen Sword", ("JPN",), "Japan", 2000, 2024, 2),
    NamedExercise("Orient Shield", ("JPN",), "Hokkaido, Japan"),
    NamedExercise("Resolute Dragon", ("JPN",), "Okinawa, Japan", 2021),
    NamedExercise("Malabar", ("IND", "JPN", "AUS"), "Bay of Bengal", 2002),
    NamedExercise("Yudh Abhyas", ("IND",), "Uttarakhand, India", 2004),
    NamedExercise("Cope India", ("IND",), "West Bengal, India", 2004),
    NamedExercise("Tiger Triumph", ("IND",), "Visakhapatnam, India", 2019),
    NamedExercise("Garuda Shield", ("IDN",), "Baturaja, Indonesia", 2007, 2021),
    NamedExercise("Super Garuda Shield", ("IDN", "AUS", "JPN", "SGP"), "East Java, Indonesia", 2022),
    NamedExercise("African Lion", ("MAR", "TUN", "SEN", "GHA"), "Morocco", 2004),
    NamedExercise(
        "Flintlock", ("NER", "MLI", "BFA", "MRT", "SEN", "TCD", "NGA", "CMR", "GHA", "CIV"), "the Sahel", 2005
    ),
    NamedExercise("Justified Accord", ("KEN", "UGA", "TZA", "RWA", "DJI"), "Kenya", 2019),
    NamedExercise("Cutlass Express", ("DJI", "KEN", "SYC", "MUS", "MDG", "TZA"), "Djibouti", 2011),
    NamedExercise("Obangame Express", ("GHA", "NGA", "CMR", "TGO", "BEN", "GAB", "CIV"), "the Gulf of Guinea", 2011),
    NamedExercise("Eager Lion", ("JOR",), "Jordan", 2011),
    NamedExercise("Bright Star", ("EGY",), "Egypt", 2017, 2025, 2),
    NamedExercise("Juniper Cobra", ("ISR",), "Israel", 2002, 2024, 2),
    NamedExercise("Iron Union", ("ARE",), "United Arab Emirates", 2014),
    NamedExercise("Native Fury", ("ARE", "SAU"), "United Arab Emirates", 2016),
    NamedExercise("Saber Strike", ("EST", "LVA", "LTU", "POL"), "the Baltic states", 2010),
    NamedExercise("BALTOPS", ("DEU", "POL", "DNK", "SWE", "FIN", "EST", "LVA", "LTU", "NOR", "NLD"), "the Baltic Sea"),
    NamedExercise("Anakonda", ("POL",), "Poland", 2006, 2024, 2),
    NamedExercise("Defender Europe", ("DEU", "POL", "EST", "LVA", "LTU", "ROU", "BGR"), "Europe", 2020, 2023),
    NamedExercise("Cold Response", ("NOR", "SWE", "FIN", "GBR", "NLD"), "Norway", 2006, 2024, 2),
    NamedExercise("Sea Breeze", ("UKR",), "the Black Sea", 2000, 2021),
    NamedExercise("Rapid Trident", ("UKR",), "Yavoriv, Ukraine", 2011, 2021),
    NamedExercise("Khaan Quest", ("MNG",), "Mongolia", 2003),
    NamedExercise("UNITAS", ("BRA", "CHL", "COL", "PER", "ECU", "ARG", "MEX", "URY"), "South America"),
    NamedExercise("PANAMAX", ("PAN", "COL", "CHL", "PER"), "the Panama Canal", 2003),
    NamedExercise("Tradewinds", ("JAM", "TTO", "BRB", "BHS", "DOM", "BLZ", "GUY"), "the Caribbean"),
    NamedExercise("Pitch Black", ("AUS", "SGP", "IDN", "IND", "JPN"), "Darwin, Australia", 2000, 2024, 2),
    NamedExercise("Kamandag", ("PHL",), "Luzon, Philippines", 2017),
)
# Words for made-up exercise names ("Steadfast Falcon") of partners without a named one.
EXERCISE_ADJECTIVES = (
    "Shared",
    "Steadfast",
    "Desert",
    "Iron",
    "Southern",
    "Northern",
    "Eastern",
    "Western",
    "Golden",
    "Silver",
    "Coastal",
    "Mountain",
    "Swift",
    "Resolute",
    "Jungle",
    "Allied",
    "United",
    "Vigilant",
    "Noble",
    "Bold",
)
EXERCISE_NOUNS = (
    "Falcon",
    "Sentry",
    "Spear",
    "Horizon",
    "Guardian",
    "Eagle",
    "Anchor",
    "Arrow",
    "Harbor",
    "Thunder",
    "Dagger",
    "Partner",
    "Endeavor",
    "Ranger",
    "Tiger",
    "Kestrel",
    "Bastion",
    "Compass",
    "Citadel",
    "Lance",
)
# Exercises a readout describes instead of naming ("a combined live-fire exercise").
DESCRIBED_EXERCISES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("combined live-fire exercise", ()),
    ("bilateral amphibious landing drill", ()),
    ("HIMARS live-fire demonstration", ("HIMARS",)),
    ("combined air defense drill", ("Patriot",)),
    ("joint search-and-rescue drill", ()),
    ("combined special operations exercise", ()),
)


@dataclass(frozen=True, slots=True)
class ForumType:
    short_name: str
    name: str
    aliases: tuple[str, ...]
    city: str  # usual city (location string)
    months: tuple[int, ...]  # usual month(s) in a year
    first: int = 2000
    last: int = 2025
    every: int = 1
    weight: float = 1.0  # how many engagements one meeting of it draws
    pool: tuple[str, ...] = ()  # areas or country codes whose officials attend
    # Years when it met elsewhere: {year: (month, city)}.
    venues: dict[int, tuple[int, str]] = field(default_factory=dict)


_ASEAN = ("BRN", "KHM", "IDN", "LAO", "MYS", "MMR", "PHL", "SGP", "THA", "VNM")
NATO_JOINED: dict[str, int] = {
    "BEL": 1949,
    "CAN": 1949,
    "DNK": 1949,
    "FRA": 1949,
    "ISL": 1949,
    "ITA": 1949,
    "LUX": 1949,
    "NLD": 1949,
    "NOR": 1949,
    "PRT": 1949,
    "GBR": 1949,
    "USA": 1949,
    "GRC": 1952,
    "TUR": 1952,
    "DEU": 1955,
    "ESP": 1982,
    "CZE": 1999,
    "HUN": 1999,
    "POL": 1999,
    "BGR": 2004,
    "EST": 2004,
    "LVA": 2004,
    "LTU": 2004,
    "ROU": 2004,
    "SVK": 2004,
    "SVN": 2004,
    "ALB": 2009,
    "HRV": 2009,
    "MNE": 2017,
    "MKD": 2020,
    "FIN": 2023,
    "SWE": 2024,
}

FORUMS: tuple[ForumType, ...] = (
    ForumType(
        "Shangri-La Dialogue",
        "IISS Shangri-La Dialogue",
        ("IISS Asia Security Summit",),
        "Singapore",
        (6,),
        first=2002,
        weight=3.0,
        pool=("NEA", "SEA", "SAS", "OCE", "GBR", "FRA", "CAN", "DEU"),
    ),
    ForumType(
        "ADMM-Plus",
        "ASEAN Defence Ministers' Meeting-Plus",
        ("ADMM+", "ASEAN Defense Ministers' Meeting-Plus"),
        "Singapore",
        (11,),
        first=2010,
        weight=2.5,
        pool=(*_ASEAN, "AUS", "CHN", "IND", "JPN", "NZL", "KOR", "RUS"),
        venues={
            2010: (10, "Hanoi, Vietnam"),
            2013: (8, "Bandar Seri Begawan, Brunei"),
            2015: (11, "Kuala Lumpur, Malaysia"),
            2017: (10, "Clark, Philippines"),
            2018: (10, "Singapore"),
            2019: (11, "Bangkok, Thailand"),
            2022: (11, "Siem Reap, Cambodia"),
            2023: (11, "Jakarta, Indonesia"),
            2024: (11, "Vientiane, Laos"),
            2025: (11, "Kuala Lumpur, Malaysia"),
        },
    ),
    ForumType(
        "NATO Defence Ministers Meeting",
        "Meeting of NATO Ministers of Defence",
        ("NATO Defense Ministers Meeting", "NATO Defense Ministerial"),
        "Brussels, Belgium",
        (2, 6, 10),
        weight=2.5,
        pool=("NATO",),
    ),
    ForumType(
        "NATO Summit",
        "NATO Summit",
        ("North Atlantic Treaty Organization Summit",),
        "Brussels, Belgium",
        (7,),
        weight=2.0,
        pool=("NATO",),
        venues={
            2002: (11, "Prague, Czech Republic"),
            2004: (6, "Istanbul, Türkiye"),
            2006: (11, "Riga, Latvia"),
            2008: (4, "Bucharest, Romania"),
            2009: (4, "Strasbourg, France"),
            2010: (11, "Lisbon, Portugal"),
            2012: (5, "Chicago, Illinois"),
            2014: (9, "Newport, United Kingdom"),
            2016: (7, "Warsaw, Poland"),
            2017: (5, "Brussels, Belgium"),
            2018: (7, "Brussels, Belgium"),
            2019: (12, "London, United Kingdom"),
            2021: (6, "Brussels, Belgium"),
            2022: (6, "Madrid, Spain"),
            2023: (7, "Vilnius, Lithuania"),
            2024: (7, "Washington, D.C."),
            2025: (6, "The Hague, Netherlands"),
        },
    ),
    ForumType(
        "Munich Security Conference",
        "Munich Security Conference",
        ("MSC",),
        "Munich, Germany",
        (2,),
        weight=2.0,
        pool=("EUR", "MEA", "JPN", "IND", "AUS", "CAN"),
    ),
    ForumType(
        "Halifax International Security Forum",
        "Halifax International Security Forum",
        ("Halifax Forum",),
        "Halifax, Canada",
        (11,),
        first=2009,
        pool=("NATO", "JPN", "KOR", "AUS", "UKR"),
    ),
    ForumType(
        "Manama Dialogue",
        "IISS Manama Dialogue",
        ("IISS Regional Security Summit",),
        "Manama, Bahrain",
        (12,),
        first=2004,
        pool=("MEA", "GBR", "FRA"),
    ),
    ForumType(
        "Ukraine Defense Contact Group",
        "Ukraine Defense Contact Group",
        ("UDCG",),
        "Brussels, Belgium",
        (2, 4, 6, 9, 11),
        first=2022,
        weight=1.5,
        pool=("UKR", "NATO", "AUS", "JPN", "KOR"),
        venues={2022: (4, "Ramstein Air Base, Germany")},
    ),
    ForumType(
        "Conference of Defense Ministers of the Americas",
        "Conference of Defense Ministers of the Americas",
        ("CDMA",),
        "Santiago, Chile",
        (10,),
        every=2,
        pool=("AME",),
        venues={
            2008: (9, "Banff, Canada"),
            2010: (11, "Santa Cruz, Bolivia"),
            2012: (10, "Punta del Este, Uruguay"),
            2014: (10, "Arequipa, Peru"),
            2016: (10, "Port of Spain, Trinidad and Tobago"),
            2018: (10, "Cancún, Mexico"),
            2022: (7, "Brasília, Brazil"),
            2024: (10, "Mendoza, Argentina"),
        },
    ),
    ForumType(
        "Seoul Defense Dialogue",
        "Seoul Defense Dialogue",
        ("SDD",),
        "Seoul, Republic of Korea",
        (9,),
        first=2012,
        weight=0.6,
        pool=("NEA", "SEA", "EUR"),
    ),
    ForumType(
        "Raisina Dialogue",
        "Raisina Dialogue",
        (),
        "New Delhi, India",
        (3,),
        first=2016,
        weight=0.5,
        pool=("SAS", "NEA", "EUR", "OCE"),
    ),
)
