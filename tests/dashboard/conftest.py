import datetime as dt

import pytest

from engagements import models
from engagements.derived import upkeep
from tests import factories


@pytest.fixture
def sample(db):
    """Sixty engagements with every kind of fact and its evidence (tests/dashboard/sample.py)."""
    from tests.dashboard.sample import build

    return build(60)


@pytest.fixture
def malaysia_meeting(db):
    """One engagement written out: a meeting with Malaysia on maritime security, an ACSA signed."""
    text = (
        "Secretary Avery met Minister Rahman of Malaysia in Kuala Lumpur on May 1, 2024. "
        "They discussed maritime security in the South China Sea. "
        "The two signed an Acquisition and Cross-Servicing Agreement."
    )
    first, second, third = (0, 79), (80, 136), (137, 197)  # the three sentences
    readout = factories.ReadoutFactory(
        title="Readout of a meeting with Malaysia", text=text, url="https://example.gov/r/1"
    )
    engagement = factories.EngagementFactory(
        readout=readout,
        date=dt.date(2024, 5, 1),
        countries=[],
        evidence={"date": list(first), "location": list(first)},
    )
    for code, partner in (("USA", False), ("MYS", True)):
        models.EngagementCountry.objects.create(
            engagement=engagement,
            country_id=code,
            is_partner=partner,
            date=engagement.date,
            evidence_start=first[0],
            evidence_end=first[1],
        )
    models.EngagementTopic.objects.create(
        engagement=engagement,
        topic=models.Topic.objects.get(name="maritime security"),
        date=engagement.date,
        evidence_start=second[0],
        evidence_end=second[1],
    )
    minister = factories.PersonFactory(name="Adnan Rahman", country_id="MYS")
    factories.ParticipationFactory(
        engagement=engagement,
        person=minister,
        title="Minister of Defence",
        evidence_start=first[0],
        evidence_end=first[1],
    )
    agreement = factories.AgreementFactory()
    agreement.countries.add("USA", "MYS")  # its parties, as ingest records them
    factories.AgreementEventFactory(
        engagement=engagement,
        agreement=agreement,
        action="signed",
        evidence_start=third[0],
        evidence_end=third[1],
    )
    upkeep.settle()  # as its commit would
    return engagement


@pytest.fixture
def viewer(db, django_user_model):
    """Sees the dashboard but may not export: the view permission alone."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(username="vera", password="pw-vera")
    user.user_permissions.add(Permission.objects.get(codename="view_dashboard"))
    return user
