"""The charts of relationships: one pair's engagements by year and kind, and the network of
defence ties (countries as nodes, engagements between two of them as edges)."""

from __future__ import annotations

import math

from engagements.dashboard.charts.base import (
    KIND_COLOURS,
    PALETTE,
    Chart,
    Table,
    count_axis,
    counted,
    layout,
    plot_text,
    url_pattern,
    year_range,
)
from engagements.models import Kind

NETWORK_EDGES = 60  # the heaviest ties drawn; the table lists the same ones
# A node holding this share of the drawn ties' weight (one publisher's relationships) sits at
# the centre; the others stand on a circle around it, grouped by region.
HUB_SHARE = 0.4
NAMED_NODES = 24  # countries labelled by name; more, and codes keep their labels apart


def kinds_by_year(counts: dict[tuple[str, int | None], int], year_urls) -> Chart:
    """A relationship's engagements per year, stacked by kind. ``year_urls(kind)`` gives a
    function (start, end) -> URL of the list of those engagements."""
    years = sorted({y for _k, y in counts if y is not None})
    labels = dict(Kind.choices)
    kinds = [k for k in Kind.values if any(counts.get((k, y)) for y in years)]
    if not years:
        return Chart(
            "pair-kinds",
            "Engagements per year",
            "",
            None,
            Table([]),
            empty="No dated engagements between them match these filters.",
        )
    years = list(range(years[0], years[-1] + 1))
    urls = {k: year_urls(k) for k in kinds}
    traces = []
    for kind in kinds:
        mine = [(y, counts[(kind, y)]) for y in years if counts.get((kind, y))]
        traces.append(
            {
                "type": "bar",
                "name": labels[kind],
                "x": [str(y) for y, _ in mine],
                "y": [n for _, n in mine],
                "marker": {"color": KIND_COLOURS[kind]},
                "customdata": [urls[kind](*year_range(y)) for y, _ in mine],
                "hovertemplate": f"{labels[kind]}s in %{{x}}: %{{y}}<extra></extra>",
            }
        )
    rows = [
        [(str(y), None)]
        + [(f"{counts.get((k, y), 0):,}", urls[k](*year_range(y)) if counts.get((k, y)) else None) for k in kinds]
        for y in years
    ]
    largest = max(sum(counts.get((k, y), 0) for k in kinds) for y in years)
    return Chart(
        id="pair-kinds",
        title="Engagements per year",
        description="Meetings, calls, visits, dialogues and signings between them, per year, "
        "in the timeline's colours. Select a bar to list those engagements.",
        figure={
            "data": traces,
            "layout": layout(
                height=300,
                showlegend=True,
                barmode="stack",
                bargap=0.25,
                legend={"traceorder": "normal"},
                xaxis={"type": "category", "categoryorder": "array", "categoryarray": [str(y) for y in years]},
                yaxis=count_axis(largest),
            ),
        },
        table=Table(["Year", *[labels[k] for k in kinds]], rows),
        wide=True,
    )


