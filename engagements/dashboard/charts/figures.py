"""The overview's and the country profile's other charts: heatmaps, bars, the map."""

from __future__ import annotations

import json
import math
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.db.models import Count
from django.db.models.functions import ExtractYear

from engagements.dashboard.charts.base import (
    ACTION_COLOURS,
    KIND_COLOURS,
    MAP_SCALE,
    NO_ENGAGEMENTS,
    PALETTE,
    SEQUENTIAL,
    TOP_N,
    Chart,
    Scope,
    Table,
    count_axis,
    counted,
    layout,
    plot_text,
    url_pattern,
    year_range,
)
from engagements.dashboard.links import Drill
from engagements.models import (
    AgreementAction,
    AgreementEvent,
    EngagementCountry,
    EngagementTopic,
    Forum,
    Kind,
    Topic,
)


def topic_labels() -> dict[str, str]:
    return dict(Topic.objects.values_list("name", "label"))


def partners_by_year(scope: Scope, drill: Drill, partners: list[dict]) -> Chart:
    top = partners[:TOP_N]
    if scope.rollup:
        cells = scope.rollup.counts("partner", by="year", values=[p["code"] for p in top])
    else:
        rows = (
            scope.facts(EngagementCountry)
            .filter(is_partner=True, date__isnull=False, country_id__in=[p["code"] for p in top])
            .values("country_id", year=ExtractYear("date"))
            .annotate(n=Count("*"))
        )
        cells = {(r["country_id"], r["year"]): r["n"] for r in rows}
    years = sorted({y for _, y in cells})
    if not years:
        return Chart(
            "partners-by-year",
            "Engagements per partner per year",
            "",
            None,
            Table([]),
            empty="No dated engagements with a partner country match these filters.",
        )
    years = list(range(years[0], years[-1] + 1))
    country_url = url_pattern("engagements:country")
    order = list(reversed(top))  # the busiest partner on top
    z, links, table_rows = [], [], []
    for p in order:
        z.append([cells.get((p["code"], y)) for y in years])
        year_url = drill.dated_urls("engagements:engagements", **drill.country(p["code"]))
        links.append([year_url(*year_range(y)) for y in years])
    for p, row_links in zip(reversed(order), reversed(links), strict=True):
        table_rows.append(
            [(p["name"], country_url.format(p["code"]))]
            + [
                (f"{cells[(p['code'], y)]:,}", url) if (p["code"], y) in cells else ("0", None)
                for y, url in zip(years, row_links, strict=True)
            ]
        )
    figure = year_heatmap(years, [plot_text(p["name"]) for p in order], z, links)
    return Chart(
        id="partners-by-year",
        title="Engagements per partner per year",
        description=(
            f"Engagements {_partners_shown(top, partners)}, per year from {years[0]} to {years[-1]}. "
            "Select a cell to list those engagements."
        ),
        figure=figure,
        table=Table(["Partner", *[str(y) for y in years]], table_rows),
        wide=True,
    )


def _partners_shown(top: list[dict], partners: list[dict]) -> str:
    """Which partners a chart shows, in words that match what it draws."""
    if len(top) == 1:
        return f"with {plot_text(top[0]['name'])}"
    if len(top) == len(partners):
        return f"with each of the {len(top)} partners"
    return f"with the {len(top)} most frequent partners"


def agreement_actions(scope: Scope, drill: Drill) -> Chart:
    if scope.rollup:
        cells = scope.rollup.counts("action", by="year")
    else:
        rows = (
            scope.facts(AgreementEvent)
            .filter(date__isnull=False)
            .values("action", year=ExtractYear("date"))
            .annotate(n=Count("*"))
            .order_by("year")
        )
        cells = {(r["action"], r["year"]): r["n"] for r in rows}
    years = sorted({y for _, y in cells})
    actions = dict(AgreementAction.choices)
    action_urls = {a: drill.dated_urls("engagements:agreements", agreement_action=[a]) for a in actions}
    traces = []
    for action, label in actions.items():
        mine = [(y, cells[(action, y)]) for y in years if (action, y) in cells]
        if not mine:
            continue
        traces.append(
            {
                "type": "bar",
                "name": label,
                "x": [str(y) for y, _ in mine],
                "y": [n for _, n in mine],
                "marker": {"color": ACTION_COLOURS[action]},
                "customdata": [action_urls[action](*year_range(y)) for y, _ in mine],
                "hovertemplate": f"{label} in %{{x}}: %{{y}}<extra></extra>",
            }
        )
    table_rows = [
        [(str(y), None)]
        + [
            (
                str(cells.get((a, y), 0)),
                action_urls[a](*year_range(y)) if (a, y) in cells else None,
            )
            for a in actions
        ]
        for y in years
    ]
    return Chart(
        id="agreement-actions",
        title="Agreement actions per year",
        description="Agreements planned, signed, renewed, implemented or mentioned, per year. "
        "Select a bar to list those agreement events.",
        figure={
            "data": traces,
            "layout": layout(
                height=320,
                showlegend=True,
                barmode="stack",
                bargap=0.3,
                legend={"traceorder": "normal"},
                # Every year in order, with or without events: categories otherwise follow
                # the order the traces first mention them.
                xaxis={
                    "type": "category",
                    "categoryorder": "array",
                    "categoryarray": [str(y) for y in range(years[0], years[-1] + 1)] if years else [],
                },
                yaxis=count_axis(max((sum(cells.get((a, y), 0) for a in actions) for y in years), default=0)),
            ),
        }
        if traces
        else None,
        table=Table(["Year", *actions.values()], table_rows),
        empty="No agreements are mentioned in the engagements these filters keep.",
    )


