"""What each API row holds, built a page at a time in a fixed number of queries.

An engagement's row is JSON that PostgreSQL wrote and keeps (``EngagementApiRow``), read in one
query for a page of ids (``ENGAGEMENT_JSON``) and sent as it is: building a thousand nested
dicts, then encoding them, cost the API more than the database's whole work, and building
the JSON for every page cost a full pull at 1M most of its time. The other rows are plain dicts from a values()
of the selector's queryset and one query per related table. The serializers (serializers.py)
describe these rows for the schema; tests hold the two to the same fields.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import orjson
from django.db import connection
from django.db.models import QuerySet
from django.urls import reverse

from engagements.dashboard import selectors
from engagements.dashboard.filters import NEWEST, ParticipationFilter
from engagements.models import (
    Agreement,
    AgreementEvent,
    Exercise,
    ExerciseMention,
    Participation,
    Person,
    Readout,
)

Link = Callable[[str], str]  # a path -> its absolute URL
# Detail rows list at most this many of their events, mentions or participations (newest
# first) with the total; the list endpoints filter and page through all of them.
DETAIL_ITEMS = 100


def _grouped(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        grouped[row[0]].append(row[1:])
    return grouped


def _codes(text: str) -> list[str]:
    return text.split("; ") if text else []


# -- engagements --------------------------------------------------------------------------------


def engagement_values(engagements: QuerySet, extra: Iterable[str] = ()) -> QuerySet:
    """The selector's queryset as the values a page needs: the ids (the rows are written by
    ``engagement_json``) and ``extra``, the sort's keys for the cursor."""
    return engagements.values("id", *(name for name in extra if name != "id"))


# Each engagement's row as JSON text, as PostgreSQL wrote and stored it (EngagementApiRow,
# refreshed with the engagement's summary whenever something it shows changes): no row is
# built, encoded or decoded in Python, and a page reads one stored row per engagement, in
# the order of ``%(ids)s``. ``{rows}``: where the rows come from.
ENGAGEMENT_JSON = """
SELECT a.engagement_id, a.body
FROM unnest(%(ids)s::bigint[]) WITH ORDINALITY AS listed(id, n)
JOIN {rows} a ON a.engagement_id = listed.id
ORDER BY listed.n
"""
STORED = ENGAGEMENT_JSON.replace("{rows}", "engagements_engagementapirow")
# Rows not stored yet (written in bulk mode, before the rebuild the load owes): built from
# the facts by the function that builds the stored ones.
BUILT = ENGAGEMENT_JSON.replace("{rows}", "engagements_api_rows(%(ids)s::bigint[])")


