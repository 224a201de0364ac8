"""An engagement of several sources: side by side, each fact with every source's evidence,
the conflicts with each side's wording; the readouts list still lists every readout."""

import datetime as dt

import pytest
from django.urls import reverse

from engagements.models import Engagement, Readout
from tests.dashboard.test_exports import download, parse
from tests.ingest.same_event import MAY_1, US_MEETING, ingest

pytestmark = pytest.mark.django_db

MALAYSIA_PLANS = (
    "Malaysian Minister of Defence Mohamed Khaled Nordin met with U.S. Secretary of Defense "
    "Lloyd J. Austin III at the Pentagon on May 2, 2024.\n"
    "The two ministers agreed to finalize a Memorandum of Understanding on Defense Cooperation next year."
)


@pytest.fixture
def two_sides(db):
    us = ingest(US_MEETING, "USA", title="U.S. readout", url="https://example.gov/us")
    theirs = ingest(
        MALAYSIA_PLANS,
        "MYS",
        published=MAY_1 + dt.timedelta(days=2),
        title="Malaysian readout",
        url="https://example.my/mindef",
    )
    return Engagement.objects.get(), us.readout, theirs.readout


def test_the_page_sets_the_sources_side_by_side_with_the_conflicts(
    analyst_client, two_sides, django_assert_max_num_queries
):
    engagement, _us, theirs = two_sides
    with django_assert_max_num_queries(20):
        page = analyst_client.get(engagement.get_absolute_url()).content.decode()
    assert "The sources side by side" in page
    assert "U.S. readout" in page and "Malaysian readout" in page
    assert "https://example.my/mindef" in page and "by Malaysia" in page
    # The date and the agreement's action differ, each side's wording quoted.
    assert "Where the sources differ" in page
    assert "1 May 2024" in page and "2 May 2024" in page
    assert "Action on Memorandum of Understanding on Defense Cooperation" in page
    assert "agreed to finalize a Memorandum" in page
    # Each source's own highlights, anchored in its own text.
    assert f'id="src{theirs.pk}-' in page


def test_a_single_source_engagement_looks_as_before(analyst_client):
    ingest(US_MEETING, "USA")
    page = analyst_client.get(Engagement.objects.get().get_absolute_url()).content.decode()
    assert "What the readout says" in page and "The sources side by side" not in page


def test_readouts_list_and_csv_list_every_readout_while_counts_count_the_engagement_once(analyst_client, two_sides):
    engagement = two_sides[0]
    page = analyst_client.get(reverse("engagements:readouts")).content.decode()
    assert "U.S. readout" in page and "Malaysian readout" in page
    # The other side's readout links to the engagement it reports.
    assert page.count(f'href="{engagement.get_absolute_url()}"') >= 2
    filtered = analyst_client.get(reverse("engagements:readouts"), {"country": "MYS"}).content.decode()
    assert "Malaysian readout" in filtered
    rows = parse(download(analyst_client, "readouts_csv"))[1:]
    assert len(rows) == 2 and all(row[-1].endswith(engagement.get_absolute_url()) for row in rows)
    assert {row[4] for row in rows} == {"USA", "MYS"}  # each readout's own publisher
    assert len(parse(download(analyst_client, "engagements_csv"))[1:]) == 1
    assert Readout.objects.count() == 2


@pytest.mark.parametrize("sort", ["newest", "relevance", "oldest"])
def test_a_search_finds_the_engagement_by_the_partner_readout_words_once(
    analyst_client, two_sides, sort, django_assert_max_num_queries
):
    engagement = two_sides[0]
    link = f'href="{engagement.get_absolute_url()}"'
    plain = analyst_client.get(reverse("engagements:engagements"), {"sort": sort}).content.decode()
    # "finalize" is only in the Malaysian readout; the U.S. readout leads.
    with django_assert_max_num_queries(20):
        response = analyst_client.get(reverse("engagements:engagements"), {"q": "finalize", "sort": sort})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count(link) == plain.count(link) >= 1
    missing = analyst_client.get(reverse("engagements:engagements"), {"q": "submarine", "sort": sort}).content
    assert link not in missing.decode()
    rows = parse(download(analyst_client, "engagements_csv", {"q": "finalize", "sort": sort}))[1:]
    assert len(rows) == 1 and rows[0][-1].endswith(engagement.get_absolute_url())
