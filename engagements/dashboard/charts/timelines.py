"""The timeline: single engagements when few, monthly counts when many."""

from __future__ import annotations

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Case, CharField, Count, F, OuterRef, Subquery, Value, When
from django.db.models.functions import TruncMonth

from engagements.dashboard.charts.base import (
    KIND_COLOURS,
    MUTED,
    OTHER,
    PALETTE,
    TOP_N,
    Chart,
    Scope,
    Table,
    count_axis,
    counted,
    layout,
    month_end,
    plot_text,
    url_pattern,
    year_range,
)
from engagements.dashboard.charts.counts import partner_counts
from engagements.dashboard.links import Drill
from engagements.dashboard.selectors import participants_summary
from engagements.models import EngagementCountry, Kind

# Engagements drawn one by one up to here (each point has its hover of participants: ~0.1 ms
# of SQL and Python a point); beyond, monthly counts.
POINTS_LIMIT = 500
MAX_POINTS = 1500  # (engagement, partner) marks at most, whatever the engagements
TIMELINE_GROUPS = 8  # partners coloured on the timeline; the rest are "Other partners"
NO_PARTNER, OTHER_PARTNERS = "Partner not identified", "Other partners"


def timeline(
    scope: Scope, drill: Drill, *, count: int, partners: list[dict] | None = None, color_by: str = "kind"
) -> Chart:
    """Engagements over time: one point each when few, monthly counts when many.

    ``partners`` (partner_counts) is computed here when the page has not already and the
    chart needs it: monthly counts by kind do not, and at scale that aggregate is the costly one.
    """
    if partners is None and (color_by != "kind" or 0 < count <= POINTS_LIMIT):
        partners = partner_counts(scope)
    if 0 < count <= POINTS_LIMIT:
        chart = _timeline_points(scope, partners, color_by)
        if chart is not None:
            return chart
    return _timeline_monthly(scope, drill, partners, color_by)


def _timeline_points(scope: Scope, partners: list[dict], color_by: str) -> Chart | None:
    partner_codes = Subquery(
        EngagementCountry.objects.filter(engagement=OuterRef("pk"), is_partner=True)
        .order_by()
        .values("engagement")
        .annotate(codes=ArrayAgg("country_id", order_by="country_id"))
        .values("codes")
    )
    rows = list(
        scope.matching.filter(date__isnull=False)
        .annotate(title=F("readout__title"), people=participants_summary(), codes=partner_codes)
        .values("id", "date", "kind", "title", "people", "codes")
        .order_by("date", "id")[:POINTS_LIMIT]
    )
    engagement_url = url_pattern("engagements:engagement")
    names = {p["code"]: p["name"] for p in partners}
    ranked = [p["code"] for p in partners]
    shown = ranked[:TOP_N]
    coloured = ranked[:TIMELINE_GROUPS]
    kinds = dict(Kind.choices)

    marks = []  # (engagement row, row label, colour group)
    for row in rows:
        labels = {}
        for code in row["codes"] or []:
            label = names.get(code, code) if code in shown else OTHER_PARTNERS
            group = code if code in coloured else OTHER_PARTNERS
            labels.setdefault(label, group)
        for label, group in (labels or {NO_PARTNER: NO_PARTNER}).items():
            marks.append((row, label, row["kind"] if color_by == "kind" else group))
    if len(marks) > MAX_POINTS:
        return None

    if color_by == "kind":
        groups = [(k, kinds[k], KIND_COLOURS[k]) for k in Kind.values]
    else:
        groups = [(c, names.get(c, c), PALETTE[i]) for i, c in enumerate(coloured)]
        groups += [(OTHER_PARTNERS, OTHER_PARTNERS, OTHER), (NO_PARTNER, NO_PARTNER, "#c4cbd2")]
    traces, table_rows = [], []
    for key, label, colour in groups:
        mine = [m for m in marks if m[2] == key]
        if not mine:
            continue
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": plot_text(label),
                "x": [m[0]["date"].isoformat() for m in mine],
                "y": [plot_text(m[1]) for m in mine],
                "text": [_hover(m[0], m[1], kinds) for m in mine],
                "customdata": [engagement_url.format(m[0]["id"]) for m in mine],
                "hovertemplate": "%{text}<extra></extra>",
                "marker": {
                    "color": colour,
                    "size": 10,
                    "opacity": 0.9,
                    "line": {"color": "#ffffff", "width": 1},
                },
            }
        )
    for row in rows:
        table_rows.append(
            [
                (row["date"].strftime("%d %b %Y"), None),
                (row["title"] or f"Engagement {row['id']}", engagement_url.format(row["id"])),
                (kinds.get(row["kind"], row["kind"]), None),
                (", ".join(names.get(c, c) for c in row["codes"] or []) or "—", None),
            ]
        )
    categories = [NO_PARTNER, OTHER_PARTNERS, *reversed([names[c] for c in shown])]
    used = {m[1] for m in marks}
    categories = [c for c in categories if c in used]
    figure = {
        "data": traces,
        "layout": layout(
            height=max(170, min(620, 90 + 30 * len(categories))),
            showlegend=True,
            xaxis={"type": "date", "fixedrange": False},
            yaxis={
                "type": "category",
                "categoryorder": "array",
                "categoryarray": [plot_text(c) for c in categories],
            },
        ),
    }
    count = len({m[0]["id"] for m in marks})
    return Chart(
        id="timeline",
        title="Timeline of engagements",
        description=(
            f"{counted(count, 'engagement')} by date, one row per partner country, coloured by "
            f"{'kind of engagement' if color_by == 'kind' else 'partner country'}. "
            "Select a point to open the engagement; the table lists them all."
        ),
        figure=figure if traces else None,
        table=Table(["Date", "Engagement", "Kind", "Partners"], table_rows, text_columns=4),
        empty="No dated engagements match these filters.",
    )


