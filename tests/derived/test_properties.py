"""After any sequence of writes, by any path, the derived data equals a full rebuild.

Hypothesis draws a list of operations (ingest, re-import, an editor's edit of each field,
re-parse, delete, an import interrupted after storing its readout and run again, renames,
sources joined, moved and split off, a small bulk load); after each one the transaction
settles, as its commit would, and every copied column, summary, API row and rollup count
must equal what ``rollup_rebuild`` makes of the facts.
"""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engagements.derived.rollup import data_version
from engagements.ingest.lookups import Lookups
from engagements.ingest.pipeline import readout_ingest, readout_parse, readout_prepare
from engagements.models import (
    Agreement,
    Country,
    Engagement,
    EngagementCountry,
    EngagementSource,
    Exercise,
    Forum,
    Kind,
    Origin,
    Participation,
    Person,
    Readout,
    Topic,
)
from tests import factories
from tests.derived.oracle import assert_settled_state_equals_a_rebuild
from tests.ingest import readouts

pytestmark = pytest.mark.django_db

TEXTS = [readouts.MALAYSIA_MEETING, readouts.MALAYSIA_CALL_LATER, readouts.PHILIPPINES_PLAN, readouts.PHILIPPINES_SIGN]
PUBLISHERS = ["USA", "MYS", "PHL", None]


def _text(n: int) -> tuple[str, dt.date]:
    """One of a few dozen distinct readouts, published in different months and years."""
    published = dt.date(2018 + n % 5, 1 + n % 12, 1 + n % 27)
    return f"{TEXTS[n % len(TEXTS)]}\nRelease number {n % 40}.", published


def _engagement(n: int) -> Engagement | None:
    ids = list(Engagement.objects.order_by("pk").values_list("pk", flat=True))
    return Engagement.objects.get(pk=ids[n % len(ids)]) if ids else None


def ingest(n):
    text, published = _text(n)
    readout_ingest(text=text, published_on=published, publisher=PUBLISHERS[n % 3], source=Readout.Source.IMPORT)


def interrupted_import(n):
    # The readout is stored (its own transaction) and the process dies before its rows are
    # saved; the next run finds it unfinished and finishes it.
    text, published = _text(n)
    readout_prepare(text=text, published_on=published, publisher="USA", lookups=Lookups())
    ingest(n)


def edit_date(n):
    if engagement := _engagement(n):
        engagement.date = None if n % 7 == 0 else dt.date(2015 + n % 9, 1 + n % 12, 1 + n % 28)
        engagement.save()


def edit_kind_location_forum(n):
    if engagement := _engagement(n):
        engagement.kind = Kind.values[n % len(Kind.values)]
        engagement.location = f"Place {n}"
        engagement.forum = Forum.objects.get_or_create(short_name=f"F{n % 3}", defaults={"name": f"Forum {n % 3}"})[0]
        engagement.save()


def edit_countries(n):
    if engagement := _engagement(n):
        code = ["AUS", "JPN", "MYS", "PHL", "USA"][n % 5]
        link = engagement.country_links.filter(country_id=code).first()
        if link:
            link.delete()
        else:
            EngagementCountry.objects.create(engagement=engagement, country_id=code, origin=Origin.EDITOR)


def edit_participant(n):
    if engagement := _engagement(n):
        person = Person.objects.order_by("pk").first()
        if person and not engagement.participations.filter(person=person).exists():
            Participation.objects.create(engagement=engagement, person=person, title=f"Title {n}")
        else:
            engagement.participations.filter(pk__in=engagement.participations.values("pk")[:1]).update(title=f"T{n}")


def edit_readout(n):
    if engagement := _engagement(n):
        readout = engagement.readout
        readout.publisher_id = PUBLISHERS[n % len(PUBLISHERS)]
        readout.title = f"Readout {n}"
        readout.save()


def edit_sources(n):
    # Another readout joins an engagement as a source, a source moves to another engagement,
    # or one is split off; the others' readouts are edited.
    if engagement := _engagement(n):
        others = EngagementSource.objects.filter(readout__engagement__isnull=True).order_by("pk")
        if n % 3 == 0 or not others.exists():
            readout = factories.ReadoutFactory(published_on=dt.date(2019, 1 + n % 12, 1), publisher_id="MYS")
            EngagementSource.objects.create(engagement=engagement, readout=readout, decided_by="matcher")
        elif n % 3 == 1:
            others.filter(pk=others[0].pk).update(engagement=engagement)
            Readout.objects.filter(pk=others[0].readout_id).update(title=f"Other {n}", published_on=None)
        else:
            others[0].delete()


def reparse(n):
    if engagement := _engagement(n):
        readout = engagement.readout
        if n % 2:
            Readout.objects.filter(pk=readout.pk).update(reviewed=not readout.reviewed)
        readout_parse(Readout.objects.get(pk=readout.pk))


def rename(n):
    if n % 6 == 0 and (person := Person.objects.order_by("pk").first()):
        person.name = f"{person.name} {n}"
        person.country_id = ["MYS", "PHL", "USA", None][n % 4]
        person.save()
    elif n % 6 == 1:
        Topic.objects.filter(name="maritime security").update(label=f"Maritime {n}", name=f"maritime {n}")
    elif n % 6 == 2:
        # Its region too: the region scopes of the rollup count its engagements.
        Country.objects.filter(code="MYS").update(name=f"Malaysia {n}", region=["Oceania", "Asia"][n % 2])
    elif n % 6 == 3:
        Forum.objects.filter(short_name=f"F{n % 3}").update(short_name=f"Forum renamed {n}")
    elif n % 6 == 4:
        Agreement.objects.update(kind=["ACSA", "MOU", "GSOMIA"][n % 3])
    else:
        Exercise.objects.update(named=bool(n % 2))


def delete(n):
    if engagement := _engagement(n):
        (engagement.readout if n % 2 else engagement).delete()


def bulk_load(n):
    from synthetic.loader import load_synthetic

    # The generator draws from the reference topics by name: a renamed one gets its name back.
    Topic.objects.filter(name__startswith="maritime ").update(name="maritime security")
    load_synthetic(engagements=3, seed=n)


OPERATIONS = {
    f.__name__: f
    for f in (
        ingest,
        interrupted_import,
        edit_date,
        edit_kind_location_forum,
        edit_countries,
        edit_participant,
        edit_readout,
        edit_sources,
        reparse,
        rename,
        delete,
        bulk_load,
    )
}
# Mostly ingests first, so the edits have engagements to work on.
steps = st.lists(st.tuples(st.sampled_from(sorted(OPERATIONS)), st.integers(0, 10_000)), min_size=1, max_size=8)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(first=st.lists(st.integers(0, 10_000), min_size=1, max_size=3), then=steps)
def test_any_sequence_of_writes_leaves_the_derived_data_a_rebuild_would_make(deferred_settle, first, then):
    with transaction.atomic():
        version = data_version()
        for name, n in [*(("ingest", n) for n in first), *then]:
            # An edit of an engagement when there is none writes nothing.
            idle = (
                name not in ("ingest", "interrupted_import", "rename", "bulk_load") and not Engagement.objects.exists()
            )
            refused = False
            try:
                with transaction.atomic():
                    OPERATIONS[name](n)
            except IntegrityError:
                # An edit the database refuses (a person renamed into another's key): the
                # admin shows the error and nothing changes.
                refused = True
            assert_settled_state_equals_a_rebuild()
            # Every write moves the data version (renames and deletes included).
            assert refused or idle or data_version() > version, name
            version = data_version()
        transaction.set_rollback(True)