def engagement_json(ids: list[int], link: Link) -> list[str]:
    """The engagements' rows (``ids``, in that order) as JSON texts, in one query (two when
    some are not stored yet)."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(STORED, {"ids": _array(ids)})
        rows = dict(cursor.fetchall())
        if len(rows) < len(set(ids)):
            cursor.execute(BUILT, {"ids": _array([pk for pk in ids if pk not in rows])})
            rows.update(cursor.fetchall())
    # The id and the page link (which holds the request's host) go in front of the stored
    # fields, here rather than in SQL, where the copying took 8 ms a page. orjson escapes the
    # link as PostgreSQL would (a quote, a backslash, control characters; nothing else).
    page = orjson.dumps(link("/engagements/0/")[: -len("0/")]).decode()[:-1]
    return [f'{{"id":{pk},"page":{page}{pk}/",{rows[pk][1:]}' for pk in ids if pk in rows]


def _array(ids: list[int]) -> str:
    # One literal for the array, parsed once, rather than a parameter per id (2 ms a page of
    # 1,000 less for PostgreSQL to parse).
    return "{" + ",".join(str(int(pk)) for pk in ids) + "}"


def engagement_rows(rows: list[dict], link: Link) -> list[orjson.Fragment]:
    """A page of ``engagement_values`` as rows the renderer sends as they are."""
    return [orjson.Fragment(text) for text in engagement_json([row["id"] for row in rows], link)]


# -- agreement events, exercise mentions --------------------------------------------------------

ENGAGEMENT_CONTEXT = (
    "engagement_id",
    "engagement__date",
    "engagement__kind",
    "engagement__summary__title",
    "engagement__summary__partner_codes",
)


def _engagement_context(row: dict, page: str) -> dict:
    return {
        "id": row["engagement_id"],
        "page": f"{page}{row['engagement_id']}/",
        "date": row["engagement__date"],
        "kind": row["engagement__kind"],
        "title": row["engagement__summary__title"],
        "partners": _codes(row["engagement__summary__partner_codes"]),
    }


AGREEMENT_EVENT_VALUES = (
    "id",
    "date",
    "action",
    "name_as_written",
    "agreement_id",
    "agreement__name",
    "agreement__kind",
    *ENGAGEMENT_CONTEXT,
)


def agreement_event_values(events: QuerySet, extra: Iterable[str] = ()) -> QuerySet:
    return events.values(*AGREEMENT_EVENT_VALUES, *(n for n in extra if n not in AGREEMENT_EVENT_VALUES))


def _parties(model, agreement_ids: set[int]) -> dict[int, list[str]]:
    through = model.countries.through
    owner = f"{model._meta.model_name}_id"
    return {
        pk: [code for (code,) in codes]
        for pk, codes in _grouped(
            through.objects.filter(**{f"{owner}__in": agreement_ids})
            .order_by(owner, "country_id")
            .values_list(owner, "country_id")
        ).items()
    }


def agreement_event_rows(rows: list[dict], link: Link) -> list[dict]:
    parties = _parties(Agreement, {row["agreement_id"] for row in rows}) if rows else {}
    page, agreements = link("/engagements/0/")[:-2], link("/agreements/0/")[:-2]
    return [
        {
            "id": row["id"],
            "date": row["date"],
            "action": row["action"],
            "name_as_written": row["name_as_written"],
            "agreement": {
                "id": row["agreement_id"],
                "page": f"{agreements}{row['agreement_id']}/",
                "name": row["agreement__name"],
                "kind": row["agreement__kind"],
                "parties": parties.get(row["agreement_id"], []),
            },
            "engagement": _engagement_context(row, page),
        }
        for row in rows
    ]


EXERCISE_MENTION_VALUES = (
    "id",
    "date",
    "location",
    "exercise_id",
    "exercise__name",
    "exercise__named",
    "exercise__location",
    "exercise__systems",
    *ENGAGEMENT_CONTEXT,
)


def exercise_mention_values(mentions: QuerySet, extra: Iterable[str] = ()) -> QuerySet:
    return mentions.values(*EXERCISE_MENTION_VALUES, *(n for n in extra if n not in EXERCISE_MENTION_VALUES))


def exercise_mention_rows(rows: list[dict], link: Link) -> list[dict]:
    countries = _parties(Exercise, {row["exercise_id"] for row in rows}) if rows else {}
    page, exercises = link("/engagements/0/")[:-2], link("/exercises/0/")[:-2]
    return [
        {
            "id": row["id"],
            "date": row["date"],
            "location": row["location"] or row["exercise__location"],
            "exercise": {
                "id": row["exercise_id"],
                "page": f"{exercises}{row['exercise_id']}/",
                "name": row["exercise__name"],
                "named": row["exercise__named"],
                "systems": row["exercise__systems"],
                "countries": countries.get(row["exercise_id"], []),
            },
            "engagement": _engagement_context(row, page),
        }
        for row in rows
    ]


# -- people, readouts ---------------------------------------------------------------------------


def person_rows(people: list[Person], link: Link, *, filters: ParticipationFilter) -> list[dict]:
    """A page of ``selectors.person_list``, finished by the people page's own helper (counts and
    latest title over the participations the filters keep)."""
    selectors.people_for_table(people, filters=filters)
    return [
        {
            "id": person.pk,
            "page": link(person.get_absolute_url()),
            "name": person.name,
            "country": person.country_id,
            "latest_title": person.latest_title,
            "engagements": person.engagement_count,
            "last_seen": person.last_seen,
        }
        for person in people
    ]


READOUT_VALUES = (
    "id",
    "title",
    "url",
    "published_on",
    "publisher_id",
    "status",
    "engagement__id",
    "engagement__date",
    "engagement__kind",
    "engagement__summary__partner_codes",
)


def readout_values(readouts: QuerySet, extra: Iterable[str] = ()) -> QuerySet:
    return readouts.values(*READOUT_VALUES, *(n for n in extra if n not in READOUT_VALUES))


def readout_rows(rows: list[dict], link: Link) -> list[dict]:
    page = link("/engagements/0/")[:-2]
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "url": row["url"],
            "published_on": row["published_on"],
            "publisher": row["publisher_id"],
            "status": row["status"],
            "engagement": None
            if row["engagement__id"] is None
            else {
                "id": row["engagement__id"],
                "page": f"{page}{row['engagement__id']}/",
                "date": row["engagement__date"],
                "kind": row["engagement__kind"],
                "partners": _codes(row["engagement__summary__partner_codes"]),
            },
        }
        for row in rows
    ]


# -- details that are not list rows -------------------------------------------------------------


def agreement_detail(agreement: Agreement, link: Link) -> dict:
    events = AgreementEvent.objects.filter(agreement=agreement).order_by(*NEWEST)
    return {
        "id": agreement.pk,
        "page": link(agreement.get_absolute_url()),
        "name": agreement.name,
        "kind": agreement.kind,
        "parties": sorted(agreement.countries.values_list("code", flat=True)),
        "event_count": events.count(),
        "events": [
            {"id": pk, "date": date, "action": action, "engagement": engagement}
            for pk, date, action, engagement in events.values_list("id", "date", "action", "engagement_id")[
                :DETAIL_ITEMS
            ]
        ],
    }


def exercise_detail(exercise: Exercise, link: Link) -> dict:
    mentions = ExerciseMention.objects.filter(exercise=exercise).order_by(*NEWEST)
    return {
        "id": exercise.pk,
        "page": link(exercise.get_absolute_url()),
        "name": exercise.name,
        "named": exercise.named,
        "location": exercise.location,
        "systems": exercise.systems,
        "countries": sorted(exercise.countries.values_list("code", flat=True)),
        "mention_count": mentions.count(),
        "mentions": [
            {"id": pk, "date": date, "location": location, "engagement": engagement}
            for pk, date, location, engagement in mentions.values_list("id", "date", "location", "engagement_id")[
                :DETAIL_ITEMS
            ]
        ],
    }


def person_detail(person: Person, link: Link) -> dict:
    participations = Participation.objects.filter(person=person).order_by(*NEWEST)
    return {
        "id": person.pk,
        "page": link(person.get_absolute_url()),
        "name": person.name,
        "country": person.country_id,
        "participation_count": participations.count(),
        "participations": [
            {"engagement": engagement, "date": date, "title": title}
            for engagement, date, title in participations.values_list("engagement_id", "date", "title")[:DETAIL_ITEMS]
        ],
    }


def readout_detail(readout: Readout, link: Link) -> dict:
    row = readout_rows(list(readout_values(Readout.objects.filter(pk=readout.pk))), link)[0]
    return {**row, "text": readout.text}


# -- relationships ------------------------------------------------------------------------------


def relationship_rows(pairs: list[dict], link: Link, query: str) -> list[dict]:
    """Rows of ``relations.busiest_pairs``; ``query``: the dates and kinds, carried to the
    relationship's page and detail as the relationships index carries them."""
    suffix = f"?{query}" if query else ""
    return [
        {
            "slug": (slug := f"{row['a']}-{row['b']}"),
            "a": row["a"],
            "a_name": row["a_name"],
            "b": row["b"],
            "b_name": row["b_name"],
            "engagements": row["n"],
            "page": link(row["url"] + suffix),
            "detail": link(reverse("api:relationships_detail", args=[slug]) + suffix),
        }
        for row in pairs
    ]