def _hover(row: dict, partner: str, kinds: dict) -> str:
    people = row["people"] or "Participants not identified"
    if len(people) > 240:
        people = people[:240] + "…"
    return "<br>".join(
        [
            f"<b>{plot_text(row['title'] or 'Engagement')}</b>",
            " · ".join(
                [
                    row["date"].strftime("%d %b %Y"),
                    plot_text(kinds.get(row["kind"], row["kind"])),
                    plot_text(partner),
                ]
            ),
            plot_text(people),
        ]
    )


# Past this many months the timeline's data table sums them by year.
TABLE_MONTHS = 36


def _timeline_monthly(scope: Scope, drill: Drill, partners: list[dict], color_by: str) -> Chart:
    kinds = dict(Kind.choices)
    if color_by == "kind":
        if scope.rollup:
            rows = _rollup_rows(scope.rollup.counts("kind", by="month"))
        else:
            rows = (
                scope.matching.filter(date__isnull=False)
                .values(month=TruncMonth("date"), group=F("kind"))
                .annotate(n=Count("*"))
                .order_by("month")
            )
        groups = [(k, kinds[k], KIND_COLOURS[k]) for k in Kind.values]
    else:
        coloured = [p["code"] for p in partners[:TIMELINE_GROUPS]]
        if scope.rollup:
            # Summed, not distinct: an engagement with two "other" partners counts for each,
            # as the chart's description says of every partner line.
            rows = _rollup_rows(
                scope.rollup.counts("partner", by="month"),
                group=lambda code: code if code in coloured else OTHER_PARTNERS,
            )
        else:
            rows = (
                scope.facts(EngagementCountry)
                .filter(is_partner=True, date__isnull=False)
                .values(
                    month=TruncMonth("date"),
                    group=Case(
                        When(country_id__in=coloured, then=F("country_id")),
                        default=Value(OTHER_PARTNERS),
                        output_field=CharField(),
                    ),
                )
                .annotate(n=Count("engagement_id", distinct=True))
                .order_by("month")
            )
        names = {p["code"]: p["name"] for p in partners}
        groups = [(c, names[c], PALETTE[i]) for i, c in enumerate(coloured)]
        groups.append((OTHER_PARTNERS, OTHER_PARTNERS, OTHER))
    series: dict[str, list] = {}
    for row in rows:
        series.setdefault(row["group"], []).append((row["month"], row["n"]))

    traces, cells = [], []
    for key, label, colour in groups:
        points = series.get(key)
        if not points:
            continue
        changes = {}
        if key in Kind.values:
            changes["kind"] = [key]
        elif key != OTHER_PARTNERS:
            changes.update(drill.country(key))
        month_url = drill.dated_urls("engagements:engagements", **changes)
        urls = [month_url(month, month_end(month)) for month, _n in points]
        trace = {
            "name": plot_text(label),
            "x": [m.isoformat() for m, _ in points],
            "y": [n for _, n in points],
            "customdata": urls,
            "hovertemplate": f"{plot_text(label)}<br>%{{x|%b %Y}}: %{{y}} engagements<extra></extra>",
        }
        if color_by == "kind":
            trace.update(type="bar", marker={"color": colour})
        else:
            trace.update(
                type="scatter",
                mode="lines+markers",
                line={"color": colour, "width": 2},
                marker={"color": colour, "size": 5},
            )
        traces.append(trace)
        cells.append((label, points, urls, month_url))
    months = {m for _label, points, _urls, _url in cells for m, _n in points}
    if len(months) <= TABLE_MONTHS:
        rows = [
            (m, label, n, url) for label, points, urls, _ in cells for (m, n), url in zip(points, urls, strict=True)
        ]
        table_rows = [
            [(m.strftime("%b %Y"), None), (label, None), (f"{n:,}", url)] for m, label, n, url in sorted(rows)
        ]
        table_columns = ["Month", "Group", "Engagements"]
    else:
        # Years of months: a table of thousands of rows serves no reader, and costs the page.
        yearly: dict[tuple, int] = {}
        for label, points, _urls, _month_url in cells:
            for m, n in points:
                yearly[(m.year, label)] = yearly.get((m.year, label), 0) + n
        urls_of = {label: month_url for label, _points, _urls, month_url in cells}
        table_rows = [
            [(str(year), None), (label, None), (f"{n:,}", urls_of[label](*year_range(year)))]
            for (year, label), n in sorted(yearly.items())
        ]
        table_columns = ["Year", "Group", "Engagements (months summed)"]
    figure = {
        "data": traces,
        "layout": layout(
            height=340,
            showlegend=True,
            legend={"traceorder": "normal"},
            barmode="stack",
            bargap=0.15,
            xaxis={"type": "date", "fixedrange": False},
            yaxis={
                "title": {"text": "Engagements per month", "font": {"size": 12, "color": MUTED}},
                **count_axis(_tallest(cells, stacked=color_by == "kind")),
            },
        ),
    }
    by = (
        "kind of engagement (stacked)"
        if color_by == "kind"
        else "partner country (an engagement with two partners counts for each)"
    )
    return Chart(
        id="timeline",
        title="Engagements per month",
        description=f"Engagements per month by {by}. Select a bar or point to list those engagements.",
        figure=figure if traces else None,
        table=Table(table_columns, table_rows, text_columns=2),
        empty="No dated engagements match these filters.",
    )


def _tallest(cells: list[tuple], stacked: bool) -> int:
    """The largest count the chart draws: a month's stack of bars, or one line's point."""
    per_month: dict = {}
    for _label, points, _urls, _url in cells:
        for month, n in points:
            per_month[month] = per_month.get(month, 0) + n if stacked else max(per_month.get(month, 0), n)
    return max(per_month.values(), default=0)


def _rollup_rows(counts: dict[tuple, int], group=lambda value: value) -> list[dict]:
    """Rollup counts {(value, month): n} as the rows the queries above return, by month."""
    merged: dict[tuple, int] = {}
    for (value, month), n in counts.items():
        key = (month, group(value))
        merged[key] = merged.get(key, 0) + n
    return [{"month": month, "group": name, "n": n} for (month, name), n in sorted(merged.items())]
