"""Chart data: counted in SQL, shaped as plotly figures (plain dicts) with click targets.

Every function takes a ``Scope`` (the engagements a page's filters keep) and runs one or two
aggregate queries, so a rollup table can replace a query later without touching a view or a
template. No figure ever holds one point per row of a big set: the timeline draws single
engagements only up to POINTS_LIMIT of them, monthly counts beyond; bar charts stop at TOP_N.

Each mark's URL (a filtered list) travels in ``customdata``; static/js/charts.js follows it on
click. Text that came from readouts is HTML-escaped here because plotly renders a subset of
HTML in labels and hovers; the figure then reaches the page through ``json_script``.
"""

from engagements.dashboard.charts.base import TOP_N, Chart, Scope, Table, engagements_with, plot_text
from engagements.dashboard.charts.cache import cached
from engagements.dashboard.charts.counts import (
    Headline,
    country_index,
    engagement_total,
    exercises_of,
    fact_total,
    headline,
    leaders_of,
    partner_counts,
)
from engagements.dashboard.charts.figures import (
    agreement_actions,
    kinds,
    mapped_countries,
    partners_by_year,
    top_forums,
    top_topics,
    topics_by_year,
    world_map,
)
from engagements.dashboard.charts.timelines import MAX_POINTS, POINTS_LIMIT, timeline

__all__ = [
    "MAX_POINTS",
    "POINTS_LIMIT",
    "TOP_N",
    "Chart",
    "Headline",
    "Scope",
    "Table",
    "agreement_actions",
    "cached",
    "country_index",
    "engagement_total",
    "engagements_with",
    "exercises_of",
    "fact_total",
    "headline",
    "kinds",
    "leaders_of",
    "mapped_countries",
    "partner_counts",
    "partners_by_year",
    "plot_text",
    "timeline",
    "top_forums",
    "top_topics",
    "topics_by_year",
    "world_map",
]
