"""A synthetic load into the test database holds to the invariants real data holds to.

The loader COPYs on a thread of its own through the test's connection, so the load joins
the test's transaction like any other write (plain ``django_db``).
"""

import collections
import datetime as dt
import hashlib
import re

import pytest
from django.db import connection, transaction
from django.db.models import Max

import synthetic
from engagements.ingest.keys import NAME_NOISE, fold
from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    Exercise,
    ExerciseMention,
    Forum,
    Participation,
    Person,
    Readout,
    text_fingerprint,
)
from synthetic import gazetteer, topics
from synthetic.loader import load_synthetic
from synthetic.rows import BIG_TABLES, TABLE, TABLES
from synthetic.texts import MAX_CHARS, MIN_CHARS, MONTHS, WEEKDAYS
from tests.factories import EngagementFactory, ReadoutFactory

pytestmark = pytest.mark.django_db

SIZE = 300
FACTS = (EngagementCountry, EngagementTopic, Participation, AgreementEvent, ExerciseMention)


@pytest.fixture
def real_engagement():
    """A row that was there before: a load must leave it alone."""
    return EngagementFactory(readout=ReadoutFactory(url="https://example.org/real/1"), countries=["USA", "MYS"])


@pytest.fixture
def loaded(real_engagement):
    return load_synthetic(engagements=SIZE, seed=7, batch_size=120)


def synthetic_engagements():
    return Engagement.objects.filter(readout__source="synthetic")


def test_counts_match_the_summary(loaded, real_engagement):
    # The database held one readout, one engagement, its source and its two country links before.
    before = {"readouts": 1, "engagements": 1, "engagement sources": 1, "countries": 2}
    for table in TABLES:
        assert table.model.objects.count() - before.get(table.name, 0) == loaded.counts[table.name], table.name
    assert loaded.counts["readouts"] == loaded.counts["engagements"] == loaded.counts["engagement sources"] == SIZE
    assert all(loaded.counts[name] > 0 for name in ("people", "agreements", "forums", "participations", "topics"))
    assert f"{SIZE} synthetic engagements loaded" in loaded.summary() and "rows/s" in loaded.summary()


def test_every_row_passes_full_clean(loaded):
    for model in (Readout, Engagement, *FACTS, Person, Agreement, Exercise, Forum):
        rows = list(model.objects.all())
        assert rows, model.__name__
        for row in rows:
            row.full_clean()


def test_readouts_look_parsed_and_unique(loaded):
    readouts = list(Readout.objects.filter(source="synthetic"))
    for readout in readouts:
        assert MIN_CHARS <= len(readout.text) <= MAX_CHARS
        assert readout.text_sha256 == text_fingerprint(readout.text)
        assert readout.status == "parsed" and readout.parser_version == "synthetic" and readout.extraction is None
        assert readout.url == f"https://synthetic.invalid/readouts/{readout.pk}"
        assert readout.text.endswith(f"SR-{readout.pk:06d}")
        assert readout.engagement.date <= readout.published_on
    assert len({r.url for r in readouts}) == len({r.text_sha256 for r in readouts}) == SIZE
    # The server filled the generated search column.
    assert Readout.objects.filter(source="synthetic", search__isnull=True).count() == 0


def test_evidence_spans_hold_what_the_fact_says(loaded):
    for engagement in synthetic_engagements().select_related("readout", "forum"):
        text = engagement.readout.text
        spans = engagement.evidence
        assert {"date", "kind"} <= set(spans)
        for start, end in spans.values():
            assert 0 <= start < end <= len(text)
        date_words = text[slice(*spans["date"])].lower()
        assert any(w.lower() in date_words for w in ("today", "yesterday", *MONTHS, *WEEKDAYS))
        if engagement.location:
            place = engagement.location.split(",")[0].lower()
            assert place in text[slice(*spans["location"])].lower()
        if engagement.forum:
            labels = [engagement.forum.short_name, engagement.forum.name, *engagement.forum.aliases]
            assert any(label in text[slice(*spans["forum"])] for label in labels)

    def sentence(fact):
        text = fact.engagement.readout.text
        assert 0 <= fact.evidence_start < fact.evidence_end <= len(text)
        return text[fact.evidence_start : fact.evidence_end]

    for fact in EngagementCountry.objects.filter(origin="parser").select_related("engagement__readout"):
        words = sentence(fact).lower()
        assert any(form.lower() in words for form in gazetteer.country(fact.country_id).mentions), fact.country_id
    for fact in Participation.objects.select_related("engagement__readout", "person"):
        # Every word of the name as written ("Chuck", not the key's "charles"), so the surname too.
        assert _words(fact.person.name) <= _words(sentence(fact)), fact.person.name
    for fact in AgreementEvent.objects.select_related("engagement__readout"):
        assert fact.name_as_written and fact.name_as_written in sentence(fact)
    for fact in ExerciseMention.objects.select_related("engagement__readout", "exercise"):
        assert fact.exercise.name in sentence(fact) and fact.location in sentence(fact)
    for fact in EngagementTopic.objects.select_related("engagement__readout", "topic"):
        phrases = [*topics.AREAS.get(fact.topic.name, ()), *topics.ISSUES.get(fact.topic.name, ())]
        assert any(p in sentence(fact) for p in phrases), (fact.topic.name, sentence(fact))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", fold(text))) - NAME_NOISE