def wrapped_label(label: str, width: int = 26) -> str:
    """An axis label whole, on as many lines as it needs (plotly breaks lines only at <br>)."""
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(plot_text(line) for line in lines) or plot_text(label)


def _bars(
    chart_id: str,
    title: str,
    description: str,
    rows: list[tuple[str, int, str]],
    empty: str,
    colours: list[str] | None = None,
    hovers: list[str] | None = None,
) -> Chart:
    """Horizontal bars, largest on top: rows of (label, count, url); hovers name them in full."""
    order = list(reversed(rows))
    hover_names = list(reversed(hovers)) if hovers else [label for label, _, _ in order]
    labels = [wrapped_label(label) for label, _, _ in order]
    lines = sum(label.count("<br>") + 1 for label in labels)
    figure = {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [n for _, n, _ in order],
                "y": labels,
                "hovertext": [plot_text(name) for name in hover_names],
                "customdata": [url for _, _, url in order],
                "marker": {"color": list(reversed(colours)) if colours else PALETTE[0]},
                "text": [f"{n:,}" for _, n, _ in order],
                "textposition": "outside",
                "cliponaxis": False,
                "hovertemplate": "%{hovertext}: %{x} engagements<extra></extra>",
            }
        ],
        "layout": layout(
            height=max(160, 50 + 26 * len(rows) + 14 * (lines - len(rows))),
            bargap=0.25,
            xaxis={"showticklabels": False, "showgrid": False},
            yaxis={"type": "category"},
        ),
    }
    return Chart(
        id=chart_id,
        title=title,
        description=description,
        figure=figure if rows else None,
        table=Table(["", "Engagements"], [[(label, None), (f"{n:,}", url)] for label, n, url in rows]),
        empty=empty,
    )


def top_topics(scope: Scope, drill: Drill) -> Chart:
    if scope.rollup:
        labels = topic_labels()
        totals = scope.rollup.totals("topic")
        rows = sorted(
            ({"topic__name": name, "topic__label": labels.get(name, name), "n": n} for name, n in totals.items()),
            key=lambda r: (-r["n"], r["topic__label"]),
        )[:TOP_N]
    else:
        rows = (
            scope.facts(EngagementTopic)
            .values("topic__name", "topic__label")
            .annotate(n=Count("*"))
            .order_by("-n", "topic__label")[:TOP_N]
        )
    bars = [
        (r["topic__label"], r["n"], drill.url("engagements:engagements", **drill.topic(r["topic__name"]))) for r in rows
    ]
    return _bars(
        "top-topics",
        "Top topics",
        f"The {counted(len(bars), 'topic')} raised most often. Select a bar to list those engagements."
        if len(bars) > 1
        else "The one topic raised. Select its bar to list those engagements.",
        bars,
        "No topics were recognised in these engagements.",
    )


