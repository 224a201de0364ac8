"""Engagements per pair of countries: what the relationship pages and the network read."""

from django.db import models
from django.db.models import F, Q

from engagements.models.engagements import Kind


class PairCount(models.Model):
    """How many engagements of one month and kind had both countries of a pair among theirs.

    Each unordered pair is one row set, ``country_a`` < ``country_b`` (codes sorted, as the
    relationship page's URL). ``month`` is empty for undated engagements. Maintained by the
    database like MonthlyCount (engagements/derived/sql/derived_v3.sql): the months and
    countries a transaction touched are recounted as it commits, in full after a bulk load.
    """

    month = models.DateField(null=True)
    country_a = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    country_b = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index of one relationship's counts (its page) by month.
            models.UniqueConstraint(
                fields=["country_a", "country_b", "month", "kind"],
                name="paircount_unique",
                nulls_distinct=False,
            ),
            models.CheckConstraint(condition=Q(country_a__lt=F("country_b")), name="paircount_sorted"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="paircount_kind_valid"),
        ]
        indexes = [
            # The network and the relationships index: every pair's counts over a range of months.
            models.Index(fields=["month", "country_a", "country_b"], include=["kind", "n"], name="paircount_month_idx"),
            # One country's relationships (its profile), where it is the pair's second code.
            models.Index(fields=["country_b", "country_a", "month"], name="paircount_second_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.month} {self.country_a_id}-{self.country_b_id} {self.kind}: {self.n}"


class PairFactCount(models.Model):
    """How many times the engagements of one pair, month and kind had one value of one
    dimension: a topic raised, an exercise mentioned, a person of either country taking
    part, a readout from a publisher (every source of an engagement counted).

    The relationship page's figures, kept as ``PairCount`` is and by the same recount
    (engagements/derived/sql/derived_v5.sql); a busy pair's facts counted from the base
    tables cost seconds at a million engagements.
    """

    class Dimension(models.TextChoices):
        TOPIC = "topic"
        EXERCISE = "exercise"
        PERSON = "person"
        PUBLISHER = "publisher"

    month = models.DateField(null=True)
    country_a = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    country_b = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    # A topic's name, an exercise's or person's id, a publisher's code ('' for none).
    value = models.CharField(max_length=80)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index of the page's reads: one pair, one dimension, a range of months.
            # (Its first column serves the country_a key: no index of its own, nor country_b's.)
            models.UniqueConstraint(
                fields=["country_a", "country_b", "dimension", "month", "kind", "value"],
                name="pairfactcount_unique",
                nulls_distinct=False,
                include=["n"],  # read from the index alone
            ),
            models.CheckConstraint(condition=Q(country_a__lt=F("country_b")), name="pairfactcount_sorted"),
        ]
        indexes = [
            # The recount of a month's pairs with one of some countries, as either code.
            models.Index(fields=["month", "country_a"], name="pairfactcount_month_idx"),
            models.Index(fields=["country_b", "month"], name="pairfactcount_second_idx"),
            # The network of one topic: every pair's counts of it over a range of months, read
            # from the index alone (133 MB at a million engagements; 168 ms a page without).
            models.Index(
                fields=["value", "month"],
                include=["country_a", "country_b", "kind", "n"],
                condition=Q(dimension="topic"),
                name="pairfactcount_topic_idx",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.month} {self.country_a_id}-{self.country_b_id} {self.kind} {self.dimension}={self.value}: {self.n}"
        )


class PairYearCount(models.Model):
    """``PairCount`` summed over each year (``year`` empty for undated engagements): the
    relationships index and the network read whole years here, a quarter of the rows.
    Recounted from the pair rollup's months with the yearly rollup (sql/derived_v6.sql)."""

    year = models.IntegerField(null=True)
    country_a = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    country_b = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index of one pair's or one country's years.
            models.UniqueConstraint(
                fields=["country_a", "country_b", "year", "kind"],
                name="pairyearcount_unique",
                nulls_distinct=False,
                include=["n"],
            ),
        ]
        indexes = [
            # Every pair over a range of years, from the index alone.
            models.Index(
                fields=["year", "country_a", "country_b"], include=["kind", "n"], name="pairyearcount_year_idx"
            ),
            # One country's pairs where it is the second code.
            models.Index(fields=["country_b", "year"], name="pairyearcount_second_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country_a_id}-{self.country_b_id} {self.kind}: {self.n}"


class PairTopicYearCount(models.Model):
    """The topics of ``PairFactCount`` summed over each year (``year`` empty for undated
    engagements): a relationship page's topics by year read a busy pair's years here, a
    twelfth of its month rows (JPN-USA at a million: 3,000 rows, not 38,541). Recounted from
    the pair facts' months with the yearly rollup (sql/derived_v7.sql)."""

    year = models.IntegerField(null=True)
    country_a = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    country_b = models.ForeignKey(
        "engagements.Country", on_delete=models.CASCADE, db_constraint=False, db_index=False, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    topic = models.CharField(max_length=80)  # the topic's name, as the pair facts' value
    n = models.PositiveIntegerField()

    class Meta:
        constraints = [
            # Also the index of one pair's years, read from it alone, and of the recount's deletes.
            models.UniqueConstraint(
                fields=["country_a", "country_b", "year", "kind", "topic"],
                name="pairtopicyearcount_unique",
                nulls_distinct=False,
                include=["n"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.country_a_id}-{self.country_b_id} {self.kind} {self.topic}: {self.n}"