def test_engagements_hold_their_publisher_and_their_participants_countries(loaded):
    countries = collections.defaultdict(set)
    for link in EngagementCountry.objects.filter(origin="parser").select_related("engagement__readout"):
        countries[link.engagement_id].add(link.country_id)
        assert link.is_partner == (link.country_id != link.engagement.readout.publisher_id)
        assert link.date == link.engagement.date
    for engagement in synthetic_engagements().select_related("readout"):
        codes = countries[engagement.pk]
        assert engagement.readout.publisher_id in codes and len(codes) >= 2
        assert (3 <= len(codes) <= 6) if engagement.kind == "multilateral" else len(codes) == 2
    for participation in Participation.objects.select_related("person"):
        assert participation.person.country_id in countries[participation.engagement_id]
        assert participation.title
    for model in FACTS:
        assert not model.objects.filter(origin="parser", date__isnull=True).exists()


def test_agreement_histories_sign_once_and_in_order(loaded):
    _assert_histories()


def _assert_histories():
    events = collections.defaultdict(list)
    for event in AgreementEvent.objects.order_by("date", "id"):
        events[event.agreement_id].append(event.action)
    assert events
    for actions in events.values():
        # planned ... signed ... renewed, with implemented and mentioned after the signing.
        assert actions.count("signed") <= 1 and actions.count("renewed") <= 1
        if "signed" in actions:
            assert "planned" not in actions[actions.index("signed") :]
            assert "implemented" not in actions[: actions.index("signed")]
        if "renewed" in actions and "signed" in actions:
            assert actions.index("signed") < actions.index("renewed")
    for agreement in Agreement.objects.prefetch_related("countries"):
        assert agreement.countries.count() >= 2


def test_a_second_run_adds_rows_and_reuses_people(loaded, real_engagement):
    people = Person.objects.count()
    again = load_synthetic(engagements=SIZE, seed=7)
    assert Readout.objects.filter(source="synthetic").count() == 2 * SIZE
    # The same world: people already stored are reused, only those new to this run are added.
    assert Person.objects.count() == people + again.counts["people"] < people + loaded.counts["people"]
    assert again.counts["forums"] == 0
    _assert_histories()
    # The sequences moved past the pre-assigned ids: ordinary inserts still work.
    highest = Readout.objects.aggregate(highest=Max("pk"))["highest"]
    assert ReadoutFactory(url="https://example.org/real/2").pk > highest
    assert Engagement.objects.filter(pk=real_engagement.pk, location="The Pentagon").exists()


def test_the_same_seed_gives_the_same_rows(real_engagement):
    before = _sequence_values()
    with pytest.raises(_Rollback), transaction.atomic():
        load_synthetic(engagements=120, seed=11)
        first = _digest()
        raise _Rollback
    _restore_sequences(before)
    load_synthetic(engagements=120, seed=11)
    assert _digest() == first
    with pytest.raises(_Rollback), transaction.atomic():
        load_synthetic(engagements=120, seed=12)
        other = _digest()
        raise _Rollback
    assert other != first


class _Rollback(Exception):
    pass


def _digest() -> str:
    digest = hashlib.sha256()
    for table in TABLES:
        skip = {"created_at", "updated_at", "parsed_at"}
        columns = [f for f in table.fields if f not in skip]
        for row in table.model.objects.order_by("id").values_list(*columns):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _sequence_values() -> dict[str, int | None]:
    with connection.cursor() as cursor:
        values = {}
        for table in TABLES:
            cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table.db_table])
            sequence = cursor.fetchone()[0]
            cursor.execute("SELECT pg_sequence_last_value(%s::regclass)", [sequence])
            values[sequence] = cursor.fetchone()[0]
        return values


def _restore_sequences(values):
    with connection.cursor() as cursor:
        for sequence, value in values.items():
            cursor.execute("SELECT setval(%s::regclass, %s, %s)", [sequence, value or 1, value is not None])


def test_dropped_indexes_come_back(real_engagement):
    tables = [TABLE[name].db_table for name in BIG_TABLES]

    def definitions():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1", [tables])
            return cursor.fetchall()

    before = definitions()
    result = load_synthetic(engagements=60, seed=3, drop_indexes=True)
    assert result.dropped_indexes and "readout_search_gin" in result.dropped_indexes
    assert definitions() == before


def test_after_load_hook_runs_once(monkeypatch, real_engagement):
    calls = []
    monkeypatch.setattr(synthetic, "after_load", lambda conn: calls.append(conn))
    load_synthetic(engagements=20, seed=1)
    assert calls == [connection]


def test_a_load_into_a_database_with_history_never_signs_twice(real_engagement):
    """An agreement the database already holds as signed stays signed once, whatever the seed."""
    load_synthetic(engagements=400, seed=21)
    for seed in (21, 22):
        load_synthetic(engagements=400, seed=seed)
    _assert_histories()
    assert AgreementEvent.objects.filter(
        engagement__readout__source="synthetic", date__gte=dt.date(2000, 1, 1)
    ).exists()
