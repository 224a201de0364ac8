"""What every chart shares: the scope it counts, its table, its layout and its colours."""

from __future__ import annotations

import array
import calendar
import datetime as dt
import functools
import html
import json
from dataclasses import dataclass, field, replace

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from engagements.dashboard.charts.listed import ListedCounts, SplitCounts, array_text
from engagements.dashboard.search import rank_pool
from engagements.derived.rollup import RollupCounts
from engagements.models import Engagement, EngagementCountry, FilterScope, Kind

TOP_N = 15  # bars, rows of a heatmap
# A narrow filter's matching engagements are listed once per request, up to this many, and every
# chart reads them by id: the filter's subqueries (a search, 50 countries, 50 people...) then
# run once instead of once per chart. At 1M engagements, cold: a topic and a country (12,384
# matches) 974 ms with its filter repeated, 479 listed; a region and a topic (5,342) 1,747 and
# 351. Past the bound the listing is wasted: two countries' 197,724 matches read 50,001 ids
# before the charts repeat the filter.
MATCHING_IDS_LIMIT = 50_000
# A search is the costliest filter to repeat (each chart reads the matches' words again):
# its matches are listed up to this many ("maritime security", 85,169 matches: the overview
# 3.1 s with the search repeated, 0.9 listed and counted once).
SEARCH_MATCHING_IDS_LIMIT = 100_000

FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'
INK, MUTED, GRID, OTHER = "#1b2530", "#5b6670", "#e4e8ec", "#9aa3ad"
# Okabe-Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8C6D1F", "#000000"]
KIND_COLOURS = dict(zip(Kind.values, [*PALETTE[:6], OTHER], strict=True))
ACTION_COLOURS = {
    "planned": "#56B4E9",
    "signed": "#0072B2",
    "renewed": "#009E73",
    "implemented": "#CC79A7",
    "mentioned": OTHER,
}
SEQUENTIAL = [[0, "#dbe9f6"], [0.5, "#6baed6"], [1, "#08306b"]]
# The map's scale starts at one engagement with a blue that stands apart from the grey of
# countries without any (NO_ENGAGEMENTS), so a country met once never looks like one never met.
MAP_SCALE = [[0, "#8fc1e3"], [0.5, "#3b82c4"], [1, "#08306b"]]
NO_ENGAGEMENTS = "#e2e5e9"
NUM, NUM_HEAD = ' class="num"', ' class="num-head"'  # a data table's count cells


def counted(n: int, singular: str, plural: str = "") -> str:
    """ "1 exercise", "8 topics": a count with its noun in the right number."""
    return f"{n:,} {singular if n == 1 else (plural or singular + 's')}"


def plot_text(value) -> str:
    """Text for plotly labels and hovers: its pseudo-HTML must not interpret readout text."""
    return html.escape(str(value), quote=False)


# -- what a chart counts -----------------------------------------------------------------------


