"""Which topics an engagement covers (priors by area and year) and how a readout words them.

Every phrase maps onto exactly one term of the shared vocabulary (SCHEMA.md) and avoids the
words of the others, so the text says what the rows say: a readout about "maritime domain
awareness" is tagged maritime security and nothing else.
"""

from __future__ import annotations

import itertools
from functools import cache

# Weight of each topic everywhere, before the area and the year adjust it.
BASE: dict[str, float] = {
    "arms sales": 1.0,
    "capacity building": 2.0,
    "climate and environment": 0.5,
    "counterterrorism": 1.5,
    "cybersecurity": 2.0,
    "defense industry": 2.0,
    "disaster relief": 1.0,
    "education and training": 4.0,
    "force posture": 1.0,
    "health": 0.5,
    "human rights": 0.3,
    "humanitarian assistance": 1.0,
    "information sharing": 2.0,
    "interoperability": 4.0,
    "intelligence": 0.8,
    "maritime security": 2.0,
    "missile defense": 0.6,
    "modernization": 2.0,
    "north korea": 0.2,
    "nuclear": 0.4,
    "peacekeeping": 0.5,
    "regional security": 6.0,
    "russia ukraine": 0.5,
    "south china sea": 0.2,
    "space": 0.8,
    "taiwan": 0.1,
    "technology": 1.5,
    "middle east": 0.3,
    "china": 0.6,
}

AREA: dict[str, dict[str, float]] = {
    "NEA": {
        "north korea": 6,
        "missile defense": 4,
        "force posture": 4,
        "china": 4,
        "nuclear": 2,
        "space": 2,
        "taiwan": 1,
        "maritime security": 3,
        "technology": 2,
        "defense industry": 3,
        "information sharing": 3,
    },
    "SEA": {
        "maritime security": 7,
        "south china sea": 5,
        "counterterrorism": 3,
        "capacity building": 4,
        "disaster relief": 3,
        "humanitarian assistance": 3,
        "education and training": 5,
        "china": 2,
        "arms sales": 1.5,
        "modernization": 3,
    },
    "SAS": {
        "counterterrorism": 4,
        "maritime security": 4,
        "defense industry": 4,
        "technology": 3,
        "china": 2,
        "arms sales": 2,
        "disaster relief": 2,
    },
    "CAS": {"counterterrorism": 4, "capacity building": 3, "russia ukraine": 1, "peacekeeping": 1},
    "EUR": {
        "russia ukraine": 7,
        "interoperability": 6,
        "defense industry": 4,
        "force posture": 4,
        "cybersecurity": 3,
        "missile defense": 2,
        "nuclear": 2,
        "modernization": 3,
        "space": 1.5,
        "intelligence": 1.5,
        "china": 1,
        "regional security": 4,
    },
    "MEA": {
        "middle east": 7,
        "counterterrorism": 6,
        "missile defense": 4,
        "arms sales": 4,
        "maritime security": 3,
        "intelligence": 2,
        "force posture": 2,
        "humanitarian assistance": 1.5,
        "nuclear": 1,
    },
    "AFR": {
        "counterterrorism": 6,
        "peacekeeping": 5,
        "capacity building": 6,
        "maritime security": 4,
        "health": 2,
        "human rights": 2,
        "education and training": 5,
        "humanitarian assistance": 2,
        "regional security": 5,
    },
    "AME": {
        "humanitarian assistance": 3,
        "disaster relief": 4,
        "human rights": 2,
        "capacity building": 3,
        "cybersecurity": 3,
        "climate and environment": 2,
        "regional security": 4,
        "peacekeeping": 1.5,
    },
    "OCE": {
        "maritime security": 6,
        "climate and environment": 4,
        "disaster relief": 4,
        "humanitarian assistance": 3,
        "interoperability": 5,
        "force posture": 4,
        "china": 3,
        "regional security": 5,
        "space": 1.5,
        "defense industry": 3,
        "technology": 2,
    },
}


