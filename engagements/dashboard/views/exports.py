"""CSV exports of the lists: the list's own selector and FilterSet, streamed."""

from django.http import HttpResponseBadRequest

from engagements.dashboard import exports, selectors
from engagements.dashboard.access import export_allowed
from engagements.dashboard.filters import (
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


def _report(request, filter_class, select, report: exports.Report):
    """The rows the list shows for these filters, as the report's CSV."""
    filters = filter_class(request.GET or None)
    if refused := _refused(filters):
        return refused
    return report.response(select(filters=filters), _link(request), exports.filtered_filename(report.name, filters))


@export_allowed
def engagements_csv(request):
    return _report(request, EngagementFilter, selectors.engagement_list, exports.ENGAGEMENTS)


@export_allowed
def agreements_csv(request):
    return _report(request, AgreementEventFilter, selectors.agreement_event_list, exports.AGREEMENT_EVENTS)


@export_allowed
def exercises_csv(request):
    return _report(request, ExerciseMentionFilter, selectors.exercise_mention_list, exports.EXERCISE_MENTIONS)


@export_allowed
def people_csv(request):
    # One row per person, as the people list shows them (same filters, same sort).
    return _report(request, ParticipationFilter, selectors.people_for_export, exports.PEOPLE)


@export_allowed
def participations_csv(request):
    # One row per participation: the rows the people list groups by person.
    return _report(request, ParticipationFilter, selectors.participation_list, exports.PARTICIPATIONS)


@export_allowed
def readouts_csv(request):
    return _report(request, ReadoutFilter, selectors.readout_list, exports.READOUTS)