@dataclass
class Scope:
    """The engagements a page counts, and the way to their facts.

    When the filters are only a date range, the fact tables are read by their own date column
    (their indexes) instead of through a subquery of engagements.
    """

    engagements: QuerySet
    narrowed: bool = True
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    # The engagements' ids by a cheaper path when there is one (a country's: its index).
    engagement_ids: QuerySet | None = None
    # Set when the monthly rollup can answer this scope's counts (all engagements, one
    # country's, or one kind's, region's, topic's or forum's, in a date range): charts read
    # it instead of the fact tables. Or what reads as it does: the rows of facts a filter of
    # countries, regions, topics, forums and kinds chooses (``ListedCounts``), or any of
    # several countries or topics split between a rollup and those rows (``SplitCounts``).
    rollup: RollupCounts | None = None
    # How many matching engagements are listed by id, at most (see matching_ids).
    ids_limit: int = field(default_factory=lambda: MATCHING_IDS_LIMIT)
    # A search's filters (their cache text): its listed matches are kept with the figures,
    # for every page that lists them (the overview, the engagements list, the people list).
    shared_as: str | None = None

    @classmethod
    def from_filters(cls, filters, engagements: QuerySet) -> Scope:
        valid = filters.is_bound and filters.form.is_valid()
        data = filters.form.cleaned_data if valid else {}
        used = filters.given()
        narrowed = (filters.is_bound and not valid) or bool(used - {"date_from", "date_to", "sort"})
        scope = cls(engagements.order_by(), narrowed, data.get("date_from"), data.get("date_to"))
        countries = [c.code for c in data.get("country") or []]
        # Every rollup row is kept per kind: kinds go with any filter a rollup answers.
        kinds = list(data.get("kind") or []) or None
        others = used - {"date_from", "date_to", "sort", "kind"}
        # The rollups count by engagement date: a list dated otherwise (readouts, by their
        # publication) reads them only when no date is set.
        by_date = filters.dates_bound_facts or not (scope.date_from or scope.date_to)
        if by_date and (not filters.is_bound or valid) and others <= {"country"} and len(countries) <= 1:
            scope.rollup = RollupCounts(
                countries[0] if countries else None, scope.date_from, scope.date_to, kinds=kinds
            )
        elif by_date and valid and (within := _scoped_values(others, data)):
            scope.rollup = RollupCounts(None, scope.date_from, scope.date_to, within=within, kinds=kinds)
        if valid and filters.search_query is not None:
            scope.ids_limit = SEARCH_MATCHING_IDS_LIMIT
            if engagements.model is Engagement:  # a fact list's scope lists its facts' ids
                scope.shared_as = filters.cache_text()
        if valid and scope.rollup is None and engagements.model is Engagement:
            if by_date and (split := filters.any_of_alone()):
                scope.rollup = SplitCounts(*split, scope.date_from, scope.date_to, kinds=kinds)
            elif filters.by_facts():
                scope.rollup = ListedCounts(where=filters.facts_condition)
        pool = rank_pool(filters)
        if pool is not None and scope.narrowed and scope.rollup is None:
            # A "best match" list's rows are its pool, already read: no need to list them again.
            scope.matching_ids = list(pool)
        return scope

    @classmethod
    def of_country(cls, code: str) -> Scope:
        return cls(
            engagements_with(code),
            engagement_ids=EngagementCountry.objects.filter(country_id=code).values("engagement_id"),
            rollup=RollupCounts(code),
        )

    @functools.cached_property
    def matching_ids(self) -> list[int] | None:
        """The matching engagements' ids when a narrow filter keeps few of them (else None).

        Asked once, with a bound, when the first chart is drawn (never on a cached page).
        """
        if not self.narrowed or self.rollup is not None or self.engagement_ids is not None:
            return None
        if self.shared_as is None:
            return self._list_matches()
        from engagements.dashboard.charts.cache import cached_this_version

        def listed_once() -> tuple:
            # As 8-byte integers: 681 kB for 85,169 matches.
            ids = self._list_matches()
            return (None if ids is None else array.array("q", ids),)

        kept = cached_this_version("matching-ids", f"{self.shared_as}&limit={self.ids_limit}", listed_once)[0]
        return None if kept is None else list(kept)

    def _list_matches(self) -> list[int] | None:
        ids = list(self.engagements.values_list("pk", flat=True)[: self.ids_limit + 1])
        return ids if len(ids) <= self.ids_limit else None

    def counted_once(self) -> Scope:
        """This scope, or, when its matches are listed, a copy whose charts read one count of
        them (ListedCounts, as they read a rollup) instead of a query each."""
        if self.rollup is not None or self.matching_ids is None:
            return self
        counted = replace(self, rollup=ListedCounts(self.matching_ids))
        counted.matching_ids = self.matching_ids  # a chart of points lists them by id
        return counted

    def count_known(self, total: int) -> None:
        """The page has counted the matching engagements: past the bound, listing their ids
        would be a query wasted, so the charts repeat the filter without trying."""
        if total > self.ids_limit:
            self.matching_ids = None

    @property
    def matching(self) -> QuerySet:
        """The engagements the charts count: by their listed ids when there are few."""
        ids = self.matching_ids
        return self.engagements if ids is None else Engagement.objects.filter(pk__in=listed(ids))

    def facts(self, model) -> QuerySet:
        facts = model.objects.all()
        if self.date_from:
            facts = facts.filter(date__gte=self.date_from)
        if self.date_to:
            facts = facts.filter(date__lte=self.date_to)
        if self.narrowed:
            ids = self.engagement_ids if self.engagement_ids is not None else self.matching_ids
            if ids is None:
                ids = self.engagements.values("pk")
            facts = facts.filter(engagement_id__in=listed(ids) if isinstance(ids, list) else ids)
        return facts


