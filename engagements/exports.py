"""CSV reports: the rows of a list, exactly as filtered, streamed from a server-side cursor.

The views pass the same selector's queryset the HTML table reads. Rows come from
``.iterator(chunk_size=2000)``, which runs the prefetches once per chunk, so memory stays flat
and queries grow with chunks, not rows. Output: UTF-8 with a BOM (Excel then reads it as
UTF-8), a header row, CRLF line ends, RFC 4180 quoting, and every cell that a spreadsheet
would read as a formula neutralised with a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Iterable, Iterator

from django.db import connection
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from engagements.models import (
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementTopic,
    ExerciseMention,
    Participation,
    Readout,
)

CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500
# A spreadsheet reads a cell starting with one of these as a formula (or splits it).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
LIST_SEPARATOR = "; "


def neutralise(value) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    if value is None:
        text = ""
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


class _Line:
    """A file-like sink for csv.writer that hands back what it is given."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """The CSV text in pieces: BOM and header first, then batches of rows."""
    writer = csv.writer(_Line(), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    yield "\ufeff" + writer.writerow([neutralise(h) for h in header])
    batch = []
    for row in rows:
        batch.append(writer.writerow([neutralise(v) for v in row]))
        if len(batch) >= ROWS_PER_WRITE:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_response(name: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# -- what each report holds ----------------------------------------------------------------------


def _names(links) -> str:
    return LIST_SEPARATOR.join(link.country.name for link in links)


def _codes(links) -> str:
    return LIST_SEPARATOR.join(link.country_id for link in links)


def _partners() -> QuerySet:
    return EngagementCountry.objects.filter(is_partner=True).select_related("country").order_by("country__name")


def _title(engagement: Engagement) -> str:
    return engagement.readout.title or f"Engagement {engagement.pk}"


Link = Callable[[str], str]  # a path -> its absolute URL


ENGAGEMENT_HEADER = [
    "Engagement ID",
    "Date",
    "Kind",
    "Title",
    "Partner countries",
    "Partner ISO codes",
    "All country ISO codes",
    "Location",
    "Forum",
    "Participants",
    "Topics",
    "Agreements",
    "Exercises",
    "Published",
    "Publisher",
    "Source URL",
    "Engagement page",
]


def engagement_rows(engagements: QuerySet[Engagement], link: Link) -> Iterator[list]:
    """One row per engagement, read as tuples, with its related rows fetched per chunk.

    No model instances, and no joins in the per-chunk queries: at a million rows the ORM's
    per-object cost and PostgreSQL's per-row join cost would dominate. The engagements stream
    from a server-side cursor; each chunk's countries, participants, topics, agreements and
    exercises come in five single-table queries keyed by engagement id, and names come from
    maps of the small reference tables read once per export.
    """
    base = engagements.values_list(
        "id",
        "date",
        "kind",
        "readout__title",
        "location",
        "forum__short_name",
        "readout__published_on",
        "readout__publisher__name",
        "readout__url",
    )
    kinds = dict(Engagement._meta.get_field("kind").choices)
    actions = {k: v.lower() for k, v in AgreementEvent._meta.get_field("action").choices}
    page = link("/engagements/0/")[: -len("0/")] + "{}/"
    names = _NameMaps()
    for chunk in _chunks(base.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
        ids = [row[0] for row in chunk]
        countries = _facts(EngagementCountry, ids, "country_id, is_partner")
        people = _facts(Participation, ids, "person_id, title")
        topics = _facts(EngagementTopic, ids, "topic_id")
        events = _facts(AgreementEvent, ids, "agreement_id, action")
        mentions = _facts(ExerciseMention, ids, "exercise_id")
        for pk, date, kind, title, location, forum, published, publisher, url in chunk:
            links = countries.get(pk, ())
            partners = sorted((names.country[c] for c, partner in links if partner))
            yield [
                pk,
                date,
                kinds.get(kind, kind),
                title or f"Engagement {pk}",
                LIST_SEPARATOR.join(name for name, _code in partners),
                LIST_SEPARATOR.join(code for _name, code in partners),
                LIST_SEPARATOR.join(sorted(c for c, _partner in links)),
                location,
                forum or "",
                LIST_SEPARATOR.join(names.person_text(person, title) for person, title in people.get(pk, ())),
                LIST_SEPARATOR.join(sorted(names.topic[t] for (t,) in topics.get(pk, ()))),
                LIST_SEPARATOR.join(
                    f"{names.agreement(a)} ({actions.get(action, action)})" for a, action in events.get(pk, ())
                ),
                LIST_SEPARATOR.join(names.exercise(x) for (x,) in mentions.get(pk, ())),
                published,
                publisher or "",
                url,
                page.format(pk),
            ]


class _NameMaps:
    """Names by id, read once per export: they grow with the people, agreements and exercises
    known (thousands), never with the rows exported."""

    def __init__(self):
        from engagements.models import Agreement, Country, Exercise, Person, Topic

        self.country = {code: (name, code) for code, name in Country.objects.values_list("code", "name")}
        self.topic = dict(Topic.objects.values_list("id", "label"))
        self.people = {
            pk: (name, country) for pk, name, country in Person.objects.values_list("pk", "name", "country_id")
        }
        self.agreements = dict(Agreement.objects.values_list("pk", "name"))
        self.exercises = dict(Exercise.objects.values_list("pk", "name"))

    def person_text(self, pk: int, title: str) -> str:
        name, country = self.people.get(pk, ("?", None))
        details = ", ".join(x for x in (title, country or "") if x)
        return f"{name} ({details})" if details else name

    def agreement(self, pk: int) -> str:
        return self.agreements.get(pk, "?")

    def exercise(self, pk: int) -> str:
        return self.exercises.get(pk, "?")


def _facts(model, engagement_ids: list[int], columns: str) -> dict[int, list[tuple]]:
    """{engagement id: [(columns...)]} for a chunk, in id order: one array parameter, not
    thousands of bound ones."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT engagement_id, {columns} FROM {table} WHERE engagement_id = ANY(%s) ORDER BY id",  # noqa: S608
            [engagement_ids],
        )
        return _grouped(cursor.fetchall())


