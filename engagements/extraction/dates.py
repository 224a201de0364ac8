"""The date an engagement took place.

Readouts date an engagement relative to their release ("today", "yesterday", "on Monday"),
with a month and day ("June 2", "Sept. 27-28, 2022", "June 16th, 2025", "On 4 July", "on
Tuesday (4 July)", "24-25 October 2017", "on July 09, 2021"), or in a dateline ("WASHINGTON,
June 3, 2014 -"). The lead sentence is read first, then the lines before it (datelines); a
sentence that dates "the meeting" itself comes next. Dates elsewhere in the text are usually
other events ("the trilateral meeting on July 28"). When none of these has a date, a
publisher that releases readouts the day of the engagement (data/dates.toml) is dated by its
release; anyone else's readout stays undated, and its dateline dates only the release.
`release_date` reads a readout's dateline for a readout stored without a release date.
"""

from __future__ import annotations

import datetime as dt
import re

from engagements.extraction.gazetteer import load
from engagements.extraction.patterns import trie_regex
from engagements.extraction.text import fold

_DATA = load("dates")
MONTHS: dict[str, int] = _DATA["months"]
WEEKDAYS: dict[str, int] = _DATA["weekdays"]
RELATIVE: dict[str, int] = _DATA["relative"]
SLACK = dt.timedelta(days=int(_DATA.get("resolve", {}).get("slack_days", 2)))
SAME_DAY_PUBLISHERS = frozenset(_DATA.get("resolve", {}).get("same_day_publishers", []))

_MONTH = "(?:" + trie_regex(MONTHS) + r")\.?"
_WEEKDAY = "(?:" + trie_regex(WEEKDAYS) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    # "Monday, June 16th, 2025", "Sept. 27-28, 2022", "March 17, 2022", "June 2"
    rf"(?<![\w])(?:(?P<wd1>{_WEEKDAY}),?\s+\(?)?(?P<mon>{_MONTH})\s+(?P<day>\d{{1,2}}){_ORD}(?![\d:])"
    rf"(?:\s*(?:-|and|to|through)\s*\d{{1,2}}{_ORD}(?!\d))?(?:,?\s+(?P<year>\d{{4}})(?!\d))?"
    # "30 October 2025", "Tuesday (4 July)", "24-25 October 2017", "the 21st of October"
    rf"|(?<![\w])(?:(?P<wd2>{_WEEKDAY}),?\s+\(?(?:the\s+)?)?(?P<day2>\d{{1,2}}){_ORD}"
    rf"(?:\s*(?:-|and|to|through)\s*\d{{1,2}}{_ORD})?(?:\s+of)?\s+(?P<mon2>{_MONTH})(?:,?\s+(?P<year2>\d{{4}})(?!\d))?"
    # "21.12.2018" (day first, as European ministries write it), "21/12/2018" when unambiguous
    r"|(?<![\w.,/])(?P<nd>\d{1,2})(?P<sep>[./])(?P<nm>\d{1,2})(?P=sep)(?P<ny>(?:19|20)\d\d)(?![\w.,/]?\d)"
    # "today", "yesterday", "this morning"
    rf"|(?<![\w])(?P<rel>{trie_regex(sorted(RELATIVE, key=len, reverse=True))})(?![\w])"
    # "on Monday", "Wednesday evening", "last Friday"
    # (not when the day's date follows it: that date is read instead)
    rf"|(?<![\w])(?P<mod>last\s+|this\s+past\s+|this\s+|on\s+|next\s+)?(?P<wd>{_WEEKDAY})(?![\w])"
    rf"(?!,?\s+\(?(?:the\s+)?(?:\d{{1,2}}{_ORD}(?:\s+of)?\s+{_MONTH}|{_MONTH}\s+\d))",
    re.IGNORECASE,
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|their)\s+(?:meeting|call|visit|engagement|talks|discussion|signing|ceremony|dialogue)\b"
    r"[^.]{0,40}\b(?:took place|was held|were held|occurred|happened)\b",
    re.IGNORECASE,
)


def _month(s: str) -> int | None:
    s = s.rstrip(".")
    for key, val in MONTHS.items():
        if key.lower() == s.lower():
            return val
    return None


