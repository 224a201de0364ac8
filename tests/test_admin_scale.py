"""The editors' admin reads what a million rows allow: searches through the search table,
filters whose choices come from small tables, figures per page row, a fixed number of
queries whatever the page holds."""

import datetime as dt

import pytest
from django.urls import reverse

from engagements import admin_lists
from tests.factories import EngagementFactory, ParticipationFactory, PersonFactory, ReadoutFactory

pytestmark = pytest.mark.django_db


def changelist(model: str) -> str:
    return reverse(f"admin:engagements_{model}_changelist")


def listed(response) -> list:
    return list(response.context["cl"].result_list)


@pytest.fixture
def readouts():
    cyber = EngagementFactory(
        date=dt.date(2023, 4, 5),
        readout=ReadoutFactory(
            title="Cyber talks", text="They discussed cyber defence with Malaysia.", url="https://x.example/1"
        ),
    )
    older = EngagementFactory(
        date=dt.date(2019, 1, 2), readout=ReadoutFactory(title="Older cyber call", text="A call on cyber matters.")
    )
    other = EngagementFactory(
        date=dt.date(2024, 2, 3), readout=ReadoutFactory(title="Maritime", text="Ships and ports.")
    )
    return cyber, older, other


def test_a_readout_search_lists_the_matches_by_their_words(editor_client, readouts, django_assert_max_num_queries):
    cyber, older, _ = readouts
    with django_assert_max_num_queries(12):
        response = editor_client.get(changelist("readout"), {"q": "cyber"})
    assert response.status_code == 200
    assert {r.pk for r in listed(response)} == {cyber.readout_id, older.readout_id}
    assert "Cyber talks" in response.content.decode() and "Maritime" not in response.content.decode()


def test_a_readout_search_for_an_address_finds_its_readout(editor_client, readouts):
    response = editor_client.get(changelist("readout"), {"q": "https://x.example/1"})
    assert [r.pk for r in listed(response)] == [readouts[0].readout_id]


def test_an_engagement_search_reads_the_words_and_lists_the_newest_first(editor_client, readouts):
    cyber, older, _ = readouts
    response = editor_client.get(changelist("engagement"), {"q": "cyber"})
    assert [e.pk for e in listed(response)] == [cyber.pk, older.pk]
    assert [e.pk for e in listed(editor_client.get(changelist("engagement"), {"q": "Malaysia"}))] == [cyber.pk]


def test_a_search_lists_at_most_the_newest_matches(editor_client, readouts, monkeypatch):
    monkeypatch.setattr(admin_lists, "SEARCH_LIMIT", 1)
    response = editor_client.get(changelist("engagement"), {"q": "cyber"})
    assert [e.pk for e in listed(response)] == [readouts[0].pk]


def test_the_engagement_autocomplete_searches_the_words(editor_client, readouts):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "engagements", "model_name": "participation", "field_name": "engagement", "term": "cyber"},
    )
    assert response.status_code == 200
    assert [int(r["id"]) for r in response.json()["results"]] == [readouts[0].pk, readouts[1].pk]
    assert [r["text"] for r in response.json()["results"]] == ["Cyber talks", "Older cyber call"]


def test_the_year_filter_offers_the_years_held_and_keeps_one(editor_client, readouts):
    response = editor_client.get(changelist("engagement"), {"date_year": "2019"})
    assert [e.pk for e in listed(response)] == [readouts[1].pk]
    choices = [
        c["display"]
        for spec in response.context["cl"].filter_specs
        if spec.title == "year"
        for c in spec.choices(response.context["cl"])
    ]
    assert choices[1:] == ["2024", "2023", "2019"]


def test_the_region_filter_keeps_engagements_with_a_country_there(editor_client, readouts):
    EngagementFactory(countries=["USA", "GBR"])
    response = editor_client.get(changelist("engagement"), {"country_links__country__region": "Asia"})
    assert {e.pk for e in listed(response)} == {e.pk for e in readouts}  # the factories' MYS


def test_the_people_list_shows_each_person_figures_in_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    def people_list(expected_rows):
        with django_assert_max_num_queries(10):
            response = editor_client.get(changelist("person"))
        assert len(listed(response)) == expected_rows
        return response

    first = PersonFactory(name="Minister Alpha")
    ParticipationFactory(person=first, engagement=EngagementFactory(date=dt.date(2020, 1, 1)))
    ParticipationFactory(person=first, engagement=EngagementFactory(date=dt.date(2022, 3, 4)))
    people_list(1)
    for _ in range(5):
        ParticipationFactory()
    response = people_list(6)
    alpha = next(p for p in listed(response) if p.pk == first.pk)
    assert (alpha.n, alpha.last) == (2, dt.date(2022, 3, 4))
    assert "March 4, 2022" in response.content.decode() or "2022-03-04" in response.content.decode()


