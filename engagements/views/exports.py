"""CSV exports of the lists: the list's own selector and FilterSet, streamed."""

from django.http import HttpResponseBadRequest

from engagements import exports, selectors
from engagements.access import export_allowed
from engagements.filters import (
    AgreementEventFilter,
    EngagementFilter,
    ExerciseMentionFilter,
    ParticipationFilter,
    ReadoutFilter,
)


def _refused(filters):
    """A 400 naming the bad filters: an export must never quietly ignore one."""
    if filters.is_bound and not filters.is_valid():
        problems = "; ".join(
            f"{filters.form.fields[name].label}: {' '.join(errors)}"
            if name in filters.form.fields
            else " ".join(errors)
            for name, errors in filters.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"The filters are not valid, so nothing was exported. {problems}",
            content_type="text/plain; charset=utf-8",
        )
    return None


def _link(request):
    origin = request.build_absolute_uri("/")[:-1]
    return lambda path: origin + path


@export_allowed
def engagements_csv(request):
    filters = EngagementFilter(request.GET or None)
    if refused := _refused(filters):
        return refused
    rows = selectors.engagement_list(filters=filters)
    return exports.copy_response(
        "engagements", exports.ENGAGEMENT_HEADER, exports.engagement_report(rows, _link(request))
    )


@export_allowed
def agreements_csv(request):
    filters = AgreementEventFilter(request.GET or None)
    if refused := _refused(filters):
        return refused
    rows = selectors.agreement_event_list(filters=filters)
    return exports.csv_response(
        "agreement-events", exports.AGREEMENT_HEADER, exports.agreement_event_rows(rows, _link(request))
    )


@export_allowed
def exercises_csv(request):
    filters = ExerciseMentionFilter(request.GET or None)
    if refused := _refused(filters):
        return refused
    rows = selectors.exercise_mention_list(filters=filters)
    return exports.csv_response(
        "exercise-mentions", exports.EXERCISE_HEADER, exports.exercise_mention_rows(rows, _link(request))
    )


@export_allowed
def people_csv(request):
    # One row per participation: the people page groups these same rows by person.
    filters = ParticipationFilter(request.GET or None)
    if refused := _refused(filters):
        return refused
    rows = selectors.participation_list(filters=filters)
    return exports.csv_response(
        "participations", exports.PARTICIPATION_HEADER, exports.participation_rows(rows, _link(request))
    )


@export_allowed
def readouts_csv(request):
    filters = ReadoutFilter(request.GET or None)
    if refused := _refused(filters):
        return refused
    rows = selectors.readout_list(filters=filters)
    return exports.csv_response("readouts", exports.READOUT_HEADER, exports.readout_rows(rows, _link(request)))
