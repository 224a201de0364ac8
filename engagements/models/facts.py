"""What every extracted fact shares: where in the readout it came from, and who made it."""

from django.db import models
from django.db.models import F, Q


class Origin(models.TextChoices):
    PARSER = "parser", "Parser"
    EDITOR = "editor", "Editor"


class Fact(models.Model):
    """A row the parser extracted (or an editor added) from one readout.

    ``evidence_start``/``evidence_end`` are character offsets into ``Readout.text`` of the
    sentence the fact came from. A re-parse replaces the parser's rows of a readout and
    leaves an editor's rows alone.
    """

    evidence_start = models.PositiveIntegerField(null=True, blank=True)
    evidence_end = models.PositiveIntegerField(null=True, blank=True)
    # The admin's default is "editor": a row someone adds by hand is theirs; the parser
    # sets "parser" on what it writes.
    origin = models.CharField(max_length=6, choices=Origin.choices, default=Origin.EDITOR)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                # Both ends or neither, in order (spelled out: a comparison with NULL
                # would let a half-empty span through).
                condition=Q(evidence_start__isnull=True, evidence_end__isnull=True)
                | Q(evidence_start__isnull=False, evidence_end__isnull=False, evidence_start__lte=F("evidence_end")),
                name="%(app_label)s_%(class)s_evidence_span",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values),
                name="%(app_label)s_%(class)s_origin_valid",
            ),
        ]

    @property
    def evidence_span(self) -> tuple[int, int] | None:
        if self.evidence_start is None or self.evidence_end is None:
            return None
        return self.evidence_start, self.evidence_end
