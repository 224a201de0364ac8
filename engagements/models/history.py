"""Revision history of an engagement's facts, written by database triggers (django-pghistory).

Each tracked table has a ``<Model>Revision`` table beside it. Its triggers record every
insert (the new row), every update of a field an analyst sees (the row as it was before:
the values after are the next revision's, or the live row's) and every delete (the row
that went), whichever code wrote it, with the context of the write: the parser, an
editor's request, or a merge (``engagements.history``).

Only the fields an analyst reads are kept: the fact rows' copied dates, partner flags,
origins and evidence spans are derived or bookkeeping, and their updates are not changes
to the facts.
"""

import pghistory
import pgtrigger
from django.db import models

from engagements.models.agreements import AgreementEvent
from engagements.models.engagements import Engagement, EngagementCountry, EngagementTopic, Participation
from engagements.models.exercises import ExerciseMention

# A bulk loader (the synthetic generator's COPY) pauses recording around its writes with
# ``engagements.history.recording_paused``: generated rows are nobody's change, and a
# revision per loaded row would double the load's writes.
RECORDING = "current_setting('engagements.history', true) IS DISTINCT FROM 'off'"


class _Recording(pgtrigger.Condition):
    """Which rows a statement's trigger records (a filter on its transition tables):
    recording is on and, for an update, one of ``fields`` changed."""

    def __init__(self, *fields: str):
        self.fields = list(fields)
        super().__init__(RECORDING)

    def resolve(self, model) -> str:
        if not self.fields:
            return RECORDING
        return f"(({pgtrigger.AnyChange(*self.fields).resolve(model)}) AND {RECORDING})"


def _kept_reference(model, name: str) -> models.ForeignKey:
    """A revision's reference to a person, agreement, exercise, country, topic or forum.

    Nullable, so that reading the history joins it with LEFT JOIN: a revision still reads
    after the row it names is gone (an agreement deleted with its events, a person merged
    into another). Not indexed: no query looks revisions up by it.
    """
    return models.ForeignKey(
        model._meta.get_field(name).remote_field.model,
        on_delete=models.DO_NOTHING,
        null=True,
        blank=True,
        db_constraint=False,
        db_index=False,
        related_name="+",
        related_query_name="+",
    )


def _revisions(model, fields: list[str], name: str):
    references = {
        field: _kept_reference(model, field)
        for field in fields
        if field != "engagement" and model._meta.get_field(field).is_relation
    }
    return pghistory.create_event_model(
        model,
        pghistory.InsertEvent(condition=_Recording()),
        pghistory.UpdateEvent(row=pghistory.Old, condition=_Recording(*fields)),
        pghistory.DeleteEvent(condition=_Recording()),
        fields=fields,
        obj_field=pghistory.ObjForeignKey(related_name="revisions"),
        # Statement-level triggers: a row-level one calls pgtrigger's ignore check and
        # pghistory's context function for every row, each opening a subtransaction, and a
        # 90,000-row insert took 75 times as long with them; per statement they run once.
        # The context (who wrote it) is kept on the revision row, so reading the history
        # joins nothing.
        context_field=pghistory.ContextJSONField(),
        level=pgtrigger.Statement,
        model_name=name,
        attrs=references,
        abstract=False,
    )


EngagementRevision = _revisions(Engagement, ["date", "kind", "location", "forum"], "EngagementRevision")
EngagementCountryRevision = _revisions(EngagementCountry, ["engagement", "country"], "EngagementCountryRevision")
ParticipationRevision = _revisions(Participation, ["engagement", "person", "title"], "ParticipationRevision")
AgreementEventRevision = _revisions(AgreementEvent, ["engagement", "agreement", "action"], "AgreementEventRevision")
ExerciseMentionRevision = _revisions(ExerciseMention, ["engagement", "exercise", "location"], "ExerciseMentionRevision")
EngagementTopicRevision = _revisions(EngagementTopic, ["engagement", "topic"], "EngagementTopicRevision")

FACT_REVISIONS = (
    EngagementCountryRevision,
    ParticipationRevision,
    AgreementEventRevision,
    ExerciseMentionRevision,
    EngagementTopicRevision,
)
