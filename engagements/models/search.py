"""The search table: each readout's words beside its engagement's date.

Written only by the database's triggers (engagements/derived/sql/search_v2.sql), as the other
derived tables are. A search's newest matches read the (date, engagement) index newest first
and test each entry's words there, in one narrow table, instead of walking engagements and
fetching each readout's row; a rare word reads the GIN index and sorts its few matches.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F


class SearchEntry(models.Model):
    """One row per readout. The lead readout's row (``Engagement.readout``) carries its
    engagement's id, date and the words of every readout reporting it (``EngagementSource``),
    so a search finds the engagement by any of them and lists it once; another source's row
    has its own words and no engagement or date (the admin's readout search finds it by them).

    ``engagement`` and ``date`` are empty while the readout has no engagement (not parsed,
    or its parse failed) or does not lead it. No foreign key constraint on the engagement:
    the triggers empty both columns when it goes, in the same statement.
    """

    readout = models.OneToOneField(
        "engagements.Readout",
        primary_key=True,
        # The database deletes the entry with its readout (ON DELETE CASCADE, search_v1.sql).
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entry",
    )
    engagement = models.ForeignKey(
        "engagements.Engagement",
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="search_entries",
    )
    date = models.DateField(null=True)
    search = SearchVectorField()

    class Meta:
        verbose_name_plural = "search entries"
        indexes = [
            GinIndex(fields=["search"], name="searchentry_search_gin"),
            # The lists' order (newest first, undated last): the newest matches of a
            # common word are the first entries of this index that match.
            models.Index(F("date").desc(nulls_last=True), F("engagement_id").desc(), name="searchentry_newest_idx"),
        ]

    def __str__(self) -> str:
        return f"search entry of readout {self.readout_id}"
