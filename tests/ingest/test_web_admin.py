"""The editors' side: add a readout from its URL, watch sources (poll now), and import a
skipped item anyway."""

import pytest
from django.urls import reverse

from engagements.ingest.fetch import Fetcher
from engagements.ingest.polling import feed_poll
from engagements.models import Feed, FeedItem, Readout

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fetch_settings")]

ADD_FROM_URL = "admin:engagements_readout_add_from_url"


def messages_of(response):
    return [str(m) for m in response.context["messages"]]


def test_the_readout_list_offers_add_from_url(editor_client):
    response = editor_client.get(reverse("admin:engagements_readout_changelist"))
    assert reverse(ADD_FROM_URL) in response.content.decode()


def test_adding_from_a_url_fetches_parses_and_opens_the_new_readout(editor_client, site):
    url = f"{site.base}/releases/philippines-call.html"
    response = editor_client.post(reverse(ADD_FROM_URL), {"url": url, "publisher": "USA"}, follow=True)
    readout = Readout.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:engagements_readout_change", args=[readout.pk])
    assert messages_of(response)[0].startswith("Readout new:")
    assert readout.url == url and readout.source == Readout.Source.WEB and readout.publisher_id == "USA"
    assert "Ramon Villareal" in response.content.decode()  # the readout's page shows the rows found


def test_a_refused_fetch_stays_on_the_form_with_the_reason(editor_client, site, settings):
    settings.FETCH_ALLOW_PRIVATE = False
    response = editor_client.post(reverse(ADD_FROM_URL), {"url": f"{site.base}/releases/japan-meeting.html"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "refused: 127.0.0.1 is a loopback address" in html and "FETCH_ALLOW_PRIVATE=1" in html
    assert Readout.objects.count() == 0


def test_a_failed_fetch_says_what_the_server_answered(editor_client, site):
    response = editor_client.post(reverse(ADD_FROM_URL), {"url": f"{site.base}/error500"})
    assert "the server answered HTTP 500" in response.content.decode()


def test_analysts_cannot_add_from_a_url(analyst_client):
    response = analyst_client.get(reverse(ADD_FROM_URL))
    assert response.status_code in (302, 403)


def test_the_sources_list_shows_each_ones_last_check_and_polls_on_demand(editor_client, site):
    feed = Feed.objects.create(name="Test ministry releases", url=f"{site.base}/feed.xml", publisher_id="USA")
    changelist = reverse("admin:engagements_feed_changelist")
    response = editor_client.post(
        changelist, {"action": "poll_now", "_selected_action": [feed.pk], "index": 0}, follow=True
    )
    assert "Test ministry releases: 4 items: 2 new, 0 unchanged, 2 skipped, 0 failed" in messages_of(response)
    html = editor_client.get(changelist).content.decode()
    assert "Test ministry releases" in html and "4 items: 2 new" in html
    assert "U.S. Department of Defense (War): releases" in html  # the initial sources, listed inactive


def test_skipped_items_show_their_reason_and_can_be_imported_anyway(editor_client, site):
    feed = Feed.objects.create(name="Test ministry releases", url=f"{site.base}/feed.xml", publisher_id="USA")
    feed_poll(feed, fetcher=Fetcher())
    changelist = reverse("admin:engagements_feeditem_changelist")
    html = editor_client.get(changelist, {"status__exact": "skipped"}).content.decode()
    assert "about a budget (its headline)" in html and "about a contract (its headline)" in html
    assert "Readout of Secretary of Defense Hal Brennan" not in html  # imported ones filtered out
    budget = FeedItem.objects.get(url__endswith="/budget.html")
    response = editor_client.post(
        changelist, {"action": "import_anyway", "_selected_action": [budget.pk], "index": 0}, follow=True
    )
    budget.refresh_from_db()
    assert budget.status == "imported" and budget.readout is not None
    assert messages_of(response) == [f"Imported (new): {budget} as readout {budget.readout_id}"]


def test_poll_now_stops_in_time_and_leaves_the_rest_for_the_next_poll(editor_client, site, monkeypatch):
    from engagements.admin import FeedAdmin

    monkeypatch.setattr(FeedAdmin, "POLL_NOW_SECONDS", 0)
    feed = Feed.objects.create(name="Test ministry releases", url=f"{site.base}/feed.xml", publisher_id="USA")
    changelist = reverse("admin:engagements_feed_changelist")
    response = editor_client.post(
        changelist, {"action": "poll_now", "_selected_action": [feed.pk], "index": 0}, follow=True
    )
    feed.refresh_from_db()
    assert feed.etag == "" and feed.last_result.endswith("(stopped before the end)")
    assert any("stopped before the end" in m for m in messages_of(response))
