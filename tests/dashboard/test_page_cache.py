"""Whole pages kept per data version: a page seen since the last change is served without
being rendered, yet every reader sees their own name and gets their own CSRF token, and sees
what their audience may see."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import constants
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from engagements.dashboard import charts, page_cache
from engagements.dashboard.charts.cache import WARMING_KEY
from engagements.dashboard.views import lists, overview
from engagements.derived import upkeep
from tests import factories
from tests.support import counting

pytestmark = pytest.mark.django_db

ENGAGEMENTS = reverse("engagements:engagements")


@pytest.fixture
def data(db):
    factories.EngagementFactory(countries=["USA", "MYS"], kind="call")
    factories.EngagementFactory(countries=["USA", "PHL"], kind="meeting")
    upkeep.settle()


@pytest.fixture
def warming(data):
    """Everything warmed, then a change (a third engagement) whose warm-up is under way."""
    call_command("warm_figures", verbosity=0)
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    cache.set(WARMING_KEY, 0, 60)


def signed_in(user, **options) -> Client:
    client = Client(**options)
    client.force_login(user)
    return client


def rows(response) -> int:
    return len(set(re.findall(r'href="/engagements/\d+/"', response.content.decode())))


def test_a_kept_page_names_its_own_reader(data, analyst, django_user_model, monkeypatch):
    other = django_user_model.objects.create_user("bob-the-analyst")
    other.groups.add(Group.objects.get(name="analysts"))
    assert "ana" in signed_in(analyst).get(ENGAGEMENTS).content.decode()
    renders = counting(monkeypatch, lists, "_render_list")
    page = signed_in(other).get(ENGAGEMENTS).content.decode()
    assert renders == []  # kept from ana's visit
    assert 'title="Your API and feed tokens">bob-the-analyst</a>' in page
    assert ">ana</a>" not in page
    assert page_cache.ACCOUNT_NAME not in page and page_cache.CSRF_PLACEHOLDER not in page


def test_the_logout_form_of_a_kept_page_carries_the_readers_own_token(data, analyst, django_user_model):
    other = django_user_model.objects.create_user("bob-the-analyst")
    other.groups.add(Group.objects.get(name="analysts"))
    signed_in(analyst).get(ENGAGEMENTS)
    client = signed_in(other, enforce_csrf_checks=True)
    page = client.get(ENGAGEMENTS).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(ENGAGEMENTS).status_code == 302  # signed out: to the login page


def test_each_audience_gets_its_own_page(data, analyst, editor, django_user_model):
    viewer = django_user_model.objects.create_user("vera")
    viewer.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link in signed_in(editor).get(ENGAGEMENTS).content.decode()
    analysts_page = signed_in(analyst).get(ENGAGEMENTS).content.decode()
    assert admin_link not in analysts_page
    assert "Export CSV" in analysts_page
    viewers_page = signed_in(viewer).get(ENGAGEMENTS).content.decode()
    assert "Export CSV" not in viewers_page  # may see the dashboard, not export it
    assert admin_link not in viewers_page


def test_a_change_shows_at_once_when_nobody_warms(data, analyst_client, settings):
    settings.WARM_FIGURES_AUTO = False
    assert rows(analyst_client.get(ENGAGEMENTS)) == 2
    factories.EngagementFactory(countries=["USA", "MYS"])
    upkeep.settle()
    assert rows(analyst_client.get(ENGAGEMENTS)) == 3


def test_while_a_warm_up_runs_readers_get_the_previous_page_and_a_writer_the_new(analyst_client, warming, editor):
    assert rows(analyst_client.get(ENGAGEMENTS)) == 2
    # An editor who has just saved reads the data as it now is.
    writer = signed_in(editor)
    writer.post(reverse("logout"))  # any write pins the browser, as a save in the admin does
    writer.force_login(editor)
    assert rows(writer.get(ENGAGEMENTS)) == 3
    call_command("warm_figures", verbosity=0)
    assert rows(analyst_client.get(ENGAGEMENTS)) == 3


def test_the_warm_up_keeps_the_pages_analysts_open_first(data, analyst_client, monkeypatch):
    call_command("warm_figures", verbosity=0)
    renders = counting(monkeypatch, lists, "_render_list")
    figures = counting(monkeypatch, overview, "_figures")
    for name in ("overview", "engagements", "agreements", "exercises", "people", "readouts"):
        assert analyst_client.get(reverse(f"engagements:{name}")).status_code == 200
    assert renders == [] and figures == []


def test_a_page_that_answers_a_bad_filter_is_not_kept(data, analyst_client, monkeypatch):
    url = ENGAGEMENTS + "?date_from=yesterday"
    assert analyst_client.get(url).status_code == 400
    renders = counting(monkeypatch, lists, "_render_list")
    response = analyst_client.get(url)
    assert response.status_code == 400 and renders == [1]
    assert response.context is not None


def test_a_reader_with_messages_waiting_gets_a_page_of_their_own(data, analyst, monkeypatch):
    signed_in(analyst).get(ENGAGEMENTS)  # kept
    request = RequestFactory().get(ENGAGEMENTS)
    request.user = analyst
    request.resolver_match = resolve(ENGAGEMENTS)
    request.session = {}
    request._messages = FallbackStorage(request)
    request._messages.add(constants.SUCCESS, "Token made.")
    renders = counting(monkeypatch, lists, "_render_list")
    response = lists.engagement_list(request)
    assert renders == [1]
    assert "Token made." in response.content.decode()
    # Not kept for the next reader either.
    assert "Token made." not in signed_in(analyst).get(ENGAGEMENTS).content.decode()


def test_off_every_request_renders(data, analyst_client, settings, monkeypatch):
    settings.PAGE_CACHE = False
    analyst_client.get(ENGAGEMENTS)
    renders = counting(monkeypatch, lists, "_render_list")
    analyst_client.get(ENGAGEMENTS)
    assert renders == [1]


def test_during_a_warm_up_a_page_nobody_had_seen_is_rendered_once(analyst_client, warming, monkeypatch):
    url = ENGAGEMENTS + "?country=MYS"  # not warmed, never visited: nothing of it from before
    renders = counting(monkeypatch, lists, "_render_list")
    assert rows(analyst_client.get(url)) == 2
    assert rows(analyst_client.get(url)) == 2
    assert renders == [1]


def test_a_page_made_of_the_previous_figures_lasts_only_as_long_as_the_warm_up(warming, monkeypatch):
    # The overview's figures are the previous version's (warmed); its page for the staff
    # audience was never kept. The first staff visit renders it with those figures, the
    # next gets that page while the warm-up runs, and once it ends the page is this version's.
    staff = signed_in(staff_member())
    renders = counting(monkeypatch, charts, "cached")
    for _ in range(2):
        assert 'stat__value">2</span>' in staff.get(reverse("engagements:overview")).content.decode()
    assert len(renders) == 1
    call_command("warm_figures", verbosity=0)
    assert 'stat__value">3</span>' in staff.get(reverse("engagements:overview")).content.decode()


def staff_member():
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("stella", is_staff=True)
    user.groups.add(Group.objects.get(name="editors"))
    return user