def network(pairs: list[dict], regions: dict[str, str], description: str) -> Chart:
    """The heaviest ties as a graph. ``pairs``: [{a, b, a_name, b_name, n, url}], most first
    (``relations.busiest_pairs``); each edge's ``url`` lists exactly the engagements it counts.

    Plotly draws no clickable line segments, so each edge carries a marker at its middle that
    holds its link and its hover; the lines are drawn beneath, thicker for more engagements.
    """
    top = pairs[:NETWORK_EDGES]
    table = Table(
        ["Countries", "Engagements"],
        [[(f"{p['a_name']} and {p['b_name']}", p["url"]), (f"{p['n']:,}", p["url"])] for p in top],
    )
    if not top:
        return Chart(
            "network",
            "Network of defence ties",
            "",
            None,
            table,
            empty="No engagement between two countries matches these filters.",
        )
    names, degree = {}, {}
    for p in top:
        for code, name in ((p["a"], p["a_name"]), (p["b"], p["b_name"])):
            names[code] = name
            degree[code] = degree.get(code, 0) + p["n"]
    total = sum(p["n"] for p in top)
    hub = max(degree, key=lambda c: (degree[c], c))
    centred = degree[hub] >= HUB_SHARE * total and len(names) > 2
    ring = sorted((c for c in names if not (centred and c == hub)), key=lambda c: (regions.get(c, "~"), names[c]))
    position = {}
    for i, code in enumerate(ring):
        angle = math.pi / 2 - 2 * math.pi * i / len(ring)
        position[code] = (round(math.cos(angle), 4), round(math.sin(angle), 4))
    if centred:
        position[hub] = (0.0, 0.0)

    largest = top[0]["n"]

    def width(n: int) -> float:
        return round(1 + 7 * math.sqrt(n / largest), 1)

    traces = []
    # One line trace per width step: a trace has one width, and sixty traces slow plotly down.
    steps: dict[float, dict] = {}
    for p in top:
        step = round(width(p["n"]))
        trace = steps.setdefault(step, {"x": [], "y": []})
        (x0, y0), (x1, y1) = position[p["a"]], position[p["b"]]
        trace["x"] += [x0, x1, None]
        trace["y"] += [y0, y1, None]
    for step, xy in sorted(steps.items()):
        traces.append(
            {
                "type": "scatter",
                "mode": "lines",
                **xy,
                "line": {"color": "rgba(0, 114, 178, 0.45)", "width": step},
                "hoverinfo": "skip",
            }
        )
    traces.append(
        {
            "type": "scatter",
            "mode": "markers",
            "name": "ties",
            "x": [round((position[p["a"]][0] + position[p["b"]][0]) / 2, 4) for p in top],
            "y": [round((position[p["a"]][1] + position[p["b"]][1]) / 2, 4) for p in top],
            "marker": {"size": [6 + width(p["n"]) for p in top], "color": PALETTE[0], "opacity": 0.85},
            "hovertext": [
                f"{plot_text(p['a_name'])} and {plot_text(p['b_name'])}: {counted(p['n'], 'engagement')}" for p in top
            ],
            "customdata": [p["url"] for p in top],
            "hovertemplate": "%{hovertext}<extra></extra>",
        }
    )
    country_url = url_pattern("engagements:country")
    codes = list(names)
    biggest = max(degree.values())
    traces.append(
        {
            "type": "scatter",
            "mode": "markers+text",
            "name": "countries",
            "x": [position[c][0] for c in codes],
            "y": [position[c][1] for c in codes],
            # Names while they fit around the ring; codes beyond (the hover names each).
            "text": [plot_text(names[c] if len(codes) <= NAMED_NODES else c) for c in codes],
            "textposition": [_label_side(*position[c]) for c in codes],
            "textfont": {"size": 12},
            "marker": {
                "size": [10 + 18 * math.sqrt(degree[c] / biggest) for c in codes],
                "color": "#ffffff",
                "line": {"color": PALETTE[0], "width": 2},
            },
            "hovertext": [f"{plot_text(names[c])}: {counted(degree[c], 'engagement')} in these ties" for c in codes],
            "customdata": [country_url.format(c) for c in codes],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "cliponaxis": False,
        }
    )
    # An ellipse as wide as the chart: the labels at the sides have the room they need.
    hidden = {"visible": False, "fixedrange": True}
    figure = {
        "data": traces,
        "layout": layout(
            height=620,
            xaxis={**hidden, "range": [-1.35, 1.35]},
            yaxis={**hidden, "range": [-1.15, 1.15]},
            margin={"l": 8, "r": 8, "b": 8},
        ),
    }
    return Chart(
        id="network",
        title="Network of defence ties",
        description=description,
        figure=figure,
        table=table,
        wide=True,
    )


def _label_side(x: float, y: float) -> str:
    if x > 0.2:
        return "middle right"
    if x < -0.2:
        return "middle left"
    if x == 0 and y == 0:
        return "bottom center"
    return "top center" if y > 0 else "bottom center"
