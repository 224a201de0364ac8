"""Links the dashboard builds: to the detail pages, and to lists narrowed further (``Drill``).

Detail links are made without ``reverse`` for each one: a list page links every row to its
engagement, people and countries, hundreds of links, and ``reverse`` costs tens of
microseconds each. The pattern of each detail URL is reversed once (per script prefix) and the
key filled in.
"""

from __future__ import annotations

import datetime as dt
import functools

from django.http import QueryDict
from django.urls import get_script_prefix, reverse

_KEY = "9182736450"  # digits, so that an <int:pk> converter accepts it


@functools.cache
def _pattern(name: str, prefix: str) -> tuple[str, str]:
    head, found, tail = reverse(name, args=[_KEY]).partition(_KEY)
    if not found:
        raise ValueError(f"{name} does not take its key in its path")
    return head, tail


@functools.cache
def _path(route: str, prefix: str) -> str:
    return reverse(route)


def detail_url(name: str, key) -> str:
    """``reverse(name, args=[key])`` for a URL whose only argument is a pk or a code."""
    head, tail = _pattern(name, get_script_prefix())
    return f"{head}{key}{tail}"


class Drill:
    """URLs of lists narrowed further than the current filters: the targets of chart marks.

    A mark counts rows under the page's filters plus its own dimension (a country, a topic, a
    month), so its link keeps every current filter and adds the mark's: a country already
    among the selected ones becomes the only one; any other is added as "also with", since
    the country filter alone means "any of these".
    """

    def __init__(self, params):
        self.params = params.copy()
        for transient in ("page", "sort", "color"):
            self.params.pop(transient, None)
        # The current range, which every mark's dates are clipped to (thousands of marks).
        self.date_from = _parse_date(self.params.get("date_from"))
        self.date_to = _parse_date(self.params.get("date_to"))

    def url(self, route: str, **changes) -> str:
        # A shallow copy: QueryDict.copy() deep-copies, a tenth of a millisecond a link.
        params = QueryDict(mutable=True)
        for key, values in self.params.lists():
            params.setlist(key, list(values))
        for key, values in changes.items():
            if values is None:
                params.pop(key, None)
            else:
                params.setlist(key, [str(v) for v in values])
        query = params.urlencode()
        return _path(route, get_script_prefix()) + (f"?{query}" if query else "")

    def _one_of(self, key: str, also_key: str, value: str) -> dict:
        chosen = self.params.getlist(key)
        if not chosen or value in chosen:
            return {key: [value]}
        return {also_key: [*self.params.getlist(also_key), value]}

    def country(self, code: str) -> dict:
        return self._one_of("country", "with_country", code)

    def topic(self, name: str) -> dict:
        return self._one_of("topic", "with_topic", name)

    def dated_urls(self, route: str, **changes):
        """A function (start, end) -> URL of ``url(route, **changes, **dates(start, end))``.

        Builds the rest of the URL once and appends each mark's dates: a monthly timeline has
        thousands of marks, and a full reverse() + urlencode() for each costs more than the
        rest of the page. Nothing in the URL is substituted, so a search for any word keeps
        its text."""
        rest = self.url(route, **changes, date_from=None, date_to=None)
        joiner = "&" if "?" in rest else "?"

        def url(start: dt.date, end: dt.date) -> str:
            dates = self.dates(start, end)
            # ISO dates need no quoting.
            return f"{rest}{joiner}date_from={dates['date_from'][0]}&date_to={dates['date_to'][0]}"

        return url

    def dates(self, start: dt.date, end: dt.date) -> dict:
        """A date range clipped to the current one, so a mark never widens the filter."""
        if self.date_from and self.date_from > start:
            start = self.date_from
        if self.date_to and self.date_to < end:
            end = self.date_to
        return {"date_from": [start.isoformat()], "date_to": [end.isoformat()]}


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
