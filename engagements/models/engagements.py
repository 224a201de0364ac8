"""Engagements, the countries and people in them, and the topics they covered."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from engagements.dashboard.links import detail_url
from engagements.models.dates import plausible_range, validate_plausible_date
from engagements.models.facts import Fact


class Kind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    VISIT = "visit", "Visit"
    DIALOGUE = "dialogue", "Dialogue"
    SIGNING = "signing", "Signing"
    MULTILATERAL = "multilateral", "Multilateral"
    OTHER = "other", "Other"


class Engagement(models.Model):
    """One meeting, call, visit, dialogue or signing, as its readouts report it: ``readout`` is
    the lead source (the one its page shows first); every source, the lead included, has an
    ``EngagementSource`` row (``sources``)."""

    readout = models.OneToOneField("engagements.Readout", on_delete=models.CASCADE, related_name="engagement")
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.OTHER)
    location = models.CharField(max_length=200, blank=True)
    forum = models.ForeignKey(
        "engagements.Forum", on_delete=models.SET_NULL, null=True, blank=True, related_name="engagements"
    )
    countries = models.ManyToManyField("engagements.Country", through="EngagementCountry", related_name="engagements")
    topics = models.ManyToManyField("engagements.Topic", through="EngagementTopic", related_name="engagements")
    # Spans of the engagement-level facts: {"date": [start, end], "kind": ..., "location": ..., "forum": ...}
    evidence = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-date", "-id"]
        permissions = [
            ("view_dashboard", "Can view the analyst dashboard"),
            ("export_csv", "Can export CSV reports"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="engagement_kind_valid"),
            models.CheckConstraint(condition=plausible_range("date"), name="engagement_date_plausible"),
        ]
        indexes = [
            # Lists and timelines: newest first, date ranges.
            models.Index(fields=["-date", "-id"], name="engagement_date_idx"),
            # The engagement list's default sort, newest first with undated last (dashboard
            # filters NEWEST); read backwards for "oldest first". Created by 0006.
            models.Index(F("date").desc(nulls_last=True), F("id").desc(), name="engagement_newest_idx"),
            # Kind filter, chart of engagements by kind.
            models.Index(fields=["kind", "date"], name="engagement_kind_idx"),
        ]

    def __str__(self) -> str:
        return self.readout.title if self.readout_id and self.readout.title else f"Engagement {self.pk}"

    def get_absolute_url(self) -> str:
        return detail_url("engagements:engagement", self.pk)

    def source_comparison(self):
        """The sources side by side, each fact with every source's evidence, and the
        conflicts between them (``engagements.source_comparison``)."""
        from engagements.source_comparison import compare_sources

        return compare_sources(self)

    def clean(self):
        # The parser's rule: not after the day after its readout's publication.
        published = self.readout.published_on if self.readout_id else None
        try:
            validate_plausible_date(self.date, published)
        except ValidationError as error:
            raise ValidationError({"date": error}) from None


class EngagementCountry(Fact):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="country_links")
    country = models.ForeignKey("engagements.Country", on_delete=models.PROTECT, related_name="engagement_links")
    # A partner is any country other than the readout's publisher; the charts count partners.
    is_partner = models.BooleanField(default=True)
    # Copied from the engagement so "engagements with X between two dates" reads one index.
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta(Fact.Meta):
        # Not "country": the admin index lists this link table beside the countries themselves.
        verbose_name = "engagement country"
        verbose_name_plural = "engagement countries"
        constraints = [
            *Fact.Meta.constraints,
            models.UniqueConstraint(fields=["engagement", "country"], name="engagement_country_unique"),
        ]
        indexes = [
            # Country filter and country profile: one country's engagements by date.
            models.Index(fields=["country", "date"], name="engcountry_country_date_idx"),
            # Every partner chart (the map, partners per year, the countries index, the
            # timeline by partner) counts partner rows by country and date from the index
            # alone. Created by 0006.
            models.Index(fields=["country", "date"], condition=Q(is_partner=True), name="engcountry_partner_date_idx"),
        ]

    def __str__(self) -> str:
        return self.country_id


class EngagementTopic(Fact):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey("engagements.Topic", on_delete=models.PROTECT, related_name="engagement_links")
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta(Fact.Meta):
        # Not "topic": the admin index lists this link table beside the topics themselves.
        verbose_name = "engagement topic"
        constraints = [
            *Fact.Meta.constraints,
            models.UniqueConstraint(fields=["engagement", "topic"], name="engagement_topic_unique"),
        ]
        indexes = [
            # Topic filter and the top-topics chart; with the engagement, the engagements on
            # several topics of a network are found from the index alone (93 MB at a million
            # engagements, 23 without: 61 ms for two topics over six years, not 172).
            models.Index(fields=["topic", "date"], include=["engagement"], name="engtopic_topic_date_idx"),
        ]

    def __str__(self) -> str:
        return str(self.topic_id)


class Person(models.Model):
    """Someone who took part in engagements; matched across readouts by ``name_key``."""

    name = models.CharField(max_length=200)
    # Folded, honorifics and middle initials dropped, nicknames mapped: "lloyd austin".
    name_key = models.CharField(max_length=200, editable=False)
    # The key's words, so "Secretary Austin" or "Minister Wei" finds its person by one word.
    name_tokens = ArrayField(models.CharField(max_length=60), default=list, editable=False)
    country = models.ForeignKey(
        "engagements.Country", on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.UniqueConstraint(
                fields=["name_key", "country"], name="person_name_country_unique", nulls_distinct=False
            ),
            models.CheckConstraint(condition=~Q(name_key=""), name="person_name_key_not_empty"),
        ]
        indexes = [
            # Matching a new mention against known people (ingest) by any word of the name.
            GinIndex(fields=["name_tokens"], name="person_name_tokens_gin"),
            # The people list by name (selectors.person_list): a page read in order from its
            # cursor's position, not every person sorted to find it. Created by 0024.
            models.Index(fields=["name", "id"], name="person_name_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("engagements:person", self.pk)


class Participation(Fact):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="participations")
    title = models.CharField("title at the time", max_length=300, blank=True)
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta(Fact.Meta):
        constraints = [
            *Fact.Meta.constraints,
            models.UniqueConstraint(fields=["engagement", "person"], name="participation_unique"),
        ]
        indexes = [
            # Person page and participant filter.
            models.Index(fields=["person", "date"], name="participation_person_date_idx"),
            # The people list (selectors.person_list, people_for_table): a person's count and
            # last date from the index alone (one of them has 200k participations at 1M), and
            # their latest title from the first rows, in the list's own order. Created by 0024.
            models.Index(F("person"), F("date").desc(nulls_last=True), F("id").desc(), name="participation_latest_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.title})" if self.title else str(self.person)
