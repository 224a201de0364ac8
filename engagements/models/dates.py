"""The dates an engagement or a readout may plausibly carry, for every writer alike.

The parser, the admin's forms and the import all apply this one window: a date outside it is
a typo or a misreading, and one such date (9999-12-31) would stretch every timeline and
yearly chart to the year 9999. The database holds a fixed outer bound as well
(``PLAUSIBLE_RANGE``), since a CHECK constraint cannot know today's date.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

EARLIEST_PLAUSIBLE = dt.date(1946, 1, 1)
# The database's outer bound: far enough ahead never to refuse a real date.
LATEST_STORABLE = dt.date(2100, 12, 31)


def latest_plausible(published: dt.date | None = None) -> dt.date:
    """An engagement happens at the latest a day after its readout's date (time zones)."""
    return (published or timezone.localdate()) + dt.timedelta(days=1)


def is_plausible(date: dt.date, published: dt.date | None = None) -> bool:
    return EARLIEST_PLAUSIBLE <= date <= latest_plausible(published)


def validate_plausible_date(value: dt.date | None, published: dt.date | None = None) -> None:
    """Raise a ValidationError naming the window when ``value`` is outside it."""
    if value is None or is_plausible(value, published):
        return
    after = "its readout was published" if published else "today"
    raise ValidationError(
        f"{value.isoformat()} is not a plausible date: use one from {EARLIEST_PLAUSIBLE.isoformat()} "
        f"to a day after {after} ({latest_plausible(published).isoformat()}).",
        code="implausible_date",
    )


def plausible_range(field: str) -> Q:
    """The CHECK constraint's condition: empty, or within the fixed outer bound."""
    return Q(**{f"{field}__isnull": True}) | Q(
        **{f"{field}__gte": EARLIEST_PLAUSIBLE, f"{field}__lte": LATEST_STORABLE}
    )