def top_forums(scope: Scope, drill: Drill) -> Chart:
    if scope.rollup:
        totals = scope.rollup.totals("forum")
        forums = {
            pk: (short, name)
            for pk, short, name in Forum.objects.filter(pk__in=[int(pk) for pk in totals]).values_list(
                "pk", "short_name", "name"
            )
        }
        rows = sorted(
            (
                {"forum__short_name": forums[int(pk)][0], "forum__name": forums[int(pk)][1], "n": n}
                for pk, n in totals.items()
                if int(pk) in forums
            ),
            key=lambda r: (-r["n"], r["forum__short_name"]),
        )[:TOP_N]
    else:
        rows = (
            scope.matching.filter(forum__isnull=False)
            .values("forum__short_name", "forum__name")
            .annotate(n=Count("*"))
            .order_by("-n", "forum__short_name")[:TOP_N]
        )
    bars = [
        (r["forum__short_name"], r["n"], drill.url("engagements:engagements", forum=[r["forum__short_name"]]))
        for r in rows
    ]
    if len(bars) == 1:
        description = "The one forum these engagements were held at or on the sidelines of."
    else:
        description = (
            f"The {counted(len(bars), 'forum')} most engagements were held at or on the sidelines of, "
            "the most frequent first."
        )
    return _bars(
        "top-forums",
        "Top forums",
        description + " Select a bar to list those engagements.",
        bars,
        "None of these engagements was held at a forum.",
        # The hover names a forum in full where its short name is an acronym ("ADMM-Plus").
        hovers=[r["forum__name"] or r["forum__short_name"] for r in rows],
    )


def kinds(scope: Scope, drill: Drill) -> Chart:
    if scope.rollup:
        counts = scope.rollup.totals("kind")
    else:
        counts = dict(scope.matching.values_list("kind").annotate(n=Count("*")).order_by())
    labels = dict(Kind.choices)
    present = [k for k in Kind.values if counts.get(k)]
    bars = [(labels[k], counts[k], drill.url("engagements:engagements", kind=[k])) for k in present]
    return _bars(
        "kinds",
        "Kinds of engagement",
        "Meetings, calls, visits, dialogues, signings and multilateral "
        "meetings, in the timeline's colours. Select a bar to list them.",
        bars,
        "No engagements to count.",
        colours=[KIND_COLOURS[k] for k in present],
    )


@lru_cache(maxsize=1)
def mapped_countries() -> frozenset[str]:
    """ISO codes the 1:110m world map draws (small islands and city states are not in it)."""
    path = finders.find("topojson/world_110m.json")
    if not path:
        return frozenset()
    with open(path, encoding="utf-8") as handle:
        geometries = json.load(handle)["objects"]["countries"]["geometries"]
    return frozenset(g["id"] for g in geometries if g.get("id"))


def _mix(low: str, high: str, share: float) -> str:
    a, b = (tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in (low, high))
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def map_colours(largest: int, steps: int = 8) -> list[list]:
    """MAP_SCALE spread along the square root of the count, as plotly stops over 1..largest.

    With a few countries at hundreds of engagements, a linear scale would draw every country
    met once or twice in the same palest blue; the marks keep the counts themselves.
    """
    if largest <= 1:
        return [[0, MAP_SCALE[0][1]], [1, MAP_SCALE[0][1]]]
    (_, low), (_, mid), (_, high) = MAP_SCALE
    stops = []
    for k in range(steps + 1):
        share = k / steps
        count = (1 + share * (math.sqrt(largest) - 1)) ** 2
        colour = _mix(low, mid, share * 2) if share <= 0.5 else _mix(mid, high, share * 2 - 1)
        stops.append([(count - 1) / (largest - 1), colour])
    stops[-1][0] = 1
    return stops


def world_map(drill: Drill, partners: list[dict]) -> Chart:
    on_map = mapped_countries()
    country_url = url_pattern("engagements:country")
    missing = [p["name"] for p in partners if p["code"] not in on_map]
    largest = max((p["n"] for p in partners), default=1)
    geo = {
        "projection": {"type": "natural earth"},
        "showframe": False,
        "showcoastlines": False,
        "showland": True,
        "landcolor": NO_ENGAGEMENTS,
        "showcountries": True,
        "countrycolor": "#ffffff",
        "bgcolor": "rgba(0,0,0,0)",
        "lataxis": {"range": [-58, 84]},
    }
    if drill.params.getlist("country") or drill.params.getlist("region"):
        # Filtered to some countries: show the part of the world that holds the matches.
        geo["fitbounds"] = "locations"
        del geo["lataxis"]
    figure = {
        "data": [
            {
                "type": "choropleth",
                "locationmode": "ISO-3",
                "locations": [p["code"] for p in partners],
                "z": [p["n"] for p in partners],
                "text": [plot_text(p["name"]) for p in partners],
                "hovertext": [counted(p["n"], "engagement") for p in partners],
                "customdata": [drill.url("engagements:engagements", **drill.country(p["code"])) for p in partners],
                "colorscale": map_colours(largest),
                "zmin": 1,
                "zmax": max(largest, 2),
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
                "hovertemplate": "%{text}: %{hovertext}<extra></extra>",
                "colorbar": {
                    "thickness": 10,
                    "outlinewidth": 0,
                    "len": 0.6,
                    # Whole numbers only: plotly's own ticks (1.5, 2.5) would round to repeats.
                    "tick0": 0,
                    "dtick": max(1, math.ceil(largest / 5)),
                    "tickformat": ",d",
                    "title": {"text": "Engagements", "side": "right", "font": {"size": 12}},
                },
            }
        ],
        "layout": layout(height=430, geo=geo),
    }
    description = (
        "Engagements per partner country, darker for more; grey for none. Select a country to list its engagements."
    )
    if missing:
        description += (
            " Too small to draw at this scale: "
            + ", ".join(missing[:12])
            + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
            + " (in the table)."
        )
    return Chart(
        id="world-map",
        title="Partner countries",
        description=description,
        figure=figure if partners else None,
        table=Table(
            ["Country", "Engagements"],
            [
                [
                    (p["name"], country_url.format(p["code"])),
                    (f"{p['n']:,}", figure["data"][0]["customdata"][i]),
                ]
                for i, p in enumerate(partners)
            ],
        ),
        empty="No partner country was recognised in these engagements.",
        wide=True,
    )