def test_participations_are_searched_by_the_people_names(editor_client):
    wanted = ParticipationFactory(person=PersonFactory(name="General Zorro Example"))
    ParticipationFactory()
    response = editor_client.get(changelist("participation"), {"q": "zorro"})
    assert [p.pk for p in listed(response)] == [wanted.pk]


@pytest.mark.parametrize(
    "model", ["readout", "engagement", "participation", "engagementcountry", "engagementtopic", "agreementevent"]
)
def test_a_list_of_facts_takes_a_fixed_number_of_queries(editor_client, model, django_assert_max_num_queries):
    for _ in range(3):
        ParticipationFactory()
    with django_assert_max_num_queries(14):
        first = editor_client.get(changelist(model))
    for _ in range(6):
        ParticipationFactory()
    with django_assert_max_num_queries(14) as captured:
        again = editor_client.get(changelist(model))
    assert first.status_code == again.status_code == 200
    assert len(captured.captured_queries) <= 14


def test_a_filtered_count_stops_at_the_cap(editor_client, readouts, monkeypatch):
    monkeypatch.setattr(admin_lists, "COUNT_CAP", 1)
    response = editor_client.get(changelist("engagement"), {"kind__exact": "meeting"})
    assert response.context["cl"].result_count == 1


def test_topics_and_forums_show_their_engagement_counts_from_the_rollup(editor_client):
    from engagements.models import Forum, Topic

    topic = Topic.objects.order_by("name").first()
    forum = Forum.objects.create(short_name="TEST-F", name="A test forum")
    for day in (dt.date(2021, 1, 1), dt.date(2023, 5, 5), None):
        engagement = EngagementFactory(date=day, topics=[topic.name])
        engagement.forum = forum
        engagement.save()
    topics = {t.pk: t.n for t in listed(editor_client.get(changelist("topic")))}
    forums = {f.pk: f.n for f in listed(editor_client.get(changelist("forum")))}
    assert topics[topic.pk] == 3 and forums[forum.pk] == 3


def test_agreements_show_their_events_and_latest_date(editor_client):
    from tests.factories import AgreementEventFactory, AgreementFactory

    agreement = AgreementFactory()
    for day in (dt.date(2019, 1, 1), dt.date(2022, 2, 2)):
        AgreementEventFactory(agreement=agreement, engagement=EngagementFactory(date=day))
    row = next(a for a in listed(editor_client.get(changelist("agreement"))) if a.pk == agreement.pk)
    assert (row.n, row.last) == (2, dt.date(2022, 2, 2))


def test_an_agreement_page_shows_its_newest_events_in_a_fixed_number_of_queries(
    editor_client, monkeypatch, django_assert_max_num_queries
):
    from engagements import admin as engagements_admin
    from tests.factories import AgreementEventFactory, AgreementFactory

    monkeypatch.setattr(engagements_admin, "HISTORY_ROWS", 3)
    agreement = AgreementFactory()
    days = [dt.date(2015 + n, 1, 1) for n in range(6)]
    for day in days:
        AgreementEventFactory(agreement=agreement, engagement=EngagementFactory(date=day))
    url = reverse("admin:engagements_agreement_change", args=[agreement.pk])
    with django_assert_max_num_queries(8):
        response = editor_client.get(url)
    shown = [form.instance.date for form in response.context["inline_admin_formsets"][0].formset.forms]
    assert shown == sorted(days, reverse=True)[:3]


def test_a_deep_page_lists_the_same_rows_as_an_offset(editor_client, monkeypatch):
    from engagements.dashboard import pagination
    from engagements.models import Engagement

    monkeypatch.setattr(admin_lists, "DEFERRED_FROM", 2)
    monkeypatch.setattr(admin_lists, "PER_PAGE", 2)
    monkeypatch.setattr(pagination, "DEFERRED_FROM", 2)
    for n in range(7):
        EngagementFactory(date=dt.date(2010 + n, 1, 1))
    from engagements.admin import EngagementAdmin

    monkeypatch.setattr(EngagementAdmin, "list_per_page", 2)
    response = editor_client.get(changelist("engagement"), {"p": "3"})
    expected = list(Engagement.objects.order_by("-date", "-id").values_list("pk", flat=True)[4:6])
    assert [e.pk for e in listed(response)] == expected
