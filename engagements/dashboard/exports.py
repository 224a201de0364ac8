"""CSV reports: the rows of a list, exactly as filtered, streamed.

The views pass the same selector's queryset the HTML table reads. The engagements report,
the one that reaches a million rows, is written by PostgreSQL (``COPY ... TO STDOUT``) from
the engagements' summaries; the others read rows with ``.iterator(chunk_size=2000)``, which
runs the prefetches once per chunk, so memory stays flat and queries grow with chunks, not
rows. Output: UTF-8 with a BOM (Excel then reads it as UTF-8), a header row, CRLF line
ends, RFC 4180 quoting, and every cell that a spreadsheet would read as a formula
neutralised with a leading apostrophe (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Case, F, Func, Prefetch, QuerySet, TextField, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, NullIf
from django.http import QueryDict, StreamingHttpResponse
from django.utils import timezone

from config import statement_timeout
from engagements.derived.rollup import data_version
from engagements.models import (
    AgreementEvent,
    Engagement,
    ExerciseMention,
    Kind,
    Participation,
    Person,
    Readout,
)

CHUNK_SIZE = 2000
ROWS_PER_WRITE = 500
# COPY's output is relayed in pieces of about this many bytes, at most COPY_QUEUE waiting.
COPY_PIECE = 64 * 1024
COPY_QUEUE = 8
# A spreadsheet reads a cell starting with one of these as a formula (or splits it); the
# full-width forms too (East Asian input methods type them, and spreadsheets fold them).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# Invisible characters a spreadsheet skips before it looks for a trigger: a byte order mark
# and the zero-width ones.
INVISIBLE_LEAD = "\ufeff\u200b\u200c\u200d\u2060"
LIST_SEPARATOR = "; "
DATA_VERSION_HEADER = "X-Data-Version"


def neutralise(value) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would run it as a formula.
    The database's ``engagements_csv_cell`` (summaries_v3.sql, migration 0015) applies the same rule."""
    if value is None:
        text = ""
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if looks_like_formula(text) else text


def looks_like_formula(text: str) -> bool:
    return text.lstrip(INVISIBLE_LEAD).startswith(FORMULA_TRIGGERS)


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


def csv_response(filename: str, header: list[str], rows: Iterable[list]) -> StreamingHttpResponse:
    return _attachment(filename, csv_lines(header, rows))


def copy_response(filename: str, header: list[str], pieces: Iterable[bytes]) -> StreamingHttpResponse:
    """A report whose rows PostgreSQL wrote (``copy_csv``), after our BOM and header."""
    return _attachment(filename, _after_header(header, pieces))


def _after_header(header: list[str], pieces: Iterable[bytes]) -> Iterator[str | bytes]:
    yield from csv_lines(header, [])
    yield from pieces


