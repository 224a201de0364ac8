"""Order does not matter: importing several readouts of several meetings in any order gives
the same engagements with the same facts, and importing or parsing any of them again changes
nothing."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagements.ingest.pipeline import readout_ingest, readout_parse
from engagements.models import Engagement, Readout, text_fingerprint
from tests.ingest.same_event import EXPECTED_GROUPS, SEVERAL

pytestmark = pytest.mark.django_db


def _import(index: int):
    text, publisher, published, url = SEVERAL[index]
    return readout_ingest(text=text, publisher=publisher, published_on=published, url=url, source="import")


def _state() -> dict[frozenset, tuple]:
    """Each engagement, by the texts of its sources, with its fields and facts."""
    state = {}
    engagements = Engagement.objects.select_related("readout", "forum").prefetch_related(
        "sources__readout",
        "country_links",
        "participations__person",
        "agreement_events__agreement",
        "exercise_mentions__exercise",
        "topic_links__topic",
    )
    for e in engagements:
        texts = frozenset(s.readout.text_sha256 for s in e.sources.all())
        state[texts] = (
            e.readout.text_sha256,
            e.date,
            e.kind,
            e.location,
            str(e.forum or ""),
            sorted((c.country_id, c.is_partner) for c in e.country_links.all()),
            sorted((p.person.name, p.title) for p in e.participations.all()),
            sorted((a.agreement.name, a.action) for a in e.agreement_events.all()),
            sorted(m.exercise.name for m in e.exercise_mentions.all()),
            sorted(t.topic.name for t in e.topic_links.all()),
        )
    return state


def _expected_groups() -> set[frozenset]:
    return {frozenset(text_fingerprint(SEVERAL[i][0]) for i in group) for group in EXPECTED_GROUPS}


REFERENCE = {}


def _reference() -> dict:
    if not REFERENCE:
        with transaction.atomic():
            for index in range(len(SEVERAL)):
                _import(index)
            REFERENCE.update(_state())
            transaction.set_rollback(True)
    return REFERENCE


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(len(SEVERAL))), again=st.integers(0, len(SEVERAL) - 1))
def test_any_order_gives_the_same_engagements_and_facts(order, again):
    reference = _reference()
    assert set(reference) == _expected_groups()
    with transaction.atomic():
        for index in order:
            assert _import(index).outcome == "new"
        assert _state() == reference
        assert _import(again).outcome == "unchanged"
        for readout in Readout.objects.order_by("pk"):
            readout_parse(readout)
        assert _state() == reference
        transaction.set_rollback(True)
