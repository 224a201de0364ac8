"""Military exercises, named (Balikatan) or described (a live fire), and where readouts mention them."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F

from engagements.dashboard.links import detail_url
from engagements.models.dates import validate_plausible_date
from engagements.models.facts import Fact


class Exercise(models.Model):
    name = models.CharField(max_length=300)
    # Normalised name (plus place, for described exercises): recurring mentions share a row.
    key = models.CharField(max_length=400, unique=True, editable=False)
    named = models.BooleanField(default=True, help_text="A named exercise rather than a described one.")
    location = models.CharField(max_length=200, blank=True)
    systems = ArrayField(models.CharField(max_length=100), default=list, blank=True)
    countries = models.ManyToManyField("engagements.Country", related_name="exercises", blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("engagements:exercise", self.pk)


class ExerciseMention(Fact):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="mentions")
    engagement = models.ForeignKey("engagements.Engagement", on_delete=models.CASCADE, related_name="exercise_mentions")
    location = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True, validators=[validate_plausible_date])

    class Meta(Fact.Meta):
        ordering = ["date", "id"]
        constraints = [
            *Fact.Meta.constraints,
            models.UniqueConstraint(fields=["exercise", "engagement"], name="exercise_mention_unique"),
        ]
        indexes = [
            # Exercise page: its mentions by date.
            models.Index(fields=["exercise", "date"], name="exmention_exercise_date_idx"),
            # The exercise list's sorts, undated last either way: newest first (0006) and
            # oldest first (0008).
            models.Index(F("date").desc(nulls_last=True), F("id").desc(), name="exmention_newest_idx"),
            models.Index(F("date").asc(nulls_last=True), F("id").asc(), name="exmention_oldest_idx"),
        ]

    def __str__(self) -> str:
        return str(self.exercise)
