"""What keeps the editors' admin lists fast at a million engagements.

Django's admin counts every list in full, lists the years of a date hierarchy by reading
every row, offers each related value of a list filter by reading the table it filters, and
searches with ILIKE over joined tables. Each is a scan of a million rows. Here instead:

- ``BoundedPaginator``: an unfiltered list's size is the planner's estimate and a filtered
  one is counted up to ``COUNT_CAP`` rows (as the dashboard's lists are).
- ``year_filter``: a list filter of years, found by skipping through a date index (one
  probe a year) instead of a date hierarchy's DISTINCT over the table.
- ``RegionFilter``: the regions come from the countries table, not from the rows filtered.
- ``newest_matches``: a search reads the search table the dashboard reads (its words and
  its engagements' dates), and lists the newest ``SEARCH_LIMIT`` matches.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.contrib.admin.options import ShowFacets
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef
from django.utils.functional import cached_property

from engagements.dashboard.pagination import DEFERRED_FROM, count_rows, page_rows
from engagements.dashboard.search import web_search
from engagements.models import Country, SearchEntry

# Past this a filtered list says "10,000 results": counting further reads rows for nothing.
COUNT_CAP = 10_000
# A search lists this many matches, the newest: more words narrow it. (A word in one readout
# in a hundred is found by walking ~50,000 entries for 500 matches: ~100 ms at 1M.)
SEARCH_LIMIT = 500
# Rows a page shows: a page renders in Python, row by row.
PER_PAGE = 50


class BoundedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if isinstance(queryset, list):
            return len(queryset)
        return count_rows(queryset, filtered=bool(queryset.query.where), cap=COUNT_CAP).value

    def page(self, number):
        # A deep page reads its ids from the ordering's index first, then its rows (the
        # dashboard's deferred join): an OFFSET over full rows costs 0.4 s at page 200.
        number = self.validate_number(number)
        offset = (number - 1) * self.per_page
        if isinstance(self.object_list, list) or offset < DEFERRED_FROM:
            return super().page(number)
        return self._get_page(page_rows(self.object_list, offset, self.per_page), number, self)


class ScaledAdmin(admin.ModelAdmin):
    """The defaults every model's admin shares: no full counts, no facet counts."""

    paginator = BoundedPaginator
    list_per_page = PER_PAGE
    show_full_result_count = False
    show_facets = ShowFacets.NEVER
    # Columns a list never shows and a change page does (a readout's text, its tsvector).
    list_defer: tuple[str, ...] = ()

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        if self.list_defer:
            changelist.queryset = changelist.queryset.defer(*self.list_defer)
        return changelist


def newest_matches(term: str, column: str) -> list[int]:
    """The ``column`` (readout_id or engagement_id) of the SEARCH_LIMIT newest entries whose
    words match ``term``, as a search box reads it ("quoted phrase", -not)."""
    entries = SearchEntry.objects.filter(search=web_search(term))
    if column == "engagement_id":
        entries = entries.filter(engagement__isnull=False)
    entries = entries.order_by(F("date").desc(nulls_last=True), F("engagement_id").desc(nulls_last=True))
    return list(entries.values_list(column, flat=True)[:SEARCH_LIMIT])


def distinct_years(table: str, column: str) -> list[int]:
    """The years ``table.column`` holds, newest first: one probe of the column's index per
    year (a "skip scan"), never a read of every row."""
    quoted_table, quoted_column = connection.ops.quote_name(table), connection.ops.quote_name(column)
    sql = f"""
        WITH RECURSIVE years(day) AS (
            (SELECT {quoted_column} FROM {quoted_table} WHERE {quoted_column} IS NOT NULL
             ORDER BY {quoted_column} LIMIT 1)
            UNION ALL
            SELECT (SELECT t.{quoted_column} FROM {quoted_table} t
                    WHERE t.{quoted_column} >= make_date(extract(year FROM years.day)::int + 1, 1, 1)
                    ORDER BY t.{quoted_column} LIMIT 1)
            FROM years WHERE years.day IS NOT NULL
        )
        SELECT extract(year FROM day)::int FROM years WHERE day IS NOT NULL ORDER BY 1 DESC
    """  # noqa: S608 - table and column names from the models, quoted
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [year for (year,) in cursor.fetchall()]


def year_filter(field: str, years_from: tuple[str, str]) -> type[admin.SimpleListFilter]:
    """A list filter by the year of ``field``; ``years_from``: the (table, column) whose index
    lists the years (a fact table's dates are its engagements', read from their index)."""

    class YearFilter(admin.SimpleListFilter):
        title = "year"
        parameter_name = f"{field}_year"

        def lookups(self, request, model_admin):
            return [(str(year), str(year)) for year in distinct_years(*years_from)]

        def queryset(self, request, queryset):
            value = self.value()
            if not value or not value.isdigit() or not 1 <= int(value) <= 9998:
                return queryset
            year = int(value)
            return queryset.filter(**{f"{field}__gte": dt.date(year, 1, 1), f"{field}__lt": dt.date(year + 1, 1, 1)})

    return YearFilter


class RegionFilter(admin.SimpleListFilter):
    """Rows by the region of a country; the choices are the countries table's regions.

    ``parameter_name`` is the lookup the filter makes (the URL Django's own filter made),
    or, with ``exists_model``, the country lookup of a table pointing at the row (an
    engagement is in a region when any of its countries is).
    """

    title = "region"
    parameter_name = "country__region"
    exists_model = None

    def lookups(self, request, model_admin):
        regions = Country.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct()
        return [(region, region) for region in regions]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        if self.exists_model is None:
            return queryset.filter(**{self.parameter_name: value})
        model, link, lookup = self.exists_model
        return queryset.filter(Exists(model.objects.filter(**{link: OuterRef("pk"), lookup: value})))


def region_filter(parameter: str, exists_model=None) -> type[RegionFilter]:
    return type("RegionFilter", (RegionFilter,), {"parameter_name": parameter, "exists_model": exists_model})
