"""Atom feeds: valid Atom, the newest engagements of the same filters, private URLs by token."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from engagements.api.tokens import api_token_create, api_token_revoke
from engagements.models import TokenPurpose
from tests.api.conftest import pull

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def parse_atom(response) -> list[ET.Element]:
    """The feed's entries, after checking what Atom (RFC 4287) requires of it and of them."""
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert entry.find(f"{ATOM}link[@rel='alternate']").get("href").startswith("http://testserver/engagements/")
    return entries


def entry_ids(entries) -> list[str]:
    return [entry.findtext(f"{ATOM}id") for entry in entries]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"country": "MYS"},
        {"kind": ["meeting", "call"], "date_from": "2021-01-01"},
        {"q": "security", "sort": "oldest"},
    ],
)
def test_the_feed_lists_the_newest_engagements_of_the_same_filters(api, analyst, sample, params):
    api.force_login(analyst)
    entries = parse_atom(api.get(reverse("engagements:engagements_feed"), params))
    newest = pull(api, "/api/v1/engagements", {**params, "sort": "newest"}, page_size=100)[:50]
    assert entry_ids(entries) == [row["page"] for row in newest]
    assert entries


def test_a_country_has_its_own_feed_linked_from_its_page(analyst_client, sample):
    entries = parse_atom(analyst_client.get(reverse("engagements:country_feed", args=["MYS"])))
    assert entries and all("Malaysia" in e.findtext(f"{ATOM}summary") for e in entries)
    page = analyst_client.get(reverse("engagements:country", args=["MYS"])).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page and "/countries/MYS.atom" in page


def test_the_list_page_links_its_feed_and_its_permalink(analyst_client, sample):
    page = analyst_client.get("/engagements/?kind=call&country=PHL&country=MYS&page=1&sort=oldest").content.decode()
    assert 'type="application/atom+xml" title="Engagements matching these filters (Atom)"' in page
    assert 'href="/engagements.atom?country=MYS&amp;country=PHL&amp;kind=call"' in page
    # The permalink: the filters and the sort in one order, whatever the URL's; no page number.
    assert (
        'href="http://testserver/engagements/?country=MYS&amp;country=PHL&amp;kind=call&amp;sort=oldest" rel="bookmark"'
        in page
    )


def test_feeds_keep_the_dashboards_access_rule_and_refuse_bad_filters(analyst_client, sample):
    from django.test import Client

    assert Client().get(reverse("engagements:engagements_feed")).status_code == 302  # to the login page
    assert analyst_client.get(reverse("engagements:engagements_feed"), {"date_from": "soon"}).status_code == 400


def test_a_private_feed_url_opens_the_feed_without_a_login_until_revoked(client, analyst, outsider, sample):
    token, key = api_token_create(user=analyst, name="reader", purpose=TokenPurpose.FEED)
    url = reverse("engagements:private_engagements_feed", args=[key])
    entries = parse_atom(client.get(url, {"country": "JPN"}))
    assert entries and all("Japan" in e.findtext(f"{ATOM}summary") for e in entries)
    feed = ET.fromstring(client.get(url).content)
    assert key not in ET.tostring(feed, encoding="unicode")  # the token stays out of what readers store
    parse_atom(client.get(reverse("engagements:private_country_feed", args=[key, "PHL"])))
    api_token_revoke(token=token)
    assert client.get(url).status_code == 404
    # An API token is not a feed token; an outsider's feed token opens nothing.
    assert (
        client.get(
            reverse("engagements:private_engagements_feed", args=[api_token_create(user=analyst, name="x")[1]])
        ).status_code
        == 404
    )
    theirs = api_token_create(user=outsider, name="reader", purpose=TokenPurpose.FEED)[1]
    assert client.get(reverse("engagements:private_engagements_feed", args=[theirs])).status_code == 403


def test_a_relationship_has_its_own_feed_following_its_filters_linked_from_its_page(analyst_client, ties):
    url = reverse("engagements:relationship_feed", args=["MYS-USA"])
    entries = parse_atom(analyst_client.get(url))
    newest = sorted(ties["engagements"], key=lambda e: e.date, reverse=True)
    assert entry_ids(entries) == [f"http://testserver{e.get_absolute_url()}" for e in newest]
    called = parse_atom(analyst_client.get(url, {"kind": "call", "country": "PHL"}))  # not a filter of the page
    assert entry_ids(called) == [f"http://testserver{ties['engagements'][1].get_absolute_url()}"]
    feed = ET.fromstring(analyst_client.get(url, {"kind": "call"}).content)
    assert feed.findtext(f"{ATOM}title") == "Engagements of Malaysia and United States"
    assert feed.find(f"{ATOM}link[@rel='alternate']").get("href") == "http://testserver/relations/MYS-USA/?kind=call"
    assert analyst_client.get(reverse("engagements:relationship_feed", args=["USA-MYS"])).status_code == 200
    assert analyst_client.get(reverse("engagements:relationship_feed", args=["MYS-XXX"])).status_code == 404
    assert analyst_client.get(url, {"date_from": "soon"}).status_code == 400
    page = analyst_client.get("/relations/MYS-USA/?kind=call&page=1").content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in page
    assert page.count('href="/relations/MYS-USA.atom?kind=call"') == 2  # in the head and as a link


def test_a_private_relationship_feed_opens_without_a_login_until_revoked(client, analyst, ties):
    from django.test import Client

    assert Client().get(reverse("engagements:relationship_feed", args=["MYS-USA"])).status_code == 302
    token, key = api_token_create(user=analyst, name="reader", purpose=TokenPurpose.FEED)
    url = reverse("engagements:private_relationship_feed", args=[key, "MYS-USA"])
    assert len(parse_atom(client.get(url))) == 3
    assert key not in client.get(url).content.decode()
    api_token_revoke(token=token)
    assert client.get(url).status_code == 404
