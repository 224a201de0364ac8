"""What the overview shows for a query, and two overviews compared chart by chart."""

from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse


def overview_shown(client, query: str) -> tuple:
    """(the headline, each chart's id, figure and table), every cache of figures emptied first."""
    cache.clear()
    response = client.get(reverse("engagements:overview"), QueryDict(query))
    assert response.status_code == 200
    context = response.context
    assert "charts" in context, "the filter matches nothing: the test would compare nothing"
    shown = [context["timeline"], *context["charts"]]
    return context["headline"], [(chart.id, chart.figure_script, chart.table_html) for chart in shown]


def assert_same_overview(mine: tuple, theirs: tuple, *, but_the_timeline: bool = False) -> None:
    """The same headline and charts; ``but_the_timeline`` leaves the timeline out (coloured by
    partner, its "other partners" line counts an engagement once a partner in every rollup's
    counts, once in a chart's own query: test_listed_counts.py)."""
    assert mine[0] == theirs[0]
    mine_charts, their_charts = (mine[1][1:], theirs[1][1:]) if but_the_timeline else (mine[1], theirs[1])
    assert [chart[0] for chart in mine_charts] == [chart[0] for chart in their_charts]
    for chart, their_chart in zip(mine_charts, their_charts, strict=True):
        assert chart == their_chart, chart[0]
