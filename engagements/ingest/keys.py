"""Keys that let one person, agreement or exercise named in many readouts become one row.

"Secretary Austin", "Lloyd Austin" and "Lloyd J. Austin III" are one person; the ACSA a
country "plans" in one readout and "signs" in another is one agreement. Pure functions.
"""

import re
import unicodedata

# Words that are not part of anyone's name: honorifics, ranks and suffixes.
NAME_NOISE = frozenset(
    """
    mr mrs ms miss dr prof sir dame hon honorable honourable his her excellency majesty royal
    highness sheikh shaikh dato datuk seri sri tan haji hajjah tun tunku tengku gen general
    adm admiral lt ltg col colonel maj major brig mg bg capt cdr cmdr sgt amb ambassador
    secretary minister deputy president prime chairman chief the jr sr ii iii iv
    """.split()
)
# Short forms of given names used in readouts, mapped to the formal name.
NICKNAMES = {
    "jim": "james",
    "jimmy": "james",
    "bob": "robert",
    "bobby": "robert",
    "rob": "robert",
    "chuck": "charles",
    "charlie": "charles",
    "bill": "william",
    "will": "william",
    "mike": "michael",
    "mick": "michael",
    "dan": "daniel",
    "danny": "daniel",
    "dave": "david",
    "tom": "thomas",
    "tony": "anthony",
    "joe": "joseph",
    "pete": "peter",
    "ed": "edward",
    "ted": "edward",
    "ash": "ashton",
    "dick": "richard",
    "rick": "richard",
    "steve": "stephen",
    "matt": "matthew",
    "chris": "christopher",
    "andy": "andrew",
    "ben": "benjamin",
    "sam": "samuel",
    "nick": "nicholas",
    "greg": "gregory",
    "jeff": "jeffrey",
    "ken": "kenneth",
    "kathy": "kathleen",
    "kate": "katherine",
    "liz": "elizabeth",
    "beth": "elizabeth",
}
_WORD = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case without accents: 'Bødskov' and 'Bodskov' fold alike."""
    text = unicodedata.normalize("NFKD", text.replace("ø", "o").replace("Ø", "O").replace("ł", "l"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def name_tokens(name: str) -> list[str]:
    words = _WORD.findall(fold(name).replace("'", ""))
    tokens = [w for w in words if w not in NAME_NOISE and len(w) > 1]  # initials say little
    if tokens:
        tokens[0] = NICKNAMES.get(tokens[0], tokens[0])
    return tokens


def person_key(name: str) -> str:
    return " ".join(name_tokens(name))


def same_person(tokens_a: list[str], tokens_b: list[str]) -> bool:
    """Could two mentions name one person? A lone word matches a full name containing it."""
    a, b = set(tokens_a), set(tokens_b)
    if not a or not b:
        return False
    if len(a) == 1 or len(b) == 1:
        return bool(a & b)
    common = a & b
    return len(common) >= 2 and (common == a or common == b)


# Agreement kinds a pair of countries normally holds one of: their name varies between
# readouts ("the ACSA", "an Acquisition and Cross-Servicing Agreement renewal") but the
# instrument is the same, so the parties and the kind identify it.
ONE_PER_PARTIES = frozenset({"ACSA", "SOFA", "GSOMIA", "RDP", "SOSA"})
_AGREEMENT_NOISE = frozenset("the a an bilateral new our this that their its".split())
_US_COMPOUND = re.compile(r"\b(u\.?s\.?|us|united states)\s*-\s*[a-z. ]+?\b(?=\s)")


def agreement_key(kind: str, name: str, parties: list[str]) -> str:
    parties_part = "-".join(sorted(set(parties)))
    if kind in ONE_PER_PARTIES:
        return f"{kind}|{parties_part}"
    folded = _US_COMPOUND.sub(" ", fold(name) + " ")
    words = [w for w in _WORD.findall(folded) if w not in _AGREEMENT_NOISE]
    return f"{kind}|{' '.join(words)}|{parties_part}"[:400]


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def exercise_base_name(name: str) -> str:
    """A recurring exercise's name without the year of one edition: "Balikatan 2025" -> "Balikatan"."""
    return " ".join(_YEAR.sub(" ", name).split()) or name


def exercise_key(name: str, location: str | None, named: bool) -> str:
    words = " ".join(_WORD.findall(fold(exercise_base_name(name) if named else name)))
    if named:
        return f"named|{words}"[:400]
    place = " ".join(_WORD.findall(fold(location or "")))
    return f"described|{words}|{place}"[:400]
