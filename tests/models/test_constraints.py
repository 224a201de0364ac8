"""Invariants the database itself enforces, whatever code path writes."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from engagements.models import (
    AgreementEvent,
    Engagement,
    EngagementCountry,
    Participation,
    Person,
    Readout,
)
from tests.factories import (
    AgreementFactory,
    EngagementFactory,
    ParticipationFactory,
    PersonFactory,
    ReadoutFactory,
)

pytestmark = pytest.mark.django_db


def refused(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


@pytest.mark.smoke
def test_duplicate_readout_text_is_refused_by_the_database():
    first = ReadoutFactory(text="Secretary Austin met Minister Khaled today.")
    # Same text, different spacing: the same fingerprint, so the insert must fail.
    refused(
        lambda: Readout.objects.create(
            text="Secretary Austin  met Minister Khaled today.", text_sha256=first.text_sha256
        )
    )
    assert Readout.objects.count() == 1


def test_url_is_unique_when_present_and_optional_otherwise():
    ReadoutFactory(url="https://example.org/readout/1")
    refused(lambda: ReadoutFactory(url="https://example.org/readout/1"))
    ReadoutFactory(url="")
    ReadoutFactory(url="")
    assert Readout.objects.filter(url="").count() == 2


@pytest.mark.parametrize(
    "field, value",
    [("status", "deleted"), ("source", "telepathy"), ("text", "")],
)
def test_readout_check_constraints(field, value):
    refused(lambda: ReadoutFactory(**{field: value}))


def test_engagement_kind_must_be_one_of_the_schema_kinds():
    readout = ReadoutFactory()
    refused(lambda: Engagement.objects.create(readout=readout, kind="party"))


def test_one_engagement_per_readout():
    engagement = EngagementFactory()
    refused(lambda: Engagement.objects.create(readout=engagement.readout, kind="call"))


def test_person_unique_per_normalised_name_and_country_even_without_country():
    PersonFactory(name="Lloyd Austin", country_id="USA")
    refused(lambda: PersonFactory(name="Lloyd J. Austin III", country_id="USA"))  # same key "lloyd austin"
    PersonFactory(name="Lloyd Austin", country_id="GBR")  # another country: another person
    PersonFactory(name="Jane Doe", country_id=None)
    refused(lambda: PersonFactory(name="Jane Doe", country_id=None))
    assert Person.objects.count() == 3


def test_one_participation_per_person_per_engagement():
    participation = ParticipationFactory()
    refused(
        lambda: Participation.objects.create(
            engagement=participation.engagement, person=participation.person, title="again"
        )
    )


def test_one_country_link_per_engagement_and_country():
    engagement = EngagementFactory(countries=["USA"])
    refused(lambda: EngagementCountry.objects.create(engagement=engagement, country_id="USA"))


def test_agreement_action_and_kind_are_checked():
    engagement = EngagementFactory()
    refused(lambda: AgreementFactory(kind="HANDSHAKE"))
    agreement = AgreementFactory()
    refused(lambda: AgreementEvent.objects.create(agreement=agreement, engagement=engagement, action="torn up"))


@pytest.mark.parametrize("start, end", [(10, 5), (None, 5), (3, None)])
def test_evidence_span_must_be_ordered_and_complete(start, end):
    engagement = EngagementFactory(countries=[])
    refused(
        lambda: EngagementCountry.objects.create(
            engagement=engagement, country_id="USA", evidence_start=start, evidence_end=end
        )
    )


def test_fact_origin_is_checked():
    engagement = EngagementFactory(countries=[])
    refused(lambda: EngagementCountry.objects.create(engagement=engagement, country_id="USA", origin="oracle"))


def test_deleting_a_readout_takes_its_engagement_and_facts():
    participation = ParticipationFactory(engagement__date=dt.date(2020, 1, 1))
    participation.engagement.readout.delete()
    assert not Engagement.objects.exists()
    assert not Participation.objects.exists()
    assert Person.objects.count() == 1  # people outlive the readouts that named them
