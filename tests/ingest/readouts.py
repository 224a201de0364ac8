"""Readout texts written for the ingest tests, in the genre's usual shapes."""

MALAYSIA_MEETING = (
    "Secretary of Defense Lloyd J. Austin III met with Malaysian Minister of Defense "
    "Mohamed Khaled Nordin at the Pentagon today.\n"
    "The two leaders signed a Memorandum of Understanding on Defense Cooperation and discussed "
    "maritime security in the South China Sea.\n"
    "Secretary Austin highlighted the recent CARAT Malaysia exercise."
)

MALAYSIA_CALL_LATER = (
    "Secretary Austin spoke by phone today with Malaysian Minister of Defense Mohamed Khaled Nordin.\n"
    "The leaders discussed progress on maritime security and counterterrorism cooperation."
)

PHILIPPINES_PLAN = (
    "Secretary of Defense Lloyd J. Austin III met with Philippine Secretary of National Defense "
    "Gilberto Teodoro at the Pentagon today.\n"
    "They agreed to finalize an Acquisition and Cross-Servicing Agreement next year."
)

PHILIPPINES_SIGN = (
    "Secretary of Defense Lloyd J. Austin III and Philippine Secretary of National Defense "
    "Gilberto Teodoro signed an Acquisition and Cross-Servicing Agreement in Manila today.\n"
    "The agreement supports the Balikatan exercise and regional security."
)