def _attachment(filename: str, content: Iterable) -> StreamingHttpResponse:
    response = StreamingHttpResponse(statement_timeout.relaxed(content), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    # Which state of the data the rows are read from: two files of one version hold the same
    # rows for the same filters.
    response[DATA_VERSION_HEADER] = str(data_version())
    return response


# A file name says what the file holds; past this length the filters are cut and a digest of
# them keeps two different exports' names apart.
FILENAME_FILTERS_MAX = 120
_UNSAFE = re.compile(r"[^A-Za-z0-9.]+")


def export_filename(report: str, canonical: QueryDict, *, sort: str = "", at: dt.datetime | None = None) -> str:
    """``engagements_country-MYS_2020-01-01_2024-12-31_2026-12-04T1930Z.csv``: the list, its
    filters in the canonical order (the date range last, as from_to), the sort when it is not
    the default, and the export's time in UTC."""
    parts = []
    for name, values in canonical.lists():
        if name in ("date_from", "date_to"):
            continue
        cleaned = "+".join(_UNSAFE.sub("-", value).strip("-") for value in values)
        parts.append(f"{name.replace('_', '-')}-{cleaned}")
    if sort:
        parts.append(f"sort-{sort}")
    start, end = canonical.get("date_from"), canonical.get("date_to")
    if start and end:
        parts.append(f"{start}_{end}")
    elif start or end:
        parts.append(f"from-{start}" if start else f"to-{end}")
    filters = "_".join(parts)
    if len(filters) > FILENAME_FILTERS_MAX:
        digest = hashlib.sha256(canonical.urlencode().encode()).hexdigest()[:8]
        filters = f"{filters[:FILENAME_FILTERS_MAX].rstrip('-_+')}_{digest}"
    stamp = (at or timezone.now()).astimezone(dt.UTC).strftime("%Y-%m-%dT%H%MZ")
    return "_".join(part for part in (report, filters, stamp) if part) + ".csv"


def filtered_filename(report: str, filters) -> str:
    """``export_filename`` of a list's validated filters, with its sort when not the default."""
    chosen = filters.form.cleaned_data.get("sort") if filters.is_bound else ""
    sort = filters.sort_key() if chosen else ""
    return export_filename(report, filters.canonical(), sort="" if sort == filters.default_sort else sort)


# -- what each report holds ----------------------------------------------------------------------


def _title(engagement: Engagement) -> str:
    return engagement.summary.title or f"Engagement {engagement.pk}"


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


def engagement_report(engagements: QuerySet[Engagement], link: Link) -> Iterator[bytes]:
    """One row per engagement, written by PostgreSQL: ``COPY (the list's query) TO STDOUT``."""
    return copy_csv(engagement_report_rows(engagements, link))


def engagement_report_rows(engagements: QuerySet[Engagement], link: Link) -> QuerySet:
    """The report's cells, in the list's order, as one query.

    At a million rows any per-row work in Python (building model instances, tuples, joining
    lists) costs more than the database's whole scan, so the query reads each engagement's
    related facts as text already joined, and its readout's title, URL and date, from
    ``EngagementSummary`` (kept by triggers; the readouts' table is never read), and
    neutralises spreadsheet formulas with ``engagements_csv_cell``; this process only
    relays the bytes.
    """
    text = TextField()
    kinds = Case(
        *(When(kind=value, then=Value(label)) for value, label in Kind.choices), default=F("kind"), output_field=text
    )
    title = Coalesce(
        NullIf("summary__title", Value("")),
        Concat(Value("Engagement "), Cast("id", text), output_field=text),
        output_field=text,
    )
    page = link("/engagements/0/")[: -len("0/")]
    return engagements.values_list(
        "id",
        "date",
        kinds,
        _cell(title),
        _cell("summary__partner_names"),
        "summary__partner_codes",
        "summary__country_codes",
        _cell("location"),
        _cell("forum__short_name"),
        _cell("summary__participants"),
        _cell("summary__topics"),
        _cell("summary__agreements"),
        _cell("summary__exercises"),
        "summary__published_on",
        _cell("summary__publisher__name"),
        _cell("summary__url"),
        Concat(Value(page), Cast("id", text), Value("/"), output_field=text),
    )


def _cell(expression) -> Func:
    expression = F(expression) if isinstance(expression, str) else expression
    return Func(expression, function="engagements_csv_cell", output_field=TextField())


_END = object()


def copy_csv(rows: QuerySet) -> Iterator[bytes]:
    """The rows of a values_list query as CSV (CRLF line ends), from PostgreSQL's COPY.

    psycopg2's COPY writes into a file object and returns only at the end, so it runs on a
    thread, on this request's connection (which the request does not use meanwhile: a test's
    transaction sees its own rows), handing pieces of ~64 kB through a short queue: memory
    stays flat whatever the size. A reader that stops early (the client went away) cancels
    the COPY and waits for the thread.
    """
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a query that cannot match (a search's empty pool): no rows
        return
    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cursor:
        statement = cursor.mogrify(sql, params).decode()
    pieces: queue.Queue = queue.Queue(maxsize=COPY_QUEUE)
    stop = threading.Event()

    def hand_over(item) -> None:
        while not stop.is_set():
            try:
                pieces.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    class Sink:
        def __init__(self):
            self.parts, self.size = [], 0
            self.rows = _RowEnds()

        def write(self, data) -> int:
            if not stop.is_set():
                self.parts.append(data)
                self.size += len(data)
                if self.size >= COPY_PIECE:
                    self.flush()
            return len(data)

        def flush(self) -> None:
            if self.parts:
                hand_over(self.rows.crlf(b"".join(self.parts)))
                self.parts, self.size = [], 0

    def produce() -> None:
        sink = Sink()
        try:
            with raw.cursor() as cursor:
                cursor.copy_expert(f"COPY ({statement}) TO STDOUT WITH (FORMAT csv)", sink, size=COPY_PIECE)
            sink.flush()
            hand_over(_END)
        except BaseException as exc:  # handed to the reader, which raises it
            hand_over(exc)

    thread = threading.Thread(target=produce, name="csv-copy", daemon=True)
    thread.start()
    try:
        while (item := pieces.get()) is not _END:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if thread.is_alive():
            stop.set()
            raw.cancel()
        thread.join()


class _RowEnds:
    """COPY ends each row with LF; the report's rows end with CR LF. A line feed inside a
    quoted cell is the cell's own and stays as it is: quotes are counted across pieces."""

    def __init__(self):
        self.quoted = False

    def crlf(self, data: bytes) -> bytes:
        parts = data.split(b'"')
        # Between quotes alternate outside and inside a quoted cell ("" inside a cell is a
        # quote closed and reopened, so the count stays right).
        for i in range(1 if self.quoted else 0, len(parts), 2):
            parts[i] = parts[i].replace(b"\n", b"\r\n")
        if len(parts) % 2 == 0:
            self.quoted = not self.quoted
        return b'"'.join(parts)


# The engagement's forum, and its summary: the partners, topics and the readout's title and
# URL as the engagements report writes them (kept by triggers), so no per-chunk prefetch.
ENGAGEMENT_CONTEXT = ("engagement__forum", "engagement__summary")


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
    events = events.select_related("agreement", *ENGAGEMENT_CONTEXT).prefetch_related(
        Prefetch("agreement__countries", to_attr="parties")
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
            e.summary.partner_names,
            e.summary.partner_codes,
            e.forum.short_name if e.forum else "",
            e.summary.url,
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
    mentions = mentions.select_related("exercise", *ENGAGEMENT_CONTEXT).prefetch_related(
        Prefetch("exercise__countries", to_attr="country_list")
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
            e.summary.partner_names,
            e.summary.partner_codes,
            e.summary.url,
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
    participations = participations.select_related("person__country", *ENGAGEMENT_CONTEXT)
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
            e.summary.partner_names,
            e.summary.partner_codes,
            e.forum.short_name if e.forum else "",
            e.summary.url,
            link(e.get_absolute_url()),
            link(p.person.get_absolute_url()),
        ]


PERSON_HEADER = [
    "Person ID",
    "Name",
    "Country",
    "Country ISO code",
    "Latest title",
    "Engagements",
    "Last seen",
    "Person page",
]


def person_rows(people: Iterable[Person], link: Link) -> Iterator[list]:
    """One row per person, as the people list shows them: the counts, latest title and last
    date are over the participations the filters keep (``selectors.people_for_export``)."""
    for person in people:
        yield [
            person.pk,
            person.name,
            person.country.name if person.country else "",
            person.country_id or "",
            person.latest_title or "",
            person.engagement_count,
            person.last_seen,
            link(person.get_absolute_url()),
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
    # Each readout with the engagement it reports (a second source's too: through its source row).
    context = [f"engagement_source__{path}" for path in ENGAGEMENT_CONTEXT]
    readouts = readouts.select_related("publisher", *context).defer("text", "search", "extraction")
    for r in readouts.iterator(chunk_size=CHUNK_SIZE):
        e = r.reported_engagement
        yield [
            r.pk,
            r.published_on,
            r.title,
            r.publisher.name if r.publisher else "",
            r.publisher_id or "",
            r.get_status_display(),
            e.date if e else "",
            e.get_kind_display() if e else "",
            e.summary.partner_names if e else "",
            e.summary.partner_codes if e else "",
            e.forum.short_name if e and e.forum else "",
            e.summary.topics if e else "",
            r.url,
            link(e.get_absolute_url()) if e else "",
        ]


@dataclass(frozen=True)
class Report:
    """A list's CSV: its file name, header and rows; ``by_copy`` when PostgreSQL writes the
    rows (``copy_csv``) rather than Python."""

    name: str
    header: list[str]
    rows: Callable[[QuerySet, Link], Iterable]
    by_copy: bool = False

    def response(self, queryset: QuerySet, link: Link, filename: str | None = None) -> StreamingHttpResponse:
        respond = copy_response if self.by_copy else csv_response
        return respond(filename or export_filename(self.name, QueryDict()), self.header, self.rows(queryset, link))


ENGAGEMENTS = Report("engagements", ENGAGEMENT_HEADER, engagement_report, by_copy=True)
AGREEMENT_EVENTS = Report("agreement-events", AGREEMENT_HEADER, agreement_event_rows)
EXERCISE_MENTIONS = Report("exercise-mentions", EXERCISE_HEADER, exercise_mention_rows)
PEOPLE = Report("people", PERSON_HEADER, person_rows)
PARTICIPATIONS = Report("participations", PARTICIPATION_HEADER, participation_rows)
READOUTS = Report("readouts", READOUT_HEADER, readout_rows)
