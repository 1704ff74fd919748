"""Report section "stances": the stance network, the escalation plot and the ladder steps.

Both pictures are inline SVG drawn with matplotlib (the ``plots`` extra), so the report stays
one self-contained file; without matplotlib the section still lists every edge and step.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import math
from typing import Any

from rashomon.analyze.escalation import LADDER, EscalationSeries, daily_range, escalation_series
from rashomon.analyze.parties import PartyResolver
from rashomon.analyze.stances import StanceGraph, stance_graph
from rashomon.report.sections import section
from rashomon.store import Store

__all__ = ["collect_stances", "draw_escalation", "draw_network", "svg_data_uri"]

SUPPORT_COLOUR = "#2e7d32"
OPPOSE_COLOUR = "#c62828"
# The plot shows the pairs with the most events; the table below it lists them all.
MAX_PLOTTED_PAIRS = 6


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")
        matplotlib.rcParams["svg.fonttype"] = "none"
        matplotlib.rcParams["svg.hashsalt"] = "rashomon"
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def _svg(fig: Any) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    text = buf.getvalue()
    return text[text.find("<svg") :]


def svg_data_uri(svg: str) -> str:
    """Return ``svg`` as a ``data:`` URI (for Markdown images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _circle(keys: list[str]) -> dict[str, tuple[float, float]]:
    n = max(len(keys), 1)
    return {k: (math.cos(2 * math.pi * i / n), math.sin(2 * math.pi * i / n)) for i, k in enumerate(keys)}


def _layout(graph: StanceGraph) -> dict[str, tuple[float, float]]:
    """Lay out each connected group of parties on its own, groups side by side (largest first)."""
    keys = sorted(graph.nodes)
    try:
        import networkx as nx
    except ImportError:
        return _circle(keys)
    g = nx.Graph()
    g.add_nodes_from(keys)
    g.add_edges_from((e.source, e.target) for e in graph.edges)
    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c))
    pos: dict[str, tuple[float, float]] = {}
    x = 0.0
    for group in groups:
        if len(group) == 1:
            local = {group[0]: (0.0, 0.0)}
        else:
            raw = nx.kamada_kawai_layout(g.subgraph(group))
            local = {k: (float(v[0]), float(v[1])) for k, v in raw.items()}
        width = 1.0 + 1.2 * math.sqrt(len(group))
        for k, (px, py) in local.items():
            pos[k] = (x + px * width / 2, py * width / 2)
        x += width + 0.8
    return pos


def draw_network(graph: StanceGraph) -> str | None:
    """Draw the stance network as SVG (green: support, red: oppose; width by count), or ``None``."""
    plt = _pyplot()
    if plt is None or not graph.edges:
        return None
    pos = _layout(graph)
    xs = [p[0] for p in pos.values()]
    fig, ax = plt.subplots(figsize=(min(14.0, 5 + 1.2 * (max(xs) - min(xs))), 6))
    for edge in graph.edges:
        (x0, y0), (x1, y1) = pos[edge.source], pos[edge.target]
        colour = SUPPORT_COLOUR if edge.polarity == "support" else OPPOSE_COLOUR
        ax.annotate(
            "",
            xy=(x1, y1),
            xytext=(x0, y0),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": 0.8 + 1.2 * math.log1p(edge.count),
                "alpha": 0.75,
                "shrinkA": 14,
                "shrinkB": 14,
                "connectionstyle": "arc3,rad=0.12",
            },
        )
    for key, name in graph.nodes.items():
        x, y = pos[key]
        ax.scatter([x], [y], s=140, color="#1d2330", zorder=3)
        ax.annotate(
            name,
            (x, y),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=8,
            zorder=4,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    ax.plot([], [], color=SUPPORT_COLOUR, label="supports")
    ax.plot([], [], color=OPPOSE_COLOUR, label="opposes")
    ax.legend(loc="lower right", frameon=False, fontsize=8)
    ax.set_axis_off()
    ax.margins(0.15)
    svg = _svg(fig)
    plt.close(fig)
    return svg


def draw_escalation(series: list[EscalationSeries]) -> str | None:
    """Plot each pair's daily intensity (negative = conflict), marking each climb up the ladder."""
    plt = _pyplot()
    shown = [s for s in series if s.points][:MAX_PLOTTED_PAIRS]
    if plt is None or not shown:
        return None
    fig, ax = plt.subplots(figsize=(10, 4.2))
    for s in shown:
        # A day without events is a zero, so that the line shows the crisis's rhythm.
        values_by_day = {p.date: p.intensity for p in s.points}
        span = daily_range(s)
        days = [dt.date.fromisoformat(d) for d in span]
        values = [values_by_day.get(d, 0.0) for d in span]
        (line,) = ax.plot(days, values, linewidth=1.1, label=s.label)
        ax.scatter(
            [dt.date.fromisoformat(p.date) for p in s.points],
            [p.intensity for p in s.points],
            s=10,
            color=line.get_color(),
        )
        for step in s.steps:
            day = dt.date.fromisoformat(step.date)
            value = next(p.intensity for p in s.points if p.date == step.date)
            ax.scatter([day], [value], s=60, marker="^", color=line.get_color(), zorder=3)
            ax.annotate(
                LADDER[step.to_rung], (day, value), xytext=(3, -12), textcoords="offset points", fontsize=7
            )
    ax.axhline(0, color="#999", linewidth=0.6)
    ax.set_ylabel("conflict (−) … cooperation (+)")
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    fig.autofmt_xdate()
    svg = _svg(fig)
    plt.close(fig)
    return svg


@section("stances", "Stances and escalation", 70)
def collect_stances(store: Store, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """The stance graph and picture, the escalation series and plot, and the ladder steps."""
    stances = list(store.records("stance"))
    events = list(store.records("event"))
    if not stances and not events:
        return None
    graph = stance_graph(stances)
    resolver = PartyResolver(store.records("entity"), store.records("actor"))
    series = escalation_series(events, resolver, ctx["by_id"], list(store.records("event_cluster")))
    network = draw_network(graph)
    plot = draw_escalation(series)
    return {
        "graph": graph,
        "network_svg": network,
        "network_uri": svg_data_uri(network) if network else None,
        "series": series,
        "plot_svg": plot,
        "plot_uri": svg_data_uri(plot) if plot else None,
        "ladder": " → ".join(LADDER[1:]),
        "events": {e.id: e for e in events},
    }
