"""Sources watched for new readouts: a ministry's feed or listing page, and each item seen."""

from django.db import models
from django.db.models import Q


class FeedKind(models.TextChoices):
    FEED = "feed", "RSS or Atom feed"
    LISTING = "listing", "Listing page (links to releases)"


class Feed(models.Model):
    Kind = FeedKind

    name = models.CharField(max_length=200)
    url = models.URLField("feed URL", max_length=1000, unique=True)
    kind = models.CharField(max_length=8, choices=FeedKind.choices, default=FeedKind.FEED)
    publisher = models.ForeignKey(
        "engagements.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="publisher country",
        help_text="The country whose ministry publishes this source: every readout from it is theirs. "
        "Leave empty to find it from each release's site or text.",
    )
    active = models.BooleanField(default=False, help_text="Polled by poll_feeds.")
    # What the server said last time, sent back so an unchanged source answers 304.
    etag = models.CharField(max_length=300, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    last_checked = models.DateTimeField(null=True, blank=True, editable=False)
    last_result = models.CharField(max_length=300, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=FeedKind.values), name="feed_kind_valid")]

    def __str__(self) -> str:
        return self.name


class FeedItemStatus(models.TextChoices):
    IMPORTED = "imported", "Imported"
    SKIPPED = "skipped", "Skipped (not a readout)"
    FAILED = "failed", "Failed"


class FeedItem(models.Model):
    """One release a source offered: imported, skipped with the reason, or failed (tried
    again at the next poll). An imported or skipped item is never fetched again."""

    Status = FeedItemStatus

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    url = models.URLField("release URL", max_length=1000, unique=True)
    title = models.CharField(max_length=500, blank=True)
    published = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=FeedItemStatus.choices)
    reason = models.CharField(max_length=500, blank=True)
    readout = models.ForeignKey(
        "engagements.Readout", on_delete=models.SET_NULL, null=True, blank=True, related_name="feed_items"
    )
    fetched_at = models.DateTimeField()

    class Meta:
        ordering = ["-fetched_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FeedItemStatus.values), name="feeditem_status_valid")
        ]
        indexes = [models.Index(fields=["status", "reason"], name="feeditem_status_reason_idx")]

    def __str__(self) -> str:
        return self.title or self.url
