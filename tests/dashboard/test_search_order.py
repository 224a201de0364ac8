"""A search's engagements come newest first from the search table: the same rows, in the same
order, as testing each engagement's readout."""

import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse

from engagements.dashboard.filters import EngagementFilter
from engagements.dashboard.search import web_search
from engagements.dashboard.selectors import engagement_list
from engagements.models import Engagement
from tests.factories import EngagementFactory, ReadoutFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cyber_engagements():
    dates = [dt.date(2020, 1, 5), None, dt.date(2023, 7, 1), dt.date(2023, 7, 1), dt.date(2018, 2, 2)]
    made = [
        EngagementFactory(date=day, readout=ReadoutFactory(text=f"Talks on cyber defence, number {n}."))
        for n, day in enumerate(dates)
    ]
    EngagementFactory(
        date=dt.date(2024, 1, 1),
        readout=ReadoutFactory(text="Talks on maritime security.", title="Talks on maritime security"),
    )
    return made


def by_each_readout(words: str) -> list[int]:
    """The order before the search table: every engagement whose readout matches, newest first."""
    return list(
        Engagement.objects.filter(readout__search=web_search(words))
        .order_by(F("date").desc(nulls_last=True), F("id").desc())
        .values_list("pk", flat=True)
    )


def test_the_newest_matches_are_the_same_rows_in_the_same_order(cyber_engagements):
    filters = EngagementFilter({"q": "cyber", "sort": "newest"}, queryset=Engagement.objects.all())
    listed = list(engagement_list(filters=filters).values_list("pk", flat=True))
    expected = by_each_readout("cyber")
    assert listed == expected
    assert len(expected) == 5 and expected[-1] == cyber_engagements[1].pk  # the undated one last


def test_the_best_match_pool_is_the_newest_matches(cyber_engagements):
    from engagements.dashboard import search

    filters = EngagementFilter({"q": "cyber"}, queryset=Engagement.objects.all())
    list(engagement_list(filters=filters))
    assert search.rank_pool(filters) == by_each_readout("cyber")


def test_the_engagement_list_shows_a_search_newest_first(analyst_client, cyber_engagements):
    response = analyst_client.get(reverse("engagements:engagements"), {"q": "cyber", "sort": "newest"})
    assert response.status_code == 200
    rows = [row.pk for row in response.context["page"].rows]
    assert rows == by_each_readout("cyber")
    assert "Talks on maritime security" not in response.content.decode()
