"""Agreements and what happened to them, engagement by engagement."""

from django.db import models
from django.db.models import F, Q

from engagements.dashboard.links import detail_url
from engagements.models.dates import validate_plausible_date
from engagements.models.facts import Fact


class AgreementKind(models.TextChoices):
    MOU = "MOU", "Memorandum of understanding"
    ACSA = "ACSA", "Acquisition and cross-servicing agreement"
    DCA = "DCA", "Defense cooperation agreement"
    SOFA = "SOFA", "Status of forces agreement"
    GSOMIA = "GSOMIA", "Security of military information agreement"
    RDP = "RDP", "Reciprocal defense procurement agreement"
    SOSA = "SOSA", "Security of supply arrangement"
    LOA = "LOA", "Letter of offer and acceptance"
    JOINT_STATEMENT = "JOINT_STATEMENT", "Joint statement"
    ROADMAP = "ROADMAP", "Roadmap or framework"
    TREATY = "TREATY", "Treaty"
    OTHER = "OTHER", "Other"


class AgreementAction(models.TextChoices):
    PLANNED = "planned", "Planned"
    SIGNED = "signed", "Signed"
    RENEWED = "renewed", "Renewed"
    IMPLEMENTED = "implemented", "Implemented"
    MENTIONED = "mentioned", "Mentioned"


class Agreement(models.Model):
    """One instrument between countries; its events read planned -> signed -> renewed."""

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=16, choices=AgreementKind.choices)
    # kind + normalised name + parties: the same agreement named in two readouts shares it.
    key = models.CharField(max_length=400, unique=True, editable=False)
    countries = models.ManyToManyField("engagements.Country", related_name="agreements", blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("engagements:agreement", self.pk)


class AgreementEvent(Fact):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="agreement_events")
    action = models.CharField(max_length=12, choices=AgreementAction.choices)
    name_as_written = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta(Fact.Meta):
        ordering = ["date", "id"]
        constraints = [
            *Fact.Meta.constraints,
            models.UniqueConstraint(fields=["agreement", "engagement"], name="agreement_event_unique"),
            models.CheckConstraint(condition=Q(action__in=AgreementAction.values), name="agreement_action_valid"),
        ]
        indexes = [
            # Agreement page (its history) and the agreement-actions-over-time chart.
            models.Index(fields=["agreement", "date"], name="agrevent_agreement_date_idx"),
            models.Index(fields=["action", "date"], name="agrevent_action_date_idx"),
            # The agreement list's sorts, undated last either way: newest first (0006) and
            # oldest first (0008).
            models.Index(F("date").desc(nulls_last=True), F("id").desc(), name="agrevent_newest_idx"),
            models.Index(F("date").asc(nulls_last=True), F("id").asc(), name="agrevent_oldest_idx"),
            # An agreement's state: its latest action that changes it, one probe
            # (selectors.agreements_with_history); sorting each agreement's events cost a
            # relationship page 20-30 ms at 1M.
            models.Index(
                "agreement",
                F("date").desc(nulls_last=True),
                F("id").desc(),
                condition=~Q(action=AgreementAction.MENTIONED),
                name="agrevent_latest_action_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.action}"
