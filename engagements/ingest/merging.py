"""An editor's decisions on which readouts report one engagement: merge engagements into one,
split a source off into its own. Each keeps its decision (``decided_by = editor``): a re-parse
or re-import never matches a readout again, so the decision stands."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from engagements import history
from engagements.ingest.save import FACT_MODELS, engagements_rebuild, lead_key
from engagements.models import DecidedBy, Engagement, EngagementSource, Origin

# What makes two rows of one table the same fact of an engagement (its unique constraint).
FACT_KEYS = {
    "engagementcountry": "country_id",
    "engagementtopic": "topic_id",
    "participation": "person_id",
    "agreementevent": "agreement_id",
    "exercisemention": "exercise_id",
}


def engagements_merge(*, engagement_ids: Iterable[int]) -> Engagement:
    """Merge engagements into one: the one whose lead source leads them all keeps its id; the
    others' sources and editor rows move to it, and its parser rows become the union of every
    source's. Returns the engagement kept."""
    ids = sorted(set(engagement_ids))
    if len(ids) < 2:
        raise ValidationError("Select two or more engagements to merge.")
    with transaction.atomic(), history.as_merge():
        engagements = list(Engagement.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        if len(engagements) < 2:
            raise ValidationError("Select two or more engagements to merge.")
        _record_first_sources(engagements)
        sources = list(EngagementSource.objects.filter(engagement__in=engagements).select_related("readout"))
        kept_id = min(sources, key=lambda s: lead_key(s.readout)).engagement_id
        others = [e.pk for e in engagements if e.pk != kept_id]
        for source in sources:
            if source.engagement_id != kept_id:
                source.engagement_id = kept_id
                source.decided_by = DecidedBy.EDITOR
                source.reasons = [*source.reasons, "merged by an editor"]
        EngagementSource.objects.bulk_update(sources, ["engagement", "decided_by", "reasons"])
        _move_editor_rows(others, kept_id)
        Engagement.objects.filter(pk__in=others).delete()
        engagements_rebuild([kept_id], force=True)
    return Engagement.objects.get(pk=kept_id)


def engagement_source_split(*, source: EngagementSource) -> Engagement:
    """Split a source off into an engagement of its own; the engagement it left is rebuilt
    from the others (a new lead when it was the lead). Returns the new engagement."""
    with transaction.atomic(), history.as_merge():
        source = EngagementSource.objects.select_for_update().select_related("readout").get(pk=source.pk)
        engagement = Engagement.objects.select_for_update().get(pk=source.engagement_id)
        rest = list(
            EngagementSource.objects.filter(engagement=engagement).exclude(pk=source.pk).select_related("readout")
        )
        if not rest:
            raise ValidationError("This readout is the engagement's only source: there is nothing to split it from.")
        if engagement.readout_id == source.readout_id:
            engagement.readout = min((s.readout for s in rest), key=lead_key)
            engagement.save(update_fields=["readout"])
        made = Engagement.objects.create(readout=source.readout, kind=engagement.kind)
        source.engagement = made
        source.decided_by = DecidedBy.EDITOR
        source.reasons = [*source.reasons, "split off by an editor"]
        source.save(update_fields=["engagement", "decided_by", "reasons"])
        engagements_rebuild([engagement.pk, made.pk], force=True)
    return made


def _record_first_sources(engagements: list[Engagement]) -> None:
    """Engagements recorded before their sources (factories, older loads) get theirs."""
    EngagementSource.objects.bulk_create(
        [EngagementSource(engagement=e, readout_id=e.readout_id) for e in engagements], ignore_conflicts=True
    )


def _move_editor_rows(from_ids: list[int], to_id: int) -> None:
    """An editor's rows follow their readouts to the merged engagement, unless it already
    has that fact (the parser's copy then gives way on rebuild; one editor's row is kept)."""
    for model in FACT_MODELS:
        key = FACT_KEYS[model._meta.model_name]
        held = set(model.objects.filter(engagement_id=to_id).values_list(key, flat=True))
        for row in model.objects.filter(engagement_id__in=from_ids, origin=Origin.EDITOR).order_by("pk"):
            value = getattr(row, key)
            if value in held:
                continue
            held.add(value)
            model.objects.filter(engagement_id=to_id, origin=Origin.PARSER, **{key: value}).delete()
            model.objects.filter(pk=row.pk).update(engagement_id=to_id)


def engagement_sources_release(*, readout_ids: Iterable[int]) -> list[int]:
    """Before readouts are deleted: each engagement they report with other readouts stays,
    led by the next source, its rows rebuilt from the sources that remain (deleting a lead
    readout would otherwise delete the engagement with it). Returns the engagements kept."""
    ids = set(readout_ids)
    with transaction.atomic(), history.as_merge():
        touched = set(EngagementSource.objects.filter(readout_id__in=ids).values_list("engagement_id", flat=True))
        touched |= set(Engagement.objects.filter(readout_id__in=ids).values_list("pk", flat=True))
        engagements = list(Engagement.objects.select_for_update().filter(pk__in=touched).order_by("pk"))
        kept = []
        for engagement in engagements:
            rest = list(
                EngagementSource.objects.filter(engagement=engagement)
                .exclude(readout_id__in=ids)
                .select_related("readout")
            )
            if not rest:
                continue  # its only readouts go: it goes with them
            EngagementSource.objects.filter(engagement=engagement, readout_id__in=ids).delete()
            if engagement.readout_id in ids:
                engagement.readout = min((s.readout for s in rest), key=lead_key)
                engagement.save(update_fields=["readout"])
            kept.append(engagement.pk)
        if kept:
            engagements_rebuild(kept)
    return kept