def relationship_detail(pair, kinds: dict, figures: dict, links: dict[str, str], link: Link) -> dict:
    """One relationship from the page's own reads: ``kinds`` ({(kind, year): n}, the pair
    rollup's) and ``figures`` (the page's cached sections; empty when the pair has no
    engagement in the filters); ``links``: the page's, its feed's and the API lists' paths."""
    people = dict(figures.get("people", []))
    return {
        "slug": pair.slug,
        "name": pair.name,
        "countries": [{"code": c.code, "name": c.name, "page": link(c.get_absolute_url())} for c in (pair.a, pair.b)],
        **{name: link(path) for name, path in links.items()},
        "total": sum(kinds.values()),
        "counts": [
            {"year": year, "kind": kind, "engagements": n}
            for (kind, year), n in sorted(
                kinds.items(), key=lambda item: (item[0][1] is None, item[0][1] or 0, item[0][0])
            )
        ],
        "agreements": [
            {
                "id": a.pk,
                "page": link(a.get_absolute_url()),
                "name": a.name,
                "kind": a.kind,
                "state": a.state,
                "state_on": a.state_on,
                "last_event": a.last,
                "event_count": a.n_events,
                "history": [{"date": event.date, "action": event.action} for event in a.history],
            }
            for a in figures.get("agreements", [])
        ],
        # Every engagement's people are counted now (the pair facts rollup); kept for clients.
        "people_from_latest": None,
        "people": [
            {
                "country": side.code,
                "name": side.name,
                "people": [
                    {
                        "person": p["person_id"],
                        "page": link(reverse("engagements:person", args=[p["person_id"]])),
                        "name": p["person__name"],
                        "title": p["title"],
                        "first": p["first"],
                        "last": p["last"],
                        "engagements": p["n"],
                    }
                    for p in people.get(side, [])
                ],
            }
            for side in (pair.a, pair.b)
        ],
        "publishers": [
            {"code": p["code"], "name": p["name"], "readouts": p["n"], "side": p["side"]}
            for p in figures.get("publishers", [])
        ],
        "exercises": [
            {
                "exercise": x["exercise_id"],
                "page": link(reverse("engagements:exercise", args=[x["exercise_id"]])),
                "name": x["exercise__name"],
                "mentions": x["n"],
                "first": x["first"],
                "last": x["last"],
            }
            for x in figures.get("exercises", [])
        ],
    }
