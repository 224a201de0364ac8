"""One engagement, person, agreement or exercise: what the readouts say, with their evidence."""

import datetime as dt

from django.db.models import Count, F, Max, Min, OuterRef, Prefetch, Subquery
from django.db.models.functions import Substr
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render

from engagements import history
from engagements.dashboard import charts, relations, selectors
from engagements.dashboard.access import analyst_required
from engagements.dashboard.page_cache import whole_page
from engagements.dashboard.pagination import Total, paginate
from engagements.dashboard.templatetags.evidence import span_id, valid_span
from engagements.models import (
    Agreement,
    AgreementEvent,
    Engagement,
    EngagementCountry,
    EngagementSource,
    Exercise,
    Participation,
    Person,
)

HISTORY_PAGE = 50  # events or mentions a page of an agreement's or an exercise's history lists
RECENT_LIMIT = 25  # engagements listed on a person's page (the list holds them all)


def _anchor(fact, text: str) -> str:
    span = valid_span(text, fact.evidence_start, fact.evidence_end)
    return span_id(*span) if span else ""


@analyst_required
@whole_page
def engagement_detail(request, pk):
    engagement = get_object_or_404(
        Engagement.objects.select_related("readout__publisher", "forum").annotate(
            # Several sources: the page sets them side by side (one more query, theirs only).
            source_count=Subquery(
                EngagementSource.objects.filter(engagement=OuterRef("pk"))
                .order_by()
                .values("engagement")
                .annotate(n=Count("pk"))
                .values("n")[:1]
            )
        ),
        pk=pk,
    )
    text = engagement.readout.text
    countries = list(engagement.country_links.select_related("country").order_by("-is_partner", "country__name"))
    participants = list(engagement.participations.select_related("person__country").order_by("id"))
    events = list(engagement.agreement_events.select_related("agreement").order_by("id"))
    mentions = list(engagement.exercise_mentions.select_related("exercise").order_by("id"))
    topics = list(engagement.topic_links.select_related("topic").order_by("topic__label"))

    spans = []  # (start, end, label) of every fact, for the highlighted text
    for label, items in (
        ("Country", [(c, c.country.name) for c in countries]),
        ("Participant", [(p, p.person.name) for p in participants]),
        ("Agreement", [(e, f"{e.agreement.name} ({e.get_action_display().lower()})") for e in events]),
        ("Exercise", [(m, m.exercise.name) for m in mentions]),
        ("Topic", [(t, t.topic.label) for t in topics]),
    ):
        for fact, name in items:
            fact.anchor = _anchor(fact, text)
            spans.append((fact.evidence_start, fact.evidence_end, f"{label}: {name}"))
    details = []  # the engagement's own facts: date, kind, place, forum
    for key, label, value in (
        ("date", "Date", engagement.date.strftime("%-d %B %Y") if engagement.date else ""),
        ("kind", "Kind", engagement.get_kind_display()),
        ("location", "Place", engagement.location),
        ("forum", "Forum", str(engagement.forum or "")),
    ):
        span = engagement.evidence.get(key) if isinstance(engagement.evidence, dict) else None
        start, end = ([*span, None, None])[:2] if isinstance(span, list) else (None, None)
        clean = valid_span(text, start, end) if value else None
        details.append({"label": label, "value": value, "anchor": span_id(*clean) if clean else ""})
        if clean:
            spans.append((*clean, f"{label}: {value}"))

    publisher = _publisher_detail(engagement.readout, text)
    if publisher:
        details.append(publisher)
        if publisher["anchor"]:
            spans.append((*publisher["span"], f"Publisher: {publisher['value']}"))

    comparison = engagement.source_comparison() if (engagement.source_count or 0) > 1 else None
    if comparison is not None:
        for view in comparison.sources:
            if view.lead:  # the lead's highlights: its rows' (as a single source's) and its parse's
                view.spans = [*spans, *view.spans]

    partners = [c for c in countries if c.is_partner]
    related = QueryDict(mutable=True)
    related.setlist("country", [c.country_id for c in partners])
    return render(
        request,
        "engagements/engagement_detail.html",
        {
            "engagement": engagement,
            "readout": engagement.readout,
            "details": details,
            "countries": countries,
            "partners": partners,
            "participants": participants,
            "events": events,
            "mentions": mentions,
            "topics": topics,
            "spans": spans,
            "related_query": related.urlencode(),
            "relationships": relations.engagement_pairs(countries, engagement.readout.publisher_id),
            "can_edit": request.user.has_perm("engagements.change_readout"),
            "revisions": history.engagement_history(engagement),
            "comparison": comparison,
        },
    )


def _publisher_detail(readout, text: str) -> dict | None:
    """Who published the readout and how that was found: "Japan, from the official site it
    came from (www.mod.go.jp)", with the words of the text as evidence when the text told."""
    if readout.publisher is None:
        return None
    value = readout.publisher.name
    if readout.publisher_found_by:
        value += f", from {readout.get_publisher_found_by_display()}"
        if readout.publisher_evidence and readout.publisher_found_by != readout.PublisherFoundBy.DEFAULT:
            value += f" ({readout.publisher_evidence})"
    span = valid_span(text, readout.publisher_evidence_start, readout.publisher_evidence_end)
    return {"label": "Publisher", "value": value, "anchor": span_id(*span) if span else "", "span": span}


