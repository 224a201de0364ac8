"""factory_boy factories: each test builds the few rows it talks about."""

import datetime as dt
import hashlib

import factory

from engagements import models
from engagements.ingest.keys import name_tokens, person_key


class ReadoutFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Readout

    title = factory.Sequence(lambda n: f"Readout of a meeting number {n}")
    text = factory.Sequence(lambda n: f"Secretary of Defense Lloyd J. Austin III met with a counterpart, meeting {n}.")
    text_sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(models.normalise_text(o.text).encode()).hexdigest())
    published_on = dt.date(2024, 5, 2)
    publisher_id = "USA"
    status = models.Readout.Status.PARSED


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Forum
        django_get_or_create = ["short_name"]

    short_name = "ADMM-Plus"
    name = "ASEAN Defence Ministers' Meeting-Plus"


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Engagement
        skip_postgeneration_save = True

    readout = factory.SubFactory(ReadoutFactory)
    date = dt.date(2024, 5, 1)
    kind = models.Kind.MEETING
    location = "The Pentagon"

    @factory.post_generation
    def source(self, create, extracted, **kwargs):
        # Every engagement has its readout as its first source, as the ingest records it.
        if create:
            models.EngagementSource.objects.get_or_create(engagement=self, readout=self.readout)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        codes = extracted if extracted is not None else ["USA", "MYS"]
        for code in codes:
            models.EngagementCountry.objects.create(
                engagement=self, country_id=code, is_partner=code != "USA", date=self.date
            )

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):
        for name in extracted or []:
            models.EngagementTopic.objects.create(
                engagement=self, topic=models.Topic.objects.get(name=name), date=self.date
            )


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    name = factory.Sequence(lambda n: f"Minister Number{n} Person")
    name_key = factory.LazyAttribute(lambda o: person_key(o.name))
    name_tokens = factory.LazyAttribute(lambda o: name_tokens(o.name))
    country_id = "MYS"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    engagement = factory.SubFactory(EngagementFactory)
    person = factory.SubFactory(PersonFactory)
    title = "Minister of Defense"
    date = factory.SelfAttribute("engagement.date")


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Agreement

    name = "Acquisition and Cross-Servicing Agreement"
    kind = "ACSA"
    key = factory.Sequence(lambda n: f"ACSA|key{n}")


class AgreementEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AgreementEvent

    agreement = factory.SubFactory(AgreementFactory)
    engagement = factory.SubFactory(EngagementFactory)
    action = "signed"
    date = factory.SelfAttribute("engagement.date")


class ExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Exercise

    name = factory.Sequence(lambda n: f"Exercise {n}")
    key = factory.Sequence(lambda n: f"named|exercise {n}")


class ExerciseMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ExerciseMention

    exercise = factory.SubFactory(ExerciseFactory)
    engagement = factory.SubFactory(EngagementFactory)
    date = factory.SelfAttribute("engagement.date")
