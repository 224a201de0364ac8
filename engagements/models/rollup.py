"""Monthly counts the charts read instead of aggregating millions of fact rows per request."""

from django.db import models
from django.db.models import Q


class Dimension(models.TextChoices):
    KIND = "kind", "Engagements by kind"
    PARTNER = "partner", "Engagements by partner country"
    TOPIC = "topic", "Engagements by topic"
    FORUM = "forum", "Engagements by forum"
    ACTION = "action", "Agreement events by action"
    EXERCISE = "exercise", "Exercise mentions by exercise"
    PERSON = "person", "Engagements by participant"
    LEADER = "leader", "Engagements by participant of the country itself"
    READOUT = "readout", "Readouts of the engagements (one per source)"


class MonthlyCount(models.Model):
    """How many engagements (or their facts) of one month had one value of one dimension.

    ``country`` is the scope: empty for all engagements, else the engagements that country
    took part in, so a page filtered to one country reads its own rows. ``kind``: the
    engagements' kind (every count is kept per kind, so a page filtered by kinds sums theirs),
    or empty for the sum of every kind, which a page without kinds reads. ``month`` is empty
    for undated engagements. Maintained by the database (engagements/derived/sql/: the months a
    transaction touched, recounted as it commits; in full after a bulk load); never edited by hand.
    """

    month = models.DateField(null=True)
    country = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, null=True, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "dimension", "kind", "month", "value"],
                # The count too, so a chart's rows come from the index alone: a scope's
                # rows of one dimension lie on as many pages of the table as they have months
                # (written month by month), 9,899 pages for the United States' 13,582 rows of
                # exercises by month at 1M (71 ms; 9 from the index).
                include=["n"],
                name="monthlycount_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(dimension__in=Dimension.values), name="monthlycount_dimension_valid"),
        ]
        # The unique index (country, dimension, kind, month, value; n) serves every chart query:
        # one scope, one dimension, some kinds or every kind's sum, a range of months; the
        # month index, the settle's recount of one month in every scope it touched.
        indexes = [models.Index(fields=["month"], name="monthlycount_month_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.country_id or 'all'} {self.kind} {self.dimension}={self.value}: {self.n}"


class YearlyCount(models.Model):
    """MonthlyCount summed by year: an unfiltered chart reads 26 years, not 312 months.

    ``year`` is empty for undated engagements. Kept in step with MonthlyCount by the
    database, which recounts a year whenever it recounts one of its months.
    """

    year = models.SmallIntegerField(null=True)
    country = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, null=True, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["country", "dimension", "kind", "year", "value"],
                include=["n"],
                name="yearlycount_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(dimension__in=Dimension.values), name="yearlycount_dimension_valid"),
        ]
        indexes = [models.Index(fields=["year"], name="yearlycount_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.country_id or 'all'} {self.kind} {self.dimension}={self.value}: {self.n}"


class FilterScope(models.TextChoices):
    """Filters whose single value a scoped rollup answers; the value kept is the region, or
    the topic's or forum's id. (Kinds are a column of every rollup row.)"""

    REGION = "region", "With a partner in one region"
    TOPIC = "topic", "On one topic"
    FORUM = "forum", "At one forum"


class ScopedMonthlyCount(models.Model):
    """MonthlyCount within one value of a filter: the engagements at one forum, on one topic
    or with a partner in one region, by kind (and every kind's sum, kind empty). People are
    counted in country scopes only. Maintained by the database with the "all" scope's months
    (sql/derived_v10.sql)."""

    month = models.DateField(null=True)
    scope = models.CharField(max_length=10, choices=FilterScope.choices)
    scope_value = models.CharField(max_length=80)
    kind = models.CharField(max_length=12)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_value", "dimension", "kind", "month", "value"],
                include=["n"],
                name="scopedmonthlycount_unique",
                nulls_distinct=False,
            ),
        ]
        # The settle recounts a month's rows, and a year's from its months.
        indexes = [models.Index(fields=["month"], name="scopedmonthlycount_month_idx")]

    def __str__(self) -> str:
        return f"{self.month} {self.scope}={self.scope_value} {self.kind} {self.dimension}={self.value}: {self.n}"


class ScopedYearlyCount(models.Model):
    """ScopedMonthlyCount summed by year (``year`` empty for undated engagements)."""

    year = models.SmallIntegerField(null=True)
    scope = models.CharField(max_length=10, choices=FilterScope.choices)
    scope_value = models.CharField(max_length=80)
    kind = models.CharField(max_length=12)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    value = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "scope_value", "dimension", "kind", "year", "value"],
                include=["n"],
                name="scopedyearlycount_unique",
                nulls_distinct=False,
            ),
        ]
        indexes = [models.Index(fields=["year"], name="scopedyearlycount_year_idx")]

    def __str__(self) -> str:
        return f"{self.year} {self.scope}={self.scope_value} {self.kind} {self.dimension}={self.value}: {self.n}"