def _weekday(s: str) -> int | None:
    for key, val in WEEKDAYS.items():
        if key.lower() == s.lower():
            return val
    return None


def _resolve_year(month: int, day: int, published: dt.date | None) -> dt.date | None:
    """The latest such date not after the release (plus slack): no year means the recent one."""
    if published is None:
        return None
    for year in (published.year + 1, published.year, published.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if candidate <= published + SLACK:
            return candidate
    return None


def _from_match(m: re.Match[str], published: dt.date | None) -> dt.date | None:
    if m.group("mon") or m.group("mon2"):
        month = _month(m.group("mon") or m.group("mon2"))
        day = int(m.group("day") or m.group("day2"))
        year_s = m.group("year") or m.group("year2")
        # "May" and "March" are also words; a capitalised month with a day is a date.
        if month is None or not 1 <= day <= 31:
            return None
        word = m.group("mon") or m.group("mon2")
        if not word[0].isupper():
            return None
        if year_s:
            year = int(year_s)
            if not 1900 <= year <= 2100:
                return None
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
        return _resolve_year(month, day, published)
    if m.group("nd"):
        a, b, year = int(m.group("nd")), int(m.group("nm")), int(m.group("ny"))
        if m.group("sep") == "/" and a <= 12 and b <= 12:
            return None  # 03/04/2024: April 3 or March 4, nothing says which
        day, month = (b, a) if m.group("sep") == "/" and b > 12 else (a, b)
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    if m.group("rel"):
        if published is None:
            return None
        offset = None
        key = " ".join(m.group("rel").lower().split())
        offset = RELATIVE.get(key)
        if offset is None or offset > 0:  # "tomorrow": a plan, not this engagement
            return None
        return published + dt.timedelta(days=offset)
    if m.group("wd"):
        if published is None or not m.group("wd")[0].isupper():
            return None
        mod = (m.group("mod") or "").lower().split()
        if mod and mod[0] == "next":
            return None
        target = _weekday(m.group("wd"))
        if target is None:
            return None
        back = (published.weekday() - target) % 7
        if back == 0 and mod and mod[0] == "last":
            back = 7
        return published - dt.timedelta(days=back)
    return None


def first_date(norm: str, start: int, end: int, published: dt.date | None) -> dt.date | None:
    """The first date expression in norm[start:end] that resolves."""
    for m in _DATE.finditer(norm, start, end):
        d = _from_match(m, published)
        if d is not None:
            return d
    return None


def anaphoric(norm: str, start: int, end: int) -> bool:
    """The sentence dates the engagement itself ("The meeting took place on June 5")."""
    return bool(_ANAPHOR.search(norm, start, end))


# A dateline opens a release: "NEW DELHI, 9 July 2021 -", "Tokyo, October 21, 2022:", or a
# line of its own ("Posted On: 09 JUL 2021 5:47PM"). Only a date with its year, near the start
# of one of the first lines, counts: a date further in is an event the text tells of.
_DATELINE_LINES = 3
_DATELINE_REACH = 60


_DATELINE_CLOSE = re.compile(r"\s*(?:\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?\s*)?[-)\]:|]")


def dateline_end(norm: str, start: int, end: int) -> int:
    """Where a sentence's opening dateline ends ("ISLAMABAD, (Agency - 29th Aug, 2024) ..."),
    else `start`: the dateline's date is the release's, not the engagement's."""
    for m in _DATE.finditer(norm, start, min(end, start + _DATELINE_REACH + 30)):
        if m.start() - start > _DATELINE_REACH:
            break
        if not (m.group("year") or m.group("year2") or m.group("ny")):
            continue
        close = _DATELINE_CLOSE.match(norm, m.end(), end)
        if close:
            return close.end()
    return start


def release_date(text: str) -> dt.date | None:
    """The release date a readout's dateline gives, for a readout stored without one."""
    lines = [line for line in text[:1_000].splitlines() if line.strip()][:_DATELINE_LINES]
    for line in lines:
        head = fold(line.strip())
        for m in _DATE.finditer(head, 0, min(len(head), _DATELINE_REACH + 30)):
            if m.start() > _DATELINE_REACH:
                break
            if m.group("year") or m.group("year2") or m.group("ny"):
                d = _from_match(m, None)
                if d is not None:
                    return d
    return None