@analyst_required
@whole_page
def person_detail(request, pk):
    person = get_object_or_404(Person.objects.select_related("country"), pk=pk)
    theirs = Participation.objects.filter(person=person)
    recent = list(
        theirs.select_related("engagement__readout", "engagement__forum")
        .defer(*(f"engagement__readout__{f}" for f in selectors.HEAVY_READOUT_FIELDS))
        .prefetch_related(
            Prefetch("engagement__country_links", queryset=selectors.partner_links().queryset, to_attr="partners")
        )
        .order_by(F("date").desc(nulls_last=True), "-id")[:RECENT_LIMIT]
    )
    titles_listed = {p.title for p in recent}
    return render(
        request,
        "engagements/person_detail.html",
        {
            "person": person,
            "recent": recent,
            "recent_limit": RECENT_LIMIT,
            # One title on every row is said once above the table, not repeated in a column.
            "one_title": titles_listed.pop() if len(titles_listed) == 1 else None,
            # Counted over all their engagements: kept until the data changes, like the figures.
            **charts.cached("person", str(person.pk), lambda: _person_counts(person)),
        },
    )


def _person_counts(person: Person) -> dict:
    theirs = Participation.objects.filter(person=person)
    their_engagements = theirs.values("engagement_id")
    titles = (
        theirs.exclude(title="")
        .values("title")
        .annotate(first=Min("date"), last=Max("date"), n=Count("*"))
        .order_by(F("last").desc(nulls_last=True))
    )
    others = (
        Participation.objects.filter(engagement_id__in=their_engagements)
        .exclude(person=person)
        .values("person_id", "person__name", "person__country__name")
        .annotate(n=Count("*"), last=Max("date"))
        .order_by("-n", "person__name")
    )
    # Counterparts are the people of other countries met; the person's compatriots in the same
    # engagements (a secretary's own staff) are colleagues, a different thing.
    if person.country_id:
        colleagues = others.filter(person__country_id=person.country_id)
        counterparts = others.exclude(person__country_id=person.country_id)
    else:
        colleagues, counterparts = others.none(), others
    partners = (
        EngagementCountry.objects.filter(engagement_id__in=their_engagements, is_partner=True)
        .values("country_id", "country__name")
        .annotate(n=Count("*"))
        .order_by("-n", "country__name")[:15]
    )
    return {
        "summary": theirs.aggregate(n=Count("*"), first=Min("date"), last=Max("date")),
        "titles": list(titles),
        "counterparts": list(counterparts[:15]),
        "colleagues": list(colleagues[:15]),
        "partners": list(partners),
    }


def _with_evidence(facts):
    """Each fact with its source sentence cut from the readout in SQL (not the whole text)."""
    return facts.annotate(
        evidence_text=Substr(
            "engagement__readout__text", F("evidence_start") + 1, F("evidence_end") - F("evidence_start")
        )
    )


@analyst_required
@whole_page
def agreement_detail(request, pk):
    agreement = get_object_or_404(Agreement, pk=pk)
    events = _with_evidence(agreement.events.select_related("engagement__readout")).defer(
        *(f"engagement__readout__{f}" for f in selectors.HEAVY_READOUT_FIELDS)
    )
    # Its history at a glance, over every event: each action's first date and how often.
    milestones = sorted(
        agreement.events.order_by().values("action").annotate(first=Min("date"), n=Count("*")),
        key=lambda m: (m["first"] is None, m["first"] or dt.date.min),
    )
    page = paginate(
        events.order_by(F("date").asc(nulls_last=True), "id"),
        request.GET.get("page"),
        filtered=True,
        per_page=HISTORY_PAGE,
        total=lambda: Total(sum(m["n"] for m in milestones)),
    )
    _anchor_quotes(page.rows)
    labels = dict(AgreementEvent._meta.get_field("action").choices)
    for milestone in milestones:
        milestone["label"] = labels.get(milestone["action"], milestone["action"])
    return render(
        request,
        "engagements/agreement_detail.html",
        {
            "agreement": agreement,
            "parties": agreement.countries.order_by("name"),
            "page": page,
            "milestones": milestones,
        },
    )


@analyst_required
@whole_page
def exercise_detail(request, pk):
    exercise = get_object_or_404(Exercise, pk=pk)
    mentions = (
        _with_evidence(exercise.mentions.select_related("engagement__readout"))
        .defer(*(f"engagement__readout__{f}" for f in selectors.HEAVY_READOUT_FIELDS))
        .prefetch_related(
            Prefetch("engagement__country_links", queryset=selectors.partner_links().queryset, to_attr="partners")
        )
    )
    page = paginate(
        mentions.order_by(F("date").asc(nulls_last=True), "id"),
        request.GET.get("page"),
        filtered=True,
        per_page=HISTORY_PAGE,
        total=lambda: Total(exercise.mentions.count()),  # without the page's joins
    )
    _anchor_quotes(page.rows)
    return render(
        request,
        "engagements/exercise_detail.html",
        {"exercise": exercise, "countries": exercise.countries.order_by("name"), "page": page},
    )


def _anchor_quotes(facts) -> None:
    for fact in facts:
        fact.anchor = span_id(fact.evidence_start, fact.evidence_end) if fact.evidence_text else ""
