"""Each engagement's related facts as report text, kept by the database itself."""

from django.db import models


class EngagementSummary(models.Model):
    """The engagement's countries, people, topics, agreements and exercises as the CSV report
    writes them, so a million-row export reads one row per engagement instead of gathering
    five lists for each.

    Maintained by triggers (migration 0010): every insert, update or delete of a fact row,
    and every rename of a person, agreement, exercise, topic or country, recomputes the
    summaries of the engagements it touches, in the same transaction, whichever code wrote
    it. A bulk load defers them and rebuilds all at the end (``engagements.summaries``).
    No database foreign key: the engagement's delete trigger removes its summary.
    """

    engagement = models.OneToOneField(
        "engagements.Engagement",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        db_constraint=False,
        related_name="summary",
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