def year_factor(topic: str, year: int) -> float:
    """How much more (or less) a topic came up in a given year than on average."""
    if topic == "russia ukraine":
        return 0.0 if year < 2014 else 0.5 if year < 2022 else 2.5
    if topic == "cybersecurity":
        return 0.1 if year < 2008 else 0.6 if year < 2015 else 1.2
    if topic == "space":
        return 0.1 if year < 2010 else 0.5 if year < 2019 else 1.5
    if topic == "climate and environment":
        return 0.2 if year < 2014 else 2.0 if year >= 2021 else 1.0
    if topic == "health":
        return 5.0 if year in (2020, 2021) else 1.0
    if topic == "china":
        return 0.3 if year < 2012 else 1.5 if year >= 2018 else 1.0
    if topic == "counterterrorism":
        return 1.8 if 2001 <= year <= 2015 else 0.6 if year >= 2021 else 1.0
    if topic == "south china sea":
        return 0.2 if year < 2010 else 1.5 if year >= 2014 else 1.0
    if topic in ("technology", "middle east"):
        return 1.5 if year >= (2019 if topic == "technology" else 2023) else 1.0
    return 1.0


@cache
def weights(area: str, year: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Topics and cumulative weights for ``random.choices`` (cached: 9 areas x 26 years)."""
    names = tuple(BASE)
    raw = [AREA.get(area, {}).get(t, BASE[t]) * year_factor(t, year) for t in names]
    return names, tuple(itertools.accumulate(raw))


# Area nouns: "cooperation in {maritime security}". Issues: "discussed {the situation in ...}".
AREAS: dict[str, tuple[str, ...]] = {
    "arms sales": ("foreign military sales", "pending defense sales cases"),
    "capacity building": ("capacity building", "partner capacity building"),
    "climate and environment": ("climate security", "climate change adaptation"),
    "counterterrorism": ("counterterrorism", "efforts to counter violent extremist organizations"),
    "cybersecurity": ("cybersecurity", "cyber defense"),
    "defense industry": ("the defense industrial base", "co-production of defense equipment"),
    "disaster relief": ("disaster relief", "disaster response"),
    "education and training": (
        "professional military education",
        "military training",
        "professional exchanges",
    ),
    "force posture": ("force posture",),
    "health": ("military medicine", "global health security"),
    "human rights": ("human rights",),
    "humanitarian assistance": ("humanitarian assistance",),
    "information sharing": ("information sharing",),
    "interoperability": ("interoperability",),
    "intelligence": ("intelligence", "intelligence exchanges"),
    "maritime security": ("maritime security", "maritime domain awareness"),
    "missile defense": ("air and missile defense", "ballistic missile defense"),
    "modernization": ("military modernization",),
    "nuclear": ("nuclear deterrence",),
    "peacekeeping": ("peacekeeping", "UN peacekeeping operations"),
    "space": ("space", "space domain awareness"),
    "technology": ("emerging technologies", "critical and emerging technology"),
}
ISSUES: dict[str, tuple[str, ...]] = {
    "capacity building": ("efforts to build the capacity of partner forces",),
    "human rights": ("the importance of respect for human rights", "the rule of law and human rights"),
    "nuclear": ("nuclear nonproliferation",),
    "north korea": ("North Korea's destabilizing activities", "the situation on the Korean Peninsula"),
    "regional security": (
        "regional security",
        "the regional security environment",
        "regional security challenges",
    ),
    "russia ukraine": (
        "Russia's war against Ukraine",
        "Russia's aggression against Ukraine",
        "support for Ukraine's defense against Russia",
    ),
    "south china sea": (
        "developments in the South China Sea",
        "freedom of navigation in the South China Sea",
    ),
    "taiwan": ("peace and stability across the Taiwan Strait",),
    "middle east": ("the situation in the Middle East", "developments in the Middle East"),
    "china": (
        "the People's Republic of China's coercive behavior",
        "challenges posed by the PRC",
        "China's military buildup",
    ),
    "health": ("the COVID-19 pandemic",),
}
# Words that only some years can say.
EARLIEST: dict[str, int] = {
    "the COVID-19 pandemic": 2020,
    "Russia's war against Ukraine": 2022,
    "support for Ukraine's defense against Russia": 2014,
    "Russia's aggression against Ukraine": 2014,
    "critical and emerging technology": 2018,
    "space domain awareness": 2018,
}
