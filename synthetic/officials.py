"""Offices and who held them: the real U.S. office holders, and the titles of everyone else's.

A participation picks the holder of an office at the engagement's date, so the U.S. side
reads like history: Rumsfeld in 2003, Carter in 2016 (after his years as deputy), Austin in
2022, Hegseth as "Secretary of War" from September 2025. Other countries' holders are made
up (world.py), under the titles their ministries really use.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

OFFICES = ("minister", "deputy", "chief")


@dataclass(frozen=True, slots=True)
class Term:
    start: dt.date
    name: str
    short: str  # "Austin": "Secretary Austin"
    title: str
    short_title: str  # "Secretary", "Deputy Secretary", "General"
    rank: str = ""  # "Gen.", "Adm." before the name in a first mention
    honorific: str = ""  # "Dr."


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _secdef(start: str, name: str, short: str, title: str = "Secretary of Defense", honorific: str = "") -> Term:
    return Term(_d(start), name, short, title, "Secretary", honorific=honorific)


def _deputy(start: str, name: str, short: str, title: str = "Deputy Secretary of Defense", honorific: str = "") -> Term:
    return Term(_d(start), name, short, title, "Deputy Secretary", honorific=honorific)


def _chairman(
    start: str, name: str, short: str, rank: str, title: str = "Chairman of the Joint Chiefs of Staff"
) -> Term:
    return Term(_d(start), name, short, title, "General" if rank == "Gen." else "Admiral", rank=rank)


# Public record; a term runs until the next one starts.
US_TERMS: dict[str, tuple[Term, ...]] = {
    "minister": (
        _secdef("1997-01-24", "William S. Cohen", "Cohen"),
        _secdef("2001-01-20", "Donald H. Rumsfeld", "Rumsfeld"),
        _secdef("2006-12-18", "Robert M. Gates", "Gates", honorific="Dr."),
        _secdef("2011-07-01", "Leon E. Panetta", "Panetta"),
        _secdef("2013-02-27", "Chuck Hagel", "Hagel"),
        _secdef("2015-02-17", "Ashton B. Carter", "Carter", honorific="Dr."),
        _secdef("2017-01-20", "James N. Mattis", "Mattis"),
        _secdef("2019-01-01", "Patrick M. Shanahan", "Shanahan", "Acting Secretary of Defense"),
        _secdef("2019-06-24", "Mark T. Esper", "Esper", "Acting Secretary of Defense", honorific="Dr."),
        _secdef("2019-07-23", "Mark T. Esper", "Esper", honorific="Dr."),
        _secdef("2020-11-09", "Christopher C. Miller", "Miller", "Acting Secretary of Defense"),
        _secdef("2021-01-22", "Lloyd J. Austin III", "Austin"),
        _secdef("2025-01-25", "Pete Hegseth", "Hegseth"),
        _secdef("2025-09-05", "Pete Hegseth", "Hegseth", "Secretary of War"),
    ),
    "deputy": (
        _deputy("2000-03-31", "Rudy de Leon", "de Leon"),
        _deputy("2001-03-02", "Paul D. Wolfowitz", "Wolfowitz", honorific="Dr."),
        _deputy("2005-06-01", "Gordon R. England", "England"),
        _deputy("2009-02-12", "William J. Lynn III", "Lynn"),
        _deputy("2011-10-06", "Ashton B. Carter", "Carter", honorific="Dr."),
        _deputy("2013-12-04", "Christine H. Fox", "Fox", "Acting Deputy Secretary of Defense"),
        _deputy("2014-05-02", "Robert O. Work", "Work"),
        _deputy("2017-07-19", "Patrick M. Shanahan", "Shanahan"),
        _deputy("2019-01-01", "David L. Norquist", "Norquist"),
        _deputy("2021-02-09", "Kathleen H. Hicks", "Hicks", honorific="Dr."),
        _deputy("2025-01-20", "Robert G. Salesses", "Salesses", "Acting Deputy Secretary of Defense"),
        _deputy("2025-03-17", "Steve Feinberg", "Feinberg"),
        _deputy("2025-09-05", "Steve Feinberg", "Feinberg", "Deputy Secretary of War"),
    ),
    "chief": (
        _chairman("1997-10-01", "Henry H. Shelton", "Shelton", "Gen."),
        _chairman("2001-10-01", "Richard B. Myers", "Myers", "Gen."),
        _chairman("2005-09-30", "Peter Pace", "Pace", "Gen."),
        _chairman("2007-10-01", "Michael G. Mullen", "Mullen", "Adm."),
        _chairman("2011-10-01", "Martin E. Dempsey", "Dempsey", "Gen."),
        _chairman("2015-10-01", "Joseph F. Dunford Jr.", "Dunford", "Gen."),
        _chairman("2019-09-30", "Mark A. Milley", "Milley", "Gen."),
        _chairman("2023-10-01", "Charles Q. Brown Jr.", "Brown", "Gen."),
        _chairman(
            "2025-02-21",
            "Christopher W. Grady",
            "Grady",
            "Adm.",
            "Acting Chairman of the Joint Chiefs of Staff",
        ),
        _chairman("2025-04-11", "Dan Caine", "Caine", "Gen."),
    ),
}

# Who "provided the following readout": named in the text, never a participant.
US_SPOKESPEOPLE: tuple[tuple[dt.date, str], ...] = (
    (_d("2000-01-01"), "Assistant Secretary of Defense for Public Affairs Kenneth H. Bacon"),
    (_d("2001-05-01"), "Assistant Secretary of Defense for Public Affairs Victoria Clarke"),
    (_d("2003-07-01"), "Pentagon spokesman Lawrence Di Rita"),
    (_d("2006-01-01"), "Deputy Assistant Secretary of Defense for Public Affairs Bryan Whitman"),
    (_d("2007-06-15"), "Pentagon Press Secretary Geoff Morrell"),
    (_d("2011-05-01"), "Pentagon Press Secretary George Little"),
    (_d("2013-12-01"), "Pentagon Press Secretary Rear Adm. John Kirby"),
    (_d("2015-05-01"), "Pentagon Press Secretary Peter Cook"),
    (_d("2017-04-15"), "Chief Pentagon Spokesperson Dana W. White"),
    (_d("2019-01-01"), "Pentagon Spokesperson Lt. Col. Dave Eastburn"),
    (_d("2019-06-01"), "Assistant to the Secretary of Defense for Public Affairs Jonathan Rath Hoffman"),
    (_d("2021-01-20"), "Pentagon Press Secretary John F. Kirby"),
    (_d("2022-06-01"), "Pentagon Press Secretary Brig. Gen. Pat Ryder"),
    (_d("2025-01-25"), "Chief Pentagon Spokesman Sean Parnell"),
)


@dataclass(frozen=True, slots=True)
class Title:
    title: str
    short: str  # "Minister" in "Minister Kihara"


def _t(title: str, short: str) -> Title:
    return Title(title, short)


_MINISTER_US = _t("Minister of Defense", "Minister")
_MINISTER_UK = _t("Minister of Defence", "Minister")
_DEPUTY_US = _t("Deputy Minister of Defense", "Deputy Minister")
_DEPUTY_UK = _t("Deputy Minister of Defence", "Deputy Minister")
_CHIEF_US = _t("Chief of Defense", "General")
_CHIEF_UK = _t("Chief of Defence Staff", "General")
_COMMONWEALTH = {
    "anglo",
    "indian",
    "west_african",
    "east_african",
    "southern_african",
    "pacific",
    "sinhala",
    "bengali",
}

# Titles as the country's ministry uses them; (first year, title) when a title changed.
TITLES: dict[str, dict[str, tuple[tuple[int, Title], ...]]] = {
    "JPN": {
        "minister": (
            (2000, _t("Minister of State for Defense", "Minister")),
            (2007, _t("Minister of Defense", "Minister")),
        ),
        "deputy": ((2000, _t("State Minister of Defense", "State Minister")),),
        "chief": ((2000, _t("Chief of Staff, Joint Staff", "General")),),
    },
    "KOR": {
        "minister": ((2000, _t("Minister of National Defense", "Minister")),),
        "deputy": ((2000, _t("Vice Minister of National Defense", "Vice Minister")),),
        "chief": ((2000, _t("Chairman of the Joint Chiefs of Staff", "General")),),
    },
    "PHL": {
        "minister": ((2000, _t("Secretary of National Defense", "Secretary")),),
        "deputy": ((2000, _t("Undersecretary of National Defense", "Undersecretary")),),
        "chief": ((2000, _t("Chief of Staff of the Armed Forces of the Philippines", "General")),),
    },
    "GBR": {
        "minister": ((2000, _t("Defence Secretary", "Secretary")),),
        "deputy": ((2000, _t("Minister for the Armed Forces", "Minister")),),
        "chief": ((2000, _t("Chief of the Defence Staff", "General")),),
    },
    "AUS": {
        "minister": ((2000, _t("Minister for Defence", "Minister")),),
        "deputy": ((2000, _t("Assistant Minister for Defence", "Assistant Minister")),),
        "chief": ((2000, _t("Chief of the Defence Force", "General")),),
    },
    "DEU": {
        "minister": ((2000, _t("Federal Minister of Defense", "Minister")),),
        "deputy": ((2000, _t("Parliamentary State Secretary of Defense", "State Secretary")),),
        "chief": ((2000, _t("Chief of Defense", "General")),),
    },
    "POL": {
        "minister": ((2000, _t("Minister of National Defense", "Minister")),),
        "deputy": ((2000, _t("Deputy Minister of National Defense", "Deputy Minister")),),
        "chief": ((2000, _t("Chief of the General Staff", "General")),),
    },
    "FRA": {
        "minister": (
            (2000, _t("Minister of Defense", "Minister")),
            (2017, _t("Minister of the Armed Forces", "Minister")),
        ),
        "chief": ((2000, _t("Chief of the Defence Staff", "General")),),
    },
    "CAN": {
        "minister": ((2000, _t("Minister of National Defence", "Minister")),),
        "deputy": ((2000, _t("Associate Minister of National Defence", "Associate Minister")),),
        "chief": ((2000, _t("Chief of the Defence Staff", "General")),),
    },
    "IND": {
        "minister": ((2000, _t("Minister of Defence", "Minister")),),
        "deputy": ((2000, _t("Defence Secretary", "Secretary")),),
        "chief": (
            (2000, _t("Chairman of the Chiefs of Staff Committee", "General")),
            (2020, _t("Chief of Defence Staff", "General")),
        ),
    },
    "UKR": {
        "chief": ((2000, _t("Commander-in-Chief of the Armed Forces of Ukraine", "General")),),
    },
    "VNM": {
        "minister": ((2000, _t("Minister of National Defense", "Minister")),),
        "deputy": ((2000, _t("Deputy Minister of National Defense", "Deputy Minister")),),
        "chief": ((2000, _t("Chief of the General Staff", "General")),),
    },
    "TUR": {
        "minister": ((2000, _t("Minister of National Defense", "Minister")),),
        "chief": ((2000, _t("Chief of the General Staff", "General")),),
    },
    "GRC": {"minister": ((2000, _t("Minister of National Defense", "Minister")),)},
    "CHN": {
        "minister": ((2000, _t("Minister of National Defense", "Minister")),),
        "chief": (
            (2000, _t("Chief of the General Staff", "General")),
            (2016, _t("Chief of the Joint Staff Department", "General")),
        ),
    },
    "SGP": {
        "minister": ((2000, _t("Minister for Defence", "Minister")),),
        "deputy": ((2000, _t("Senior Minister of State for Defence", "Senior Minister of State")),),
        "chief": ((2000, _t("Chief of Defence Force", "General")),),
    },
    "ARE": {"minister": ((2000, _t("Minister of State for Defense Affairs", "Minister")),)},
    "IDN": {"chief": ((2000, _t("Commander of the Indonesian National Armed Forces", "General")),)},
    "ISR": {"chief": ((2000, _t("Chief of the General Staff", "General")),)},
    "NZL": {"chief": ((2000, _t("Chief of Defence Force", "General")),)},
}


def title_at(code: str, office: str, style: str, year: int) -> Title:
    """The title of ``office`` in country ``code`` in ``year``."""
    periods = TITLES.get(code, {}).get(office)
    if periods:
        chosen = periods[0][1]
        for first_year, title in periods:
            if year >= first_year:
                chosen = title
        return chosen
    british = style in _COMMONWEALTH
    if office == "minister":
        return _MINISTER_UK if british else _MINISTER_US
    if office == "deputy":
        return _DEPUTY_UK if british else _DEPUTY_US
    return _CHIEF_UK if british else _CHIEF_US


@dataclass(frozen=True, slots=True)
class Publisher:
    code: str
    weight: float  # share of readouts it publishes
    ministry: str
    home: str  # location string of its headquarters
    home_phrase: str  # how a readout says it: "at the Pentagon"


# The United States publishes ~90% of readouts; a few allies the rest.
PUBLISHERS: tuple[Publisher, ...] = (
    Publisher("USA", 0.90, "Department of Defense", "The Pentagon", "at the Pentagon"),
    Publisher("GBR", 0.03, "Ministry of Defence", "London, United Kingdom", "in London"),
    Publisher("AUS", 0.02, "Department of Defence", "Canberra, Australia", "in Canberra"),
    Publisher("JPN", 0.015, "Ministry of Defense", "Tokyo, Japan", "in Tokyo"),
    Publisher("FRA", 0.015, "Ministry of the Armed Forces", "Paris, France", "in Paris"),
    Publisher("CAN", 0.01, "Department of National Defence", "Ottawa, Canada", "in Ottawa"),
    Publisher("DEU", 0.01, "Federal Ministry of Defence", "Berlin, Germany", "in Berlin"),
)
