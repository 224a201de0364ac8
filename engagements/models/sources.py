"""The readouts that report one engagement: one row per readout, the lead source included."""

from django.db import models


class DecidedBy(models.TextChoices):
    FIRST = "first", "First readout of the engagement"
    MATCHER = "matcher", "Matched on import"
    EDITOR = "editor", "An editor"


class EngagementSource(models.Model):
    """One readout's account of an engagement. ``Engagement.readout`` is the lead source (the
    one its page shows first); a readout reporting the same event joins as another source,
    with the score and reasons of the match kept so an editor can check it."""

    DecidedBy = DecidedBy

    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="sources")
    readout = models.OneToOneField("engagements.Readout", on_delete=models.CASCADE, related_name="engagement_source")
    score = models.FloatField(default=0)
    # Short phrases an editor reads: "same pair USA-MYS", "dates 1 day apart", "same forum".
    reasons = models.JSONField(default=list, blank=True)
    decided_by = models.CharField(max_length=8, choices=DecidedBy.choices, default=DecidedBy.FIRST)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["engagement", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decided_by__in=DecidedBy.values), name="engagement_source_decided_by_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"Readout {self.readout_id} of engagement {self.engagement_id}"
