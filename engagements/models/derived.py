"""The bookkeeping of derived data: what is owed a recount, and the version caches key on.

Written only by the database's triggers (engagements/derived/sql/derived_v1.sql): a write to
an engagement, a fact, a readout or a named row queues what it changed here, and the same
transaction settles the queue when it commits. Never written by application code.
"""

from django.db import models


class DataVersion(models.Model):
    """One row: moves on every committed change to anything the dashboard shows.

    ``rebuild_needed``: rows were written in bulk mode (the synthetic loader) without their
    derived data; the next settle (or ``rollup_rebuild``) rebuilds it all.
    """

    version = models.BigIntegerField(db_default=0)
    rebuild_needed = models.BooleanField(db_default=False)

    def __str__(self) -> str:
        return f"data version {self.version}"


class StaleMonth(models.Model):
    """A (month, country scope) of the monthly rollup to recount when the writer commits.

    No unique constraint: two writers queueing one month must never wait for each other.
    """

    month = models.DateField(null=True)  # empty: the undated engagements
    country_id = models.CharField(max_length=3, null=True)  # noqa: DJ001 (empty: the "all" scope, as in MonthlyCount)

    def __str__(self) -> str:
        return f"{self.month} {self.country_id or 'all'}"


class StaleSummary(models.Model):
    """An engagement whose report summary is recomputed when the writer commits."""

    engagement_id = models.BigIntegerField()

    def __str__(self) -> str:
        return f"summary of engagement {self.engagement_id}"


class PendingSettle(models.Model):
    """One row per writing transaction: inserting it queues the settle that runs at commit.

    ``bulk``: the transaction wrote rows in bulk mode, so it owes a full rebuild instead.
    """

    xact = models.BigIntegerField(primary_key=True)
    bulk = models.BooleanField(db_default=False)

    def __str__(self) -> str:
        return f"transaction {self.xact}"