def _chunks(rows: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _grouped(rows) -> dict[int, list[tuple]]:
    """{engagement id: [the rest of each row]}, in the query's order."""
    grouped: dict[int, list[tuple]] = {}
    for engagement_id, *rest in rows:
        grouped.setdefault(engagement_id, []).append(tuple(rest))
    return grouped


def _engagement_context() -> tuple:
    return (
        ("engagement__readout", "engagement__forum"),
        ("engagement__readout__text", "engagement__readout__search", "engagement__readout__extraction"),
    )


AGREEMENT_HEADER = [
    "Event ID",
    "Date",
    "Action",
    "Agreement",
    "Agreement kind",
    "Name as written",
    "Parties",
    "Party ISO codes",
    "Engagement",
    "Engagement kind",
    "Partner countries",
    "Partner ISO codes",
    "Forum",
    "Source URL",
    "Engagement page",
    "Agreement page",
]


def agreement_event_rows(events: QuerySet[AgreementEvent], link: Link) -> Iterator[list]:
    related, heavy = _engagement_context()
    events = (
        events.select_related("agreement", *related)
        .defer(*heavy)
        .prefetch_related(
            Prefetch("agreement__countries", to_attr="parties"),
            Prefetch("engagement__country_links", queryset=_partners(), to_attr="partners"),
        )
    )
    for ev in events.iterator(chunk_size=CHUNK_SIZE):
        e, parties = ev.engagement, sorted(ev.agreement.parties, key=lambda c: c.name)
        yield [
            ev.pk,
            ev.date,
            ev.get_action_display(),
            ev.agreement.name,
            ev.agreement.get_kind_display(),
            ev.name_as_written,
            LIST_SEPARATOR.join(c.name for c in parties),
            LIST_SEPARATOR.join(c.code for c in parties),
            _title(e),
            e.get_kind_display(),
            _names(e.partners),
            _codes(e.partners),
            e.forum.short_name if e.forum else "",
            e.readout.url,
            link(e.get_absolute_url()),
            link(ev.agreement.get_absolute_url()),
        ]


EXERCISE_HEADER = [
    "Mention ID",
    "Date",
    "Exercise",
    "Named exercise",
    "Location",
    "Systems",
    "Exercise countries",
    "Exercise country ISO codes",
    "Engagement",
    "Partner countries",
    "Partner ISO codes",
    "Source URL",
    "Engagement page",
    "Exercise page",
]


def exercise_mention_rows(mentions: QuerySet[ExerciseMention], link: Link) -> Iterator[list]:
    related, heavy = _engagement_context()
    mentions = (
        mentions.select_related("exercise", *related)
        .defer(*heavy)
        .prefetch_related(
            Prefetch("exercise__countries", to_attr="country_list"),
            Prefetch("engagement__country_links", queryset=_partners(), to_attr="partners"),
        )
    )
    for m in mentions.iterator(chunk_size=CHUNK_SIZE):
        e, countries = m.engagement, sorted(m.exercise.country_list, key=lambda c: c.name)
        yield [
            m.pk,
            m.date,
            m.exercise.name,
            "yes" if m.exercise.named else "no",
            m.location or m.exercise.location,
            LIST_SEPARATOR.join(m.exercise.systems),
            LIST_SEPARATOR.join(c.name for c in countries),
            LIST_SEPARATOR.join(c.code for c in countries),
            _title(e),
            _names(e.partners),
            _codes(e.partners),
            e.readout.url,
            link(e.get_absolute_url()),
            link(m.exercise.get_absolute_url()),
        ]


PARTICIPATION_HEADER = [
    "Participation ID",
    "Date",
    "Person",
    "Title at the time",
    "Person's country",
    "Person's country ISO code",
    "Engagement",
    "Engagement kind",
    "Partner countries",
    "Partner ISO codes",
    "Forum",
    "Source URL",
    "Engagement page",
    "Person page",
]


def participation_rows(participations: QuerySet[Participation], link: Link) -> Iterator[list]:
    related, heavy = _engagement_context()
    participations = (
        participations.select_related("person__country", *related)
        .defer(*heavy)
        .prefetch_related(Prefetch("engagement__country_links", queryset=_partners(), to_attr="partners"))
    )
    for p in participations.iterator(chunk_size=CHUNK_SIZE):
        e, country = p.engagement, p.person.country
        yield [
            p.pk,
            p.date,
            p.person.name,
            p.title,
            country.name if country else "",
            p.person.country_id or "",
            _title(e),
            e.get_kind_display(),
            _names(e.partners),
            _codes(e.partners),
            e.forum.short_name if e.forum else "",
            e.readout.url,
            link(e.get_absolute_url()),
            link(p.person.get_absolute_url()),
        ]


READOUT_HEADER = [
    "Readout ID",
    "Published",
    "Title",
    "Publisher",
    "Publisher ISO code",
    "Parse status",
    "Engagement date",
    "Engagement kind",
    "Partner countries",
    "Partner ISO codes",
    "Forum",
    "Topics",
    "Source URL",
    "Engagement page",
]


def readout_rows(readouts: QuerySet[Readout], link: Link) -> Iterator[list]:
    readouts = (
        readouts.select_related("publisher", "engagement__forum")
        .defer("text", "search", "extraction")
        .prefetch_related(
            Prefetch("engagement__country_links", queryset=_partners(), to_attr="partners"),
            Prefetch(
                "engagement__topic_links",
                queryset=EngagementTopic.objects.select_related("topic").order_by("topic__label"),
                to_attr="topic_list",
            ),
        )
    )
    for r in readouts.iterator(chunk_size=CHUNK_SIZE):
        e = getattr(r, "engagement", None)
        yield [
            r.pk,
            r.published_on,
            r.title,
            r.publisher.name if r.publisher else "",
            r.publisher_id or "",
            r.get_status_display(),
            e.date if e else "",
            e.get_kind_display() if e else "",
            _names(e.partners) if e else "",
            _codes(e.partners) if e else "",
            e.forum.short_name if e and e.forum else "",
            LIST_SEPARATOR.join(t.topic.label for t in e.topic_list) if e else "",
            r.url,
            link(e.get_absolute_url()) if e else "",
        ]
