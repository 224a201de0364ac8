"""The parser's stored output beside the engagement's current facts: an editor sees what they
changed; only editors see it."""

import pytest
from django.urls import reverse

from engagements.comparison import readout_comparison
from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.ingest.results import Outcome
from engagements.models import Readout
from tests.history.admin_forms import engagement_change_data, post_engagement_change
from tests.ingest import readouts

pytestmark = pytest.mark.django_db


@pytest.fixture
def readout():
    stored = readout_ingest(text=readouts.MALAYSIA_MEETING, title="Readout of a meeting", publisher="USA").readout
    return Readout.objects.get(pk=stored.pk)  # with the parse the ingest wrote


def comparison_url(readout):
    return reverse("admin:engagements_readout_comparison", args=[readout.pk])


def test_a_fresh_parse_agrees_with_the_engagement(readout):
    comparison = readout_comparison(readout)
    assert comparison.rows and comparison.differences == 0


def test_an_editors_correction_shows_as_a_difference_after_a_reparse(editor_client, readout):
    engagement = readout.engagement
    post_engagement_change(
        editor_client, engagement, engagement_change_data(editor_client, engagement, location="Kuala Lumpur")
    )
    readout.refresh_from_db()
    assert readout.reviewed
    # The re-parse keeps the correction and stores its own output for comparison.
    assert readout_parse(readout).outcome == Outcome.KEPT

    response = editor_client.get(comparison_url(Readout.objects.get(pk=readout.pk)))
    assert response.status_code == 200
    [place] = [row for row in response.context["comparison"].rows if row.label == "Place"]
    assert place.differs
    assert [i.text for i in place.parsed] == ["The Pentagon"] and [i.text for i in place.current] == ["Kuala Lumpur"]
    html = response.content.decode()
    assert '<tr class="differs">' in html and 'Place <span class="tag">(differs)</span>' in html
    assert '<li class="only">Kuala Lumpur <span class="tag">(not in the parse)</span></li>' in html
    assert "1 field differs" in html
    [countries] = [row for row in response.context["comparison"].rows if row.label == "Countries"]
    assert not countries.differs


def test_the_readouts_page_links_to_the_comparison(editor_client, readout):
    html = editor_client.get(reverse("admin:engagements_readout_change", args=[readout.pk])).content.decode()
    assert comparison_url(readout) in html


def test_a_readout_without_a_parse_says_so(editor_client, readout):
    Readout.objects.filter(pk=readout.pk).update(extraction=None)
    response = editor_client.get(comparison_url(readout))
    assert response.status_code == 200 and "no stored parse" in response.content.decode()


def test_only_editors_see_the_comparison(client, analyst, django_user_model, readout):
    url = comparison_url(readout)
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(analyst)  # not staff: the admin sends them to its login
    assert client.get(url).status_code == 302
    viewer = django_user_model.objects.create_user(username="vera", password="pw-vera", is_staff=True)
    client.force_login(viewer)  # staff without the editors' permissions
    assert client.get(url).status_code == 403


def test_an_unknown_readout_is_a_404(editor_client):
    assert editor_client.get(reverse("admin:engagements_readout_comparison", args=[999999])).status_code == 404


def test_a_person_the_parser_named_in_short_is_the_same_participant(readout):
    minister = readout.engagement.participations.select_related("person").get(person__country="MYS")
    output = dict(readout.extraction)
    output["participants"] = [
        {**p, "name": "Minister Nordin"} if p["name"] == minister.person.name else p for p in output["participants"]
    ]
    readout.extraction = output
    [people] = [row for row in readout_comparison(readout).rows if row.label == "Participants"]
    assert not people.differs, [(i.text, i.key) for i in people.parsed + people.current]
