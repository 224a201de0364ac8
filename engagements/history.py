"""Who changed an engagement's facts, when, and from what to what.

The triggers of ``engagements.models.history`` record the rows; this module names the
writer of each change (the context the writes ran in) and reads an engagement's history
back as a list of saves, newest first.

Writers say who they are:
- the parser's saves run in ``as_parser()`` (``engagements.ingest``);
- an editor's request carries their username (``HistoryMiddleware``);
- a merge runs in ``as_merge()``;
- a bulk loader pauses recording around its writes (``recording_paused``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pghistory
import pghistory.middleware
from django.db import connection

from engagements.models import (
    AgreementEventRevision,
    Engagement,
    EngagementCountryRevision,
    EngagementRevision,
    EngagementTopicRevision,
    ExerciseMentionRevision,
    Kind,
    ParticipationRevision,
)

PARSER = "parser"
MERGE = "merge"
# The newest revisions read per table for one engagement's page: an engagement has a few
# dozen facts, so this bounds a page without hiding any real history.
REVISIONS_READ = 500


@contextlib.contextmanager
def _acting(actor: str):
    with pghistory.context(actor=actor):
        yield
    # pghistory keeps the context in settings of the transaction: without this, writes made
    # after the block in the same transaction (a caller's, a test's) would be credited to
    # this actor. A request's own context is set again before each of its statements.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('pghistory.context_id', '', true), set_config('pghistory.context_metadata', '', true)"
        )


def as_parser():
    """The context of the parser's writes (an editor's re-parse keeps their name beside it)."""
    return _acting(PARSER)


def as_merge():
    return _acting(MERGE)


@contextlib.contextmanager
def recording_paused(cursor):
    """No revisions for the writes inside (a bulk load writes nobody's changes).

    The setting is the transaction's: the triggers read it, whichever connection object
    (a COPY thread's own) the writes go through.
    """
    cursor.execute("SELECT set_config('engagements.history', 'off', true)")
    yield
    cursor.execute("SELECT set_config('engagements.history', 'on', true)")


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's request context, plus the username, so the history names the editor even
    after their account is gone."""

    def get_context(self, request) -> dict:
        context = super().get_context(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context["username"] = user.get_username()
        return context


@dataclass
class Change:
    what: str  # "location", "participant", ...
    before: str  # "" for none
    after: str


@dataclass
class Revision:
    """One save: the changes one writer made to the engagement in one transaction."""

    when: dt.datetime
    by: str  # "the parser", "editor alice", ...
    changes: list[Change] = field(default_factory=list)


def actor_label(metadata: dict | None) -> str:
    metadata = metadata or {}
    actor, username = metadata.get("actor"), metadata.get("username")
    if actor == PARSER:
        return f"the parser (run by {username})" if username else "the parser"
    if actor == MERGE:
        return f"a merge by {username}" if username else "a merge"
    if username:
        return f"editor {username}"
    return "an unrecorded process"


def _engagement_values(row) -> dict[str, str]:
    return {
        "date": row.date.strftime("%-d %B %Y") if row.date else "",
        "kind": Kind(row.kind).label if row.kind in Kind.values else row.kind,
        "location": row.location,
        "forum": _name(row, "forum", "short_name") if row.forum_id else "",
    }


@dataclass(frozen=True)
class _Fact:
    """How one tracked fact table reads in the history."""

    revisions: type
    what: str
    related: tuple[str, ...]
    describe: Callable[[object], str]


def _name(row, field: str, attribute: str = "name") -> str:
    """The name of the row a revision refers to, also when that row has since been deleted."""
    related = getattr(row, field)
    if related is None:
        return f"a deleted {field} (#{getattr(row, f'{field}_id')})"
    return getattr(related, attribute)


def _participant(row) -> str:
    name = _name(row, "person")
    return f"{name}, {row.title}" if row.title else name


def _agreement(row) -> str:
    return f"{_name(row, 'agreement')} ({row.action})"


def _exercise(row) -> str:
    name = _name(row, "exercise")
    return f"{name} at {row.location}" if row.location else name


FACTS = (
    _Fact(EngagementCountryRevision, "country", ("country",), lambda row: _name(row, "country")),
    _Fact(ParticipationRevision, "participant", ("person",), _participant),
    _Fact(AgreementEventRevision, "agreement", ("agreement",), _agreement),
    _Fact(ExerciseMentionRevision, "exercise", ("exercise",), _exercise),
    _Fact(EngagementTopicRevision, "topic", ("topic",), lambda row: _name(row, "topic", "label")),
)


def _newest(queryset) -> list:
    """The newest revisions, oldest first."""
    return list(queryset.order_by("-pgh_id")[:REVISIONS_READ])[::-1]


def _steps(revisions: list, live: Callable[[list[int]], dict]) -> list[tuple[object, object | None, object | None]]:
    """(revision, row before, row after) for each revision.

    An insert keeps the new row, an update and a delete the row as it was before; the row
    after an update is the one the next revision of that object kept, or the live row.
    """
    following: dict[int, object] = {}
    pending = []  # updates that are their object's newest revision
    for revision in reversed(revisions):
        following.setdefault(revision.pgh_obj_id, None)
        if revision.pgh_label == "update" and following[revision.pgh_obj_id] is None:
            pending.append(revision.pgh_obj_id)
        revision.after_row = following[revision.pgh_obj_id]
        following[revision.pgh_obj_id] = revision
    rows = live(pending) if pending else {}
    steps = []
    for revision in revisions:
        if revision.pgh_label == "insert":
            steps.append((revision, None, revision))
        elif revision.pgh_label == "delete":
            steps.append((revision, revision, None))
        else:
            steps.append((revision, revision, revision.after_row or rows.get(revision.pgh_obj_id)))
    return steps


def engagement_history(engagement: Engagement) -> list[Revision]:
    """Every recorded save of the engagement (as loaded now, its forum with it) and its
    facts, newest first.

    Queries: one per tracked table (six), plus one per table with an update that is its
    row's newest revision (the live row says what it was changed to).
    """
    saves: dict[object, Revision] = {}  # by context, or by second when there is none

    def add(revision, what: str, before: str, after: str) -> None:
        # One context is one request, or one parse of a batch; writes without one (a shell,
        # a script) are grouped by the second they were made in.
        key = revision.pgh_context_id or revision.pgh_created_at.replace(microsecond=0)
        save = saves.get(key)
        if save is None:
            save = saves[key] = Revision(revision.pgh_created_at, actor_label(revision.pgh_context))
        save.when = max(save.when, revision.pgh_created_at)
        save.changes.append(Change(what, before, after))

    own = _newest(EngagementRevision.objects.filter(pgh_obj_id=engagement.pk).select_related("forum"))
    for revision, before, after in _steps(own, lambda ids: {engagement.pk: engagement}):
        old = _engagement_values(before) if before else {}
        new = _engagement_values(after) if after else {}
        for name in ("date", "kind", "location", "forum"):
            if old.get(name, "") != new.get(name, ""):
                add(revision, name, old.get(name, ""), new.get(name, ""))

    for fact in FACTS:
        revisions = _newest(fact.revisions.objects.filter(engagement_id=engagement.pk).select_related(*fact.related))
        tracked = fact.revisions.pgh_tracked_model

        def live(ids, tracked=tracked, fact=fact):
            return tracked.objects.select_related(*fact.related).in_bulk(ids)

        for revision, before, after in _steps(revisions, live):
            old = fact.describe(before) if before else ""
            new = fact.describe(after) if after else ""
            if old != new:
                add(revision, fact.what, old, new)

    kept = [save for save in saves.values() if _net(save)]
    return sorted(kept, key=lambda save: save.when, reverse=True)


def _net(save: Revision) -> bool:
    """Drop what a save removed and added back unchanged (a re-parse replaces the parser's
    rows with new ones that mostly say the same); True if anything is left."""
    removed = Counter((c.what, c.before) for c in save.changes if c.before and not c.after)
    added = Counter((c.what, c.after) for c in save.changes if c.after and not c.before)
    same = removed & added
    if same:
        left, dropped_removed, dropped_added = [], Counter(same), Counter(same)
        for change in save.changes:
            if not change.after and dropped_removed[(change.what, change.before)] > 0:
                dropped_removed[(change.what, change.before)] -= 1
            elif not change.before and dropped_added[(change.what, change.after)] > 0:
                dropped_added[(change.what, change.after)] -= 1
            else:
                left.append(change)
        save.changes = left
    return bool(save.changes)