def listed(ids: list[int]) -> RawSQL:
    """Ids as one array parameter: Django compiles 20,000 placeholders more slowly than the
    database reads the rows (30 ms a query); the array goes as its text."""
    return RawSQL("SELECT unnest(%s::bigint[])", (array_text(ids),))


# Filters whose values are disjoint: an engagement has at most one forum, so the counts
# within several of them add up.
DISJOINT_SCOPES = {FilterScope.FORUM}


def _scoped_values(names: set[str], data: dict) -> tuple[str, list[str]] | None:
    """(filter, values) when the only filter besides kinds is one the scoped rollup counts
    within: one region or one topic (an engagement may have several), any forums (it has
    one), as the rollup keeps them: a topic or forum by id."""
    if len(names) != 1 or (name := next(iter(names))) not in FilterScope.values:
        return None
    values = [str(v.pk if isinstance(v, Model) else v) for v in data.get(name) or []]
    if not values or (len(values) > 1 and name not in DISJOINT_SCOPES):
        return None
    return name, values


@dataclass
class Table:
    """A chart's data as a table: its text alternative, with the same links as its marks."""

    columns: list[str]
    rows: list[list[tuple]] = field(default_factory=list)  # cells: (text, url or None)
    text_columns: int = 1  # the leading columns that hold text; the rest are counts

    @property
    def numeric(self) -> range:
        return range(self.text_columns, len(self.columns))

    def html(self, caption: str) -> str:
        """The table as HTML, built in Python: a monthly timeline has thousands of cells, and
        a template loop (or format_html per cell) costs tens of milliseconds where this costs
        a few. Every text and URL goes through escape()."""
        numeric = set(self.numeric)
        head = "".join(
            f'<th scope="col"{NUM_HEAD if i in numeric else ""}>{escape(column)}</th>'
            for i, column in enumerate(self.columns)
        )
        body = []
        for row in self.rows:
            cells = []
            for i, (text, url) in enumerate(row):
                content = f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)
                if i == 0:
                    cells.append(f'<th scope="row">{content}</th>')
                else:
                    cells.append(f"<td{NUM if i in numeric else ''}>{content}</td>")
            body.append("<tr>" + "".join(cells) + "</tr>")
        return mark_safe(  # noqa: S308 (every value above is escaped)
            '<div class="table-wrap"><table class="data-table data-table--compact">'
            f'<caption class="visually-hidden">{escape(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
        )


@dataclass
class Chart:
    id: str
    title: str
    description: str
    figure: dict | None
    table: Table
    empty: str = "Nothing to chart for these filters."
    wide: bool = False  # spans the page's width in a grid of charts

    # The figure's <script> and the table's HTML, made once: a cached chart (``cached``) is
    # stored with them, so a page that shows it does not serialise a timeline again.
    _script: str | None = field(default=None, repr=False, compare=False)
    _table_html: str | None = field(default=None, repr=False, compare=False)

    @property
    def height(self) -> int:
        return (self.figure or {}).get("layout", {}).get("height", 360)

    @property
    def figure_script(self) -> str:
        if self._script is None:
            self._script = figure_json_script(self.figure, f"{self.id}-data")
        return self._script

    @property
    def table_html(self) -> str:
        if self._table_html is None:
            self._table_html = self.table.html(self.title)
        return self._table_html

    def prerender(self) -> Chart:
        self.figure_script, self.table_html  # noqa: B018 - computed for the cache
        return self


