"""Each engagement's row of facts (EngagementFacts) holds what the rollups count it under, after
every kind of write that changes it: the overview of a filter no rollup answers counts these rows."""

import datetime as dt

import pytest

from engagements.derived import upkeep
from engagements.models import EngagementCountry, EngagementFacts, EngagementTopic, Readout, Topic
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild

pytestmark = pytest.mark.django_db


def facts_of(engagement) -> dict:
    upkeep.settle()  # as the writer's commit would
    row = EngagementFacts.objects.filter(engagement=engagement).first()
    if row is None:
        return {}
    topics = dict(Topic.objects.values_list("pk", "name"))
    return {
        "month": row.month,
        "date": row.date,
        "kind": row.kind,
        "forum": row.forum_id,
        "countries": row.countries,
        "partners": row.partners,
        "topics": sorted(topics[pk] for pk in row.topics),
        "actions": row.actions,
        "exercises": row.exercises,
    }


def test_an_engagement_s_row_holds_its_date_kind_countries_topics_events_and_exercises():
    engagement = factories.EngagementFactory(
        date=dt.date(2023, 6, 17), countries=["USA", "JPN", "PHL"], topics=["maritime security", "cybersecurity"]
    )
    # Two events of one action count twice, as the rollup counts them.
    factories.AgreementEventFactory(engagement=engagement, action="signed")
    factories.AgreementEventFactory(engagement=engagement, action="signed")
    factories.AgreementEventFactory(engagement=engagement, action="planned")
    mention = factories.ExerciseMentionFactory(engagement=engagement)
    assert facts_of(engagement) == {
        "month": dt.date(2023, 6, 1),
        "date": dt.date(2023, 6, 17),
        "kind": "meeting",
        "forum": None,
        # The publisher (the United States) takes part, as no partner of its own readout.
        "countries": ["JPN", "PHL", "USA"],
        "partners": ["JPN", "PHL"],
        "topics": ["cybersecurity", "maritime security"],
        "actions": ["planned", "signed", "signed"],
        "exercises": [mention.exercise_id],
    }


def test_writes_that_change_what_an_engagement_counts_under_rewrite_its_row():
    engagement = factories.EngagementFactory(date=dt.date(2022, 3, 1), countries=["USA", "JPN"])
    assert facts_of(engagement)["partners"] == ["JPN"]
    # Its date, kind and forum.
    forum = factories.ForumFactory()
    engagement.date, engagement.kind, engagement.forum = None, "call", forum
    engagement.save()
    assert facts_of(engagement) | {"partners": None} == {
        "month": None,
        "date": None,
        "kind": "call",
        "forum": forum.pk,
        "countries": ["JPN", "USA"],
        "partners": None,
        "topics": [],
        "actions": [],
        "exercises": [],
    }
    # A country and a topic added, the readout's publisher changed (Japan's own readout: the
    # United States becomes its partner), an event and a mention added and removed.
    EngagementCountry.objects.create(engagement=engagement, country_id="AUS", is_partner=True)
    EngagementTopic.objects.create(engagement=engagement, topic=Topic.objects.get(name="cybersecurity"))
    Readout.objects.filter(pk=engagement.readout_id).update(publisher_id="JPN")
    event = factories.AgreementEventFactory(engagement=engagement)
    mention = factories.ExerciseMentionFactory(engagement=engagement)
    changed = facts_of(engagement)
    assert (changed["countries"], changed["partners"], changed["topics"], changed["actions"], changed["exercises"]) == (
        ["AUS", "JPN", "USA"],
        ["AUS", "USA"],
        ["cybersecurity"],
        ["signed"],
        [mention.exercise_id],
    )
    event.delete()
    mention.delete()
    assert facts_of(engagement)["actions"] == facts_of(engagement)["exercises"] == []
    assert_settled_state_equals_a_rebuild()
    # The engagement deleted with its readout: its row goes.
    engagement.readout.delete()
    assert facts_of(engagement) == {}
    assert not EngagementFacts.objects.exists()
