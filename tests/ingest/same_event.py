"""Readouts of the same events told by different sides (written for these tests, in the shapes
the parser reads), and the helper that imports them."""

import datetime as dt

from engagements.ingest.pipeline import readout_ingest

MAY_1 = dt.date(2024, 5, 1)

US_MEETING = (
    "Secretary of Defense Lloyd J. Austin III met with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin at the Pentagon on May 1, 2024.\n"
    "The two leaders signed a Memorandum of Understanding on Defense Cooperation and discussed "
    "maritime security in the South China Sea."
)
# The other side's account: the same meeting, its own wording and topics.
MALAYSIA_SIDE = (
    "Malaysian Minister of Defence Mohamed Khaled Nordin met with U.S. Secretary of Defense "
    "Lloyd J. Austin III at the Pentagon on May 1, 2024.\n"
    "The two ministers discussed maritime security and defence industry cooperation."
)
# A later, fuller release by the same side.
US_FULLER = (
    "Secretary of Defense Lloyd J. Austin III met with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin at the Pentagon on May 1, 2024.\n"
    "The two leaders signed a Memorandum of Understanding on Defense Cooperation and discussed "
    "maritime security in the South China Sea.\n"
    "They also discussed cybersecurity and the CARAT Malaysia exercise."
)
# The same day, the same two ministers, but a call: another event.
US_CALL = (
    "Secretary of Defense Lloyd J. Austin III spoke by phone with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin on May 1, 2024.\n"
    "The leaders discussed counterterrorism cooperation."
)
SINGAPORE_SAME_DAY = (
    "Secretary of Defense Lloyd J. Austin III met with Singapore Minister for Defence Ng Eng Hen "
    "at the Pentagon on May 1, 2024.\n"
    "They discussed maritime security."
)


def malaysia_side(day: str, *, action: str = "discussed") -> str:
    """The Malaysian account dated ``day`` ("May 2, 2024")."""
    return (
        "Malaysian Minister of Defence Mohamed Khaled Nordin met with U.S. Secretary of Defense "
        f"Lloyd J. Austin III at the Pentagon on {day}.\n"
        f"The two ministers {action} maritime security and defence industry cooperation."
    )


def ingest(text, publisher, published=MAY_1, **kwargs):
    return readout_ingest(
        text=text, title=kwargs.pop("title", "A readout"), published_on=published, publisher=publisher, **kwargs
    )


SINGAPORE_SIDE = (
    "Minister for Defence Ng Eng Hen met with U.S. Secretary of Defense Lloyd J. Austin III "
    "at the Pentagon on May 1, 2024.\n"
    "Both sides discussed maritime security and counterterrorism."
)
US_IN_KUALA_LUMPUR = (
    "Secretary of Defense Lloyd J. Austin III met with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin in Kuala Lumpur on May 10, 2024.\n"
    "The leaders discussed the CARAT Malaysia exercise and cybersecurity."
)

# Several readouts of several meetings: (text, publisher, published, url). The events:
# the Pentagon meeting (three accounts), the call the same day, the Singapore meeting (two),
# and a later meeting in Kuala Lumpur (two).
SEVERAL = [
    (US_MEETING, "USA", MAY_1, "https://example.gov/r/1"),
    (MALAYSIA_SIDE, "MYS", dt.date(2024, 5, 2), "https://example.my/r/1"),
    (US_FULLER, "USA", dt.date(2024, 5, 3), "https://example.gov/r/1-full"),
    (US_CALL, "USA", MAY_1, "https://example.gov/r/2"),
    (SINGAPORE_SAME_DAY, "USA", MAY_1, "https://example.gov/r/3"),
    (SINGAPORE_SIDE, "SGP", MAY_1, "https://example.sg/r/3"),
    (US_IN_KUALA_LUMPUR, "USA", dt.date(2024, 5, 10), "https://example.gov/r/4"),
    (malaysia_side("May 10, 2024").replace("at the Pentagon", "in Kuala Lumpur"), "MYS", dt.date(2024, 5, 11), ""),
]
EXPECTED_GROUPS = [{0, 1, 2}, {3}, {4, 5}, {6, 7}]
