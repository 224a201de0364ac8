"""The readout: the published text every other row is extracted from."""

import hashlib
import re
import unicodedata

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse

from engagements.models.dates import plausible_range, validate_plausible_date

_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """The form two copies of one readout share: Unicode NFC, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


class ReadoutQuerySet(models.QuerySet):
    def with_engagement(self):
        return self.select_related("engagement", "engagement__forum", "publisher")

    def mark_reviewed(self) -> int:
        """An editor corrected these readouts' rows: from now on a re-parse keeps the rows as
        they are. A readout that needed review has had it. Returns how many were not yet marked."""
        return self.filter(reviewed=False).update(
            reviewed=True,
            status=Case(
                When(status=ReadoutStatus.NEEDS_REVIEW, then=Value(ReadoutStatus.PARSED)),
                default=F("status"),
            ),
        )


class ReadoutStatus(models.TextChoices):
    PENDING = "pending", "Pending parse"
    PARSED = "parsed", "Parsed"
    NEEDS_REVIEW = "needs_review", "Needs review"
    FAILED = "failed", "Failed"


class PublisherFoundBy(models.TextChoices):
    """How a readout's publisher was found (extraction/publishers.py), strongest first."""

    FLAG = "flag", "given explicitly"
    JSONL = "jsonl", "the record's publisher field"
    DOMAIN = "domain", "the official site it came from"
    TEXT = "text", "the text"
    DEFAULT = "default", "the default publisher"


class ReadoutSource(models.TextChoices):
    ADMIN = "admin", "Admin"
    IMPORT = "import", "Import"
    DEMO = "demo", "Demo"
    SYNTHETIC = "synthetic", "Synthetic"
    WEB = "web", "Web page (added from its URL)"
    FEED = "feed", "Feed (found by poll_feeds)"


class Readout(models.Model):
    Status = ReadoutStatus
    PublisherFoundBy = PublisherFoundBy
    Source = ReadoutSource

    title = models.CharField(max_length=500, blank=True)
    url = models.URLField("source URL", max_length=1000, blank=True)
    published_on = models.DateField("published", null=True, blank=True, validators=[validate_plausible_date])
    publisher = models.ForeignKey(
        "engagements.Country",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Country whose ministry published the readout.",
    )
    # Database defaults too: bulk loaders (COPY) that name only the older columns still work.
    publisher_found_by = models.CharField(
        max_length=8,
        choices=PublisherFoundBy.choices,
        blank=True,
        default="",
        db_default="",
        help_text="How the publisher was found.",
    )
    # What told: the flag's value, the site's host or the words of the text ...
    publisher_evidence = models.CharField(max_length=300, blank=True, default="", db_default="")
    # ... and where those words are in the text, when the text told.
    publisher_evidence_start = models.PositiveIntegerField(null=True, blank=True)
    publisher_evidence_end = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()
    text_sha256 = models.CharField(max_length=64, editable=False)
    status = models.CharField(max_length=12, choices=ReadoutStatus.choices, default=ReadoutStatus.PENDING)
    parse_error = models.TextField(blank=True)
    parser_version = models.CharField(max_length=20, blank=True)
    extraction = models.JSONField(null=True, blank=True, editable=False)
    reviewed = models.BooleanField(
        default=False,
        help_text="Reviewed by an editor: re-parsing keeps the rows as they are now.",
    )
    source = models.CharField(max_length=10, choices=ReadoutSource.choices, default=ReadoutSource.ADMIN)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    search = models.GeneratedField(
        expression=SearchVector("title", "text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ReadoutQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            # One row per readout text, whatever the path it came in by.
            models.UniqueConstraint(fields=["text_sha256"], name="readout_text_unique"),
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="readout_url_unique"),
            models.CheckConstraint(condition=Q(status__in=ReadoutStatus.values), name="readout_status_valid"),
            models.CheckConstraint(condition=Q(source__in=ReadoutSource.values), name="readout_source_valid"),
            models.CheckConstraint(
                condition=Q(publisher_found_by__in=[*PublisherFoundBy.values, ""]),
                name="readout_publisher_found_by_valid",
            ),
            models.CheckConstraint(condition=~Q(text=""), name="readout_text_not_empty"),
            models.CheckConstraint(condition=plausible_range("published_on"), name="readout_published_plausible"),
        ]
        indexes = [
            # Full-text search over title and text (readout list, ?q=).
            GinIndex(fields=["search"], name="readout_search_gin"),
            # Readout list sorted by publication date; status filter in the admin.
            models.Index(fields=["published_on", "id"], name="readout_published_idx"),
            models.Index(fields=["status"], name="readout_status_idx"),
            # The readout list's default sort: newest published first, undated last (0006).
            models.Index(F("published_on").desc(nulls_last=True), F("id").desc(), name="readout_newest_idx"),
        ]

    def __str__(self) -> str:
        return self.title or f"Readout {self.pk}"

    def get_absolute_url(self) -> str:
        engagement = self.reported_engagement
        if engagement is not None:
            return engagement.get_absolute_url()
        return reverse("admin:engagements_readout_change", args=[self.pk])

    @property
    def reported_engagement(self):
        """The engagement this readout reports, as its lead source or another one (None when
        it has none yet)."""
        source = getattr(self, "engagement_source", None)
        if source is not None:
            return source.engagement
        return getattr(self, "engagement", None)

    def publisher_given(self, code: str | None) -> None:
        """An editor's choice of publisher: kept on every re-parse, never found again."""
        self.publisher_id = code
        self.publisher_found_by = PublisherFoundBy.FLAG if code else ""
        self.publisher_evidence = code or ""
        self.publisher_evidence_start = self.publisher_evidence_end = None