def topics_by_year(scope: Scope, drill: Drill) -> Chart:
    """Topics raised per year (the country profile's 'topics over time')."""
    if scope.rollup:
        labels = topic_labels()
        rows = [
            {"topic__name": name, "topic__label": labels.get(name, name), "year": year, "n": n}
            for (name, year), n in scope.rollup.counts("topic", by="year").items()
        ]
    else:
        rows = (
            scope.facts(EngagementTopic)
            .filter(date__isnull=False)
            .values("topic__name", "topic__label", year=ExtractYear("date"))
            .annotate(n=Count("*"))
        )
    cells, labels, totals = {}, {}, {}
    for r in rows:
        cells[(r["topic__name"], r["year"])] = r["n"]
        labels[r["topic__name"]] = r["topic__label"]
        totals[r["topic__name"]] = totals.get(r["topic__name"], 0) + r["n"]
    if not cells:
        return Chart(
            "topics-by-year",
            "Topics over time",
            "",
            None,
            Table([]),
            empty="No topics were recognised in these engagements.",
        )
    top = sorted(totals, key=lambda t: (-totals[t], labels[t]))[:TOP_N]
    years = sorted({y for _, y in cells})
    years = list(range(years[0], years[-1] + 1))
    order = list(reversed(top))
    links = []
    for t in order:
        topic_url = drill.dated_urls("engagements:engagements", **drill.topic(t))
        links.append([topic_url(*year_range(y)) for y in years])
    figure = year_heatmap(
        years, [plot_text(labels[t]) for t in order], [[cells.get((t, y)) for y in years] for t in order], links
    )
    table_rows = [
        [(labels[t], None)]
        + [
            (str(cells.get((t, y), 0)), links[len(order) - 1 - i][j] if (t, y) in cells else None)
            for j, y in enumerate(years)
        ]
        for i, t in enumerate(top)
    ]
    return Chart(
        id="topics-by-year",
        title="Topics over time",
        description=(
            f"How often each of the {counted(len(top), 'most raised topic')} came up, per year. "
            if len(top) < len(totals)
            else (
                "How often each topic came up, per year. "
                if len(top) > 1
                else "How often the one topic came up, per year. "
            )
        )
        + "Select a cell to list those engagements.",
        figure=figure,
        table=Table(["Topic", *[str(y) for y in years]], table_rows),
    )


def year_heatmap(years: list[int], rows: list[str], z: list[list], links: list[list]) -> dict:
    """Counts of engagements per row (a partner, a topic) and year, each cell linking to the
    engagements it counts; years along the top."""
    return {
        "data": [
            {
                "type": "heatmap",
                "x": [str(y) for y in years],
                "y": rows,
                "z": z,
                "customdata": links,
                "colorscale": SEQUENTIAL,
                "zmin": 0,
                "xgap": 2,
                "ygap": 2,
                "hoverongaps": False,
                "texttemplate": "%{z}",
                "hovertemplate": "%{y}, %{x}: %{z} engagements<extra></extra>",
                "showscale": False,
            }
        ],
        "layout": layout(
            height=max(120, 70 + 26 * len(rows)),
            xaxis={"type": "category", "side": "top", "showgrid": False},
            yaxis={"showgrid": False},
        ),
    }
