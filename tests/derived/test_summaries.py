"""The engagements' report summaries follow every write, whoever makes it.

The oracle below computes each summary from the fact rows in Python; the database's
triggers must agree with it after inserts, edits, deletes and renames.
"""

import pytest
from django.core.management import call_command

from engagements.derived import upkeep
from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementSummary,
    Exercise,
    ExerciseMention,
    Participation,
    Person,
    Topic,
)
from tests import factories

pytestmark = pytest.mark.django_db


def expected(engagement: Engagement) -> dict:
    links = list(engagement.country_links.select_related("country"))
    partners = sorted((link.country.name, link.country_id) for link in links if link.is_partner)

    def person(p: Participation) -> str:
        details = ", ".join(x for x in (p.title, p.person.country_id or "") if x)
        return f"{p.person.name} ({details})" if details else p.person.name

    readout = engagement.readout
    return {
        "title": readout.title,
        "url": readout.url,
        "published_on": readout.published_on,
        "publisher_id": readout.publisher_id,
        "partner_names": "; ".join(name for name, _ in partners),
        "partner_codes": "; ".join(code for _, code in partners),
        "country_codes": "; ".join(sorted(link.country_id for link in links)),
        "participants": "; ".join(person(p) for p in engagement.participations.select_related("person").order_by("id")),
        "topics": "; ".join(sorted(t.topic.label for t in engagement.topic_links.select_related("topic"))),
        "agreements": "; ".join(
            f"{e.agreement.name} ({e.action})"
            for e in engagement.agreement_events.select_related("agreement").order_by("id")
        ),
        "exercises": "; ".join(
            m.exercise.name for m in engagement.exercise_mentions.select_related("exercise").order_by("id")
        ),
    }


def stored(engagement: Engagement) -> dict:
    upkeep.settle()  # as the writes' commit would
    row = EngagementSummary.objects.filter(engagement=engagement).values().get()
    return {key: row[key] for key in expected(engagement)}


def assert_all_current():
    for engagement in Engagement.objects.all():
        assert stored(engagement) == expected(engagement), engagement.pk
    orphans = EngagementSummary.objects.exclude(engagement_id__in=Engagement.objects.values("pk"))
    assert not orphans.exists()


def test_summaries_follow_the_facts_as_they_are_written(malaysia_meeting):
    assert stored(malaysia_meeting)["participants"] == "Adnan Rahman (Minister of Defence, MYS)"
    assert_all_current()


def test_a_new_engagement_has_its_readouts_fields_before_any_fact(db):
    readout = factories.ReadoutFactory(title="Readout of a call", url="https://example.gov/r/9")
    engagement = Engagement.objects.create(readout=readout)
    assert stored(engagement)["title"] == "Readout of a call"
    assert stored(engagement)["url"] == "https://example.gov/r/9"


def test_editing_a_readouts_title_or_url_refreshes_its_engagements_summary(malaysia_meeting):
    readout = malaysia_meeting.readout
    readout.title, readout.url = "Corrected title", "https://example.gov/r/1-corrected"
    readout.save()
    assert stored(malaysia_meeting)["title"] == "Corrected title"
    assert stored(malaysia_meeting)["url"] == "https://example.gov/r/1-corrected"
    assert_all_current()


def test_an_editors_changes_to_facts_refresh_the_summary(malaysia_meeting):
    EngagementCountry.objects.create(engagement=malaysia_meeting, country_id="AUS", is_partner=True)
    Participation.objects.filter(engagement=malaysia_meeting).update(title="Senior Minister")
    AgreementEvent.objects.filter(engagement=malaysia_meeting).update(action="renewed")
    malaysia_meeting.topic_links.all().delete()
    row = stored(malaysia_meeting)
    assert row["partner_names"] == "Australia; Malaysia" and row["partner_codes"] == "AUS; MYS"
    assert row["participants"] == "Adnan Rahman (Senior Minister, MYS)"
    assert row["agreements"].endswith("(renewed)") and row["topics"] == ""
    assert_all_current()


def test_renaming_a_person_agreement_exercise_or_topic_reaches_every_engagement_that_shows_it(malaysia_meeting):
    other = factories.EngagementFactory(countries=["MYS"])
    person = Person.objects.get(name="Adnan Rahman")
    factories.ParticipationFactory(engagement=other, person=person, title="")
    exercise = factories.ExerciseFactory(name="Keris Strike")
    factories.ExerciseMentionFactory(engagement=other, exercise=exercise)

    Person.objects.filter(pk=person.pk).update(name="Mohamed Adnan Rahman")
    Exercise.objects.filter(pk=exercise.pk).update(name="Keris Strike 2024")
    Agreement.objects.filter(events__engagement=malaysia_meeting).update(name="ACSA")
    Topic.objects.filter(name="maritime security").update(label="Maritime domain")

    assert stored(other)["participants"] == "Mohamed Adnan Rahman (MYS)"
    assert stored(other)["exercises"] == "Keris Strike 2024"
    assert stored(malaysia_meeting)["agreements"] == "ACSA (signed)"
    assert stored(malaysia_meeting)["topics"] == "Maritime domain"
    assert_all_current()


def test_deleting_an_engagement_or_a_participant_leaves_no_stale_summary(malaysia_meeting):
    other = factories.EngagementFactory(countries=["PHL"])
    Participation.objects.filter(person__name="Adnan Rahman").delete()
    assert stored(malaysia_meeting)["participants"] == ""
    other.delete()
    assert not EngagementSummary.objects.filter(engagement_id=other.pk).exists()
    assert_all_current()


def test_a_transactions_writes_are_summarised_when_it_commits(malaysia_meeting, deferred_settle):
    def unsettled():
        return EngagementSummary.objects.get(engagement=malaysia_meeting).exercises

    upkeep.settle()
    ExerciseMention.objects.create(
        engagement=malaysia_meeting, exercise=factories.ExerciseFactory(name="Bersama Shield")
    )
    assert unsettled() == ""  # queued, not yet settled
    assert stored(malaysia_meeting)["exercises"] == "Bersama Shield"
    # Settled once; later writes of the same transaction are queued and settled again.
    ExerciseMention.objects.filter(engagement=malaysia_meeting).delete()
    assert unsettled() == "Bersama Shield"
    assert stored(malaysia_meeting)["exercises"] == ""


def test_ingested_readouts_and_a_synthetic_load_have_current_summaries(db):
    from synthetic.loader import load_synthetic

    call_command("load_demo", verbosity=0)
    load_synthetic(engagements=120, seed=3)
    assert Engagement.objects.count() > 120
    assert_all_current()


def test_a_rebuild_restores_summaries_lost_or_damaged(malaysia_meeting):
    EngagementSummary.objects.update(participants="wrong")
    upkeep.rebuild()
    assert_all_current()