# The toolbar (download, reset) sits in a strip of its own above the plot, so it never covers
# a label of the top axis or a legend; plotly draws it over the plot's top right corner.
TOOLBAR_STRIP = 28
LABEL_ROW = 24  # a row of 13 px tick labels or legend entries


def count_axis(largest: int) -> dict:
    """An axis of counts: whole-number ticks from zero (plotly steps by 0.5 below about 5)."""
    axis = {"rangemode": "tozero", "tickformat": ",d", "tick0": 0}
    if largest <= 6:
        axis["dtick"] = 1
    elif largest <= 12:
        axis["dtick"] = 2
    return axis


def layout(**extra) -> dict:
    axis = {
        "automargin": True,
        "gridcolor": GRID,
        "zeroline": False,
        "linecolor": "#c4cbd2",
        "fixedrange": True,
    }
    layout = {
        "font": {"family": FONT, "size": 13, "color": INK},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 8, "r": 8, "t": 8 + TOOLBAR_STRIP, "b": 8, "pad": 4},
        # Dark text on white whatever the mark's colour (plotly picks the text colour from the
        # mark, which on a pale heatmap cell is a pale grey).
        "hoverlabel": {
            "font": {"family": FONT, "size": 13, "color": INK},
            "bgcolor": "#ffffff",
            "bordercolor": "#5b6670",
        },
        # Toolbar icons at 3:1 or more against the white strip (WCAG 1.4.11); plotly's are 1.6:1.
        "modebar": {"color": MUTED, "activecolor": INK, "bgcolor": "rgba(255,255,255,0.9)"},
        "hovermode": "closest",
        "xaxis": dict(axis),
        "yaxis": dict(axis),
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 12}},
        "showlegend": False,
    }
    if "height" in extra:
        extra["height"] += TOOLBAR_STRIP
    if extra.get("showlegend") or extra.get("xaxis", {}).get("side") == "top":
        # Plotly sets a top axis's labels or a legend just above the plot, inside the top
        # margin: the margin holds them and, above them, the toolbar's strip.
        extra["margin"] = {"t": 8 + TOOLBAR_STRIP + LABEL_ROW, **extra.get("margin", {})}
        extra["height"] = extra.get("height", 360) + LABEL_ROW
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(layout.get(key), dict):
            layout[key] = {**layout[key], **value}
        else:
            layout[key] = value
    return layout


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def year_range(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def figure_json_script(value, element_id: str) -> SafeString:
    """Django's ``json_script``, with its escapes made by three replaces: its one
    ``str.translate`` maps the JSON character by character (7 ms for a monthly timeline)."""
    text = json.dumps(value, cls=DjangoJSONEncoder)
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))  # noqa: S308


def url_pattern(route: str) -> str:
    """A route's URL with "{}" for its last argument: reverse() once, not once per mark."""
    url = reverse(route, args=[0])
    return url[: -len("0/")] + "{}/"


def engagements_with(country_code: str) -> QuerySet:
    return Engagement.objects.filter(
        Exists(EngagementCountry.objects.filter(engagement=OuterRef("pk"), country_id=country_code))
    )


def prerender(value) -> None:
    """Draw every chart of ``value`` now, so the cache keeps them drawn."""
    if isinstance(value, Chart):
        value.prerender()
        return
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list | tuple) else ()
    for item in items:
        # Only containers and charts are visited: a list of thousands of rows of text and
        # numbers (the relationships index) costs a type check per cell, not a call.
        if isinstance(item, Chart | dict | list | tuple):
            prerender(item)
