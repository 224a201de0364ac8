"""Each engagement's related facts as report text, kept by the database itself."""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models


class EngagementSummary(models.Model):
    """The engagement's countries, people, topics, agreements and exercises as the CSV report
    writes them, so a million-row export reads one row per engagement instead of gathering
    five lists for each.

    Maintained by the database (engagements/derived/sql/): a new engagement, every insert,
    update or delete of a fact row, every rename of a person, agreement, exercise, topic or
    country, and every change of a readout's title, URL, date or publisher queue the
    summaries of the engagements they touch, recomputed as the writing transaction commits,
    whichever code wrote it. A bulk load rebuilds all at the end (``engagements.derived.upkeep``).
    No database foreign key: the engagement's delete trigger removes its summary.
    """

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="summary",
    )
    # The readout's, so a report need not read the readouts' table (its texts make it the
    # largest by far).
    title = models.TextField(default="")
    url = models.TextField(default="")
    published_on = models.DateField(null=True)
    publisher = models.ForeignKey(
        "engagements.Country",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    partner_names = models.TextField(default="")
    partner_codes = models.TextField(default="")
    country_codes = models.TextField(default="")
    participants = models.TextField(default="")
    topics = models.TextField(default="")
    agreements = models.TextField(default="")
    exercises = models.TextField(default="")

    def __str__(self):
        return f"summary of engagement {self.engagement_id}"


class EngagementApiRow(models.Model):
    """The engagement's row of the API (``engagements.api.rows``) as JSON text, so a page of a
    thousand reads a thousand stored rows instead of gathering six lists for each (a full
    pull at 1M: 50 ms of a page's 70 were PostgreSQL building the JSON).

    ``body`` holds every field after ``id`` and ``page`` (whose URL carries the request's
    host), which the page's query writes in front of it. Maintained by the database with the
    summaries, by the same queue and the same refresh (sql/summaries_v4.sql), which also
    follows what a summary does not show: the location, the forum's name, an agreement's
    kind, whether an exercise is named, and every source's readout. No database foreign key:
    the engagement's delete queues the refresh that removes its row.
    """

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="api_row",
    )
    body = models.TextField()

    def __str__(self):
        return f"API row of engagement {self.engagement_id}"


class ReadoutCountry(models.Model):
    """A readout's countries (those of the engagement it is a source of) beside its
    publication date: the readouts list filtered by country and dates reads one index range
    instead of joining every readout in the period to its source and that engagement's
    countries (a quarter of a second for a big country at 1M).

    Maintained by the database with the summaries, by the same queue and the same refresh
    (sql/summaries_v5.sql): a country row, a source or a readout's date written queues the
    engagements concerned, whose readouts' rows are written anew. No database foreign keys.
    """

    readout = models.ForeignKey(
        "engagements.Readout", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    engagement = models.ForeignKey(
        "engagements.Engagement", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    country = models.ForeignKey(
        "engagements.Country", on_delete=models.DO_NOTHING, db_constraint=False, db_index=False, related_name="+"
    )
    published_on = models.DateField(null=True)

    class Meta:
        indexes = [
            # A country's readouts over a range of publication dates, from the index alone.
            models.Index(fields=["country", "published_on"], include=["readout"], name="readoutcountry_idx"),
            # Whether a readout has one of some countries: the list walks readouts newest first
            # and stops at its page's end.
            models.Index(fields=["readout", "country"], name="readoutcountry_readout_idx"),
        ]

    def __str__(self) -> str:
        return f"readout {self.readout_id}: {self.country_id}"


class EngagementFacts(models.Model):
    """What the rollups count an engagement under, in one row: its month, kind and forum, and
    its partners, topics, agreement actions (one an event) and exercises; and what the filters
    choose it by: its date and every country taking part. A filter no rollup answers counts
    its engagements' facts from these rows (``dashboard.charts.listed``) instead of probing
    four fact tables for each; a filter of countries, regions, topics, forums, kinds and dates
    finds them here too.

    Maintained by the database with the summaries, by the same queue and the same refresh
    (sql/summaries_v7.sql): an engagement's date, kind or forum, or a fact row written, queues
    it. No database foreign keys: the engagement's delete queues the refresh that removes it.
    """

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="+",
    )
    month = models.DateField(null=True)
    date = models.DateField(null=True)
    kind = models.CharField(max_length=12)
    forum = models.ForeignKey(
        "engagements.Forum",
        on_delete=models.DO_NOTHING,
        null=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    countries = ArrayField(models.CharField(max_length=3), default=list)  # every one taking part
    partners = ArrayField(models.CharField(max_length=3))
    topics = ArrayField(models.BigIntegerField())
    actions = ArrayField(models.CharField(max_length=12))
    exercises = ArrayField(models.BigIntegerField())

    class Meta:
        # A filter of countries, regions (partners) and topics finds its engagements' rows by
        # these (``EngagementFilter.facts_condition``).
        indexes = [
            GinIndex(fields=["countries"], name="engagementfacts_countries_gin"),
            GinIndex(fields=["partners"], name="engagementfacts_partners_gin"),
            GinIndex(fields=["topics"], name="engagementfacts_topics_gin"),
        ]

    def __str__(self):
        return f"facts of engagement {self.engagement_id}"
