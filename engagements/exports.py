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
    return (
        EngagementCountry.objects.filter(is_partner=True).select_related("country").order_by("country__name")
    )


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
    engagements = (
        engagements.select_related("readout__publisher", "forum")
        .defer("readout__text", "readout__search", "readout__extraction")
        .prefetch_related(
            Prefetch(
                "country_links",
                queryset=EngagementCountry.objects.select_related("country").order_by(
                    "-is_partner", "country__name"
                ),
                to_attr="all_countries",
            ),
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("person").order_by("id"),
                to_attr="participants",
            ),
            Prefetch(
                "topic_links",
                queryset=EngagementTopic.objects.select_related("topic").order_by("topic__label"),
                to_attr="topic_list",
            ),
            Prefetch(
                "agreement_events",
                queryset=AgreementEvent.objects.select_related("agreement").order_by("id"),
                to_attr="events",
            ),
            Prefetch(
                "exercise_mentions",
                queryset=ExerciseMention.objects.select_related("exercise").order_by("id"),
                to_attr="mentions",
            ),
        )
    )
    kinds = dict(Engagement._meta.get_field("kind").choices)
    for e in engagements.iterator(chunk_size=CHUNK_SIZE):
        partners = [c for c in e.all_countries if c.is_partner]
        yield [
            e.pk,
            e.date,
            kinds.get(e.kind, e.kind),
            _title(e),
            _names(partners),
            _codes(partners),
            _codes(e.all_countries),
            e.location,
            e.forum.short_name if e.forum else "",
            LIST_SEPARATOR.join(_person(p) for p in e.participants),
            LIST_SEPARATOR.join(t.topic.label for t in e.topic_list),
            LIST_SEPARATOR.join(
                f"{ev.agreement.name} ({ev.get_action_display().lower()})" for ev in e.events
            ),
            LIST_SEPARATOR.join(m.exercise.name for m in e.mentions),
            e.readout.published_on,
            e.readout.publisher.name if e.readout.publisher else "",
            e.readout.url,
            link(e.get_absolute_url()),
        ]


def _person(participation: Participation) -> str:
    details = ", ".join(x for x in (participation.title, participation.person.country_id or "") if x)
    return f"{participation.person.name} ({details})" if details else participation.person.name


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
