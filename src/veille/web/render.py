"""What the pages draw, computed from query results: no SQL, no HTML (templates escape).

- ``annotate``: the article text cut into segments, each knowing which quote, entity
  mention, time expression and event trigger covers it, so the template can colour
  quotes by speaker and mark the rest (all offsets are ``article.text`` offsets);
- ``graph_layout``: positions for the actor network (networkx's spring layout, seeded so
  that a page looks the same on every load);
- ``bar_chart``: bars and axis labels for the timeline;
- ``map_markers``: circles for places, sized by how many articles name them.
"""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass, field
from typing import Any

from veille.web import world

SPEAKER_COLOURS = 8
"""Quote colours cycle through this many classes (``spk-0`` … ``spk-7`` in style.css)."""


@dataclass
class Segment:
    text: str
    quote: int | None = None
    speaker_class: str = ""
    entity: dict[str, Any] | None = None
    timex: str | None = None
    event: str | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def plain(self) -> bool:
        return self.quote is None and not self.entity and self.timex is None and not self.event


def speaker_classes(quotes: list[dict[str, Any]]) -> dict[str | None, str]:
    """A colour class per speaker, in order of first quote; unnamed sources share one."""
    classes: dict[str | None, str] = {None: "spk-none"}
    for quote in quotes:
        speaker = quote.get("speaker")
        if speaker not in classes:
            classes[speaker] = f"spk-{(len(classes) - 1) % SPEAKER_COLOURS}"
    return classes


def _spans(data: dict[str, Any], size: int) -> list[tuple[int, int, str, Any]]:
    spans: list[tuple[int, int, str, Any]] = []
    for i, quote in enumerate(data.get("quotes", [])):
        spans.append((quote["start"], quote["end"], "quote", i))
    for entity in data.get("entities", []):
        for start, end in entity.get("mentions", []):
            spans.append((start, end, "entity", entity))
    for timex in data.get("timexes", []):
        spans.append((timex["start"], timex["end"], "timex", timex))
    for event in data.get("events", []):
        spans.append((event["start"], event["end"], "event", event))
    return [(max(0, s), min(size, e), kind, v) for s, e, kind, v in spans
            if isinstance(s, int) and isinstance(e, int) and 0 <= s < e]


def annotate(data: dict[str, Any]) -> list[Segment]:
    """The article's text as segments carrying the annotations that cover them."""
    text: str = data["article"]["text"]
    spans = _spans(data, len(text))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    segments = [Segment(text[a:b]) for a, b in itertools.pairwise(cuts)]
    colours = speaker_classes(data.get("quotes", []))
    quotes = data.get("quotes", [])
    for start, end, kind, value in spans:
        for seg in segments[bisect.bisect_left(cuts, start):bisect.bisect_left(cuts, end)]:
            if kind == "quote":
                seg.quote = value
                seg.speaker_class = colours.get(quotes[value].get("speaker"), "spk-none")
                speaker = quotes[value].get("speaker") or "unnamed source"
                seg.notes.append(f"quote ({quotes[value].get('kind')}) by {speaker}")
            elif kind == "entity":
                seg.entity = value
                seg.notes.append(f"{value.get('type')}: {value.get('name')}")
            elif kind == "timex":
                seg.timex = value.get("value") or "?"
                seg.notes.append(f"time: {value.get('text')} = {seg.timex}")
            else:
                seg.event = value.get("type")
                seg.notes.append(f"event {value.get('type')}")
    return segments


# -- graph -------------------------------------------------------------------------------

GRAPH_W = 960.0
CELL = 150.0
"""Side of the square given to a 1-actor group; a group of n actors gets CELL·√n (capped at
the drawing's width), so that labels of neighbours rarely overlap."""


def graph_layout(graph: dict[str, Any], *, seed: int = 3) -> tuple[
        dict[str, tuple[float, float]], float]:
    """SVG positions for ``graph``'s nodes (``query.web.actor_graph``'s shape) and the
    drawing's height.

    Each connected group of actors is laid out on its own (networkx's spring layout,
    seeded so the page is the same on every load; a circle for groups of up to four),
    then the groups are packed in rows, biggest first: one layout of everything would
    push unconnected groups to the edges and crush each of them.
    """
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(n["id"] for n in graph["nodes"])
    for edge in graph["edges"]:
        g.add_edge(edge["source"], edge["target"])
    groups = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for group in groups:
        side = min(GRAPH_W, CELL * math.sqrt(len(group)))
        if x + side > GRAPH_W + 0.5:
            x, y, row_h = 0.0, y + row_h, 0.0
        for node, (px, py) in _unit_layout(g.subgraph(group), seed).items():
            margin = 0.18 * side if len(group) > 1 else 0.5 * side
            positions[node] = (round(x + margin + px * (side - 2 * margin), 1),
                               round(y + margin + py * (side - 2 * margin), 1))
        x += side
        row_h = max(row_h, side)
    return positions, max(y + row_h, CELL)


def _unit_layout(g: Any, seed: int) -> dict[str, tuple[float, float]]:
    """Positions in the unit square (0..1) for one connected group."""
    import networkx as nx

    if len(g) == 1:
        return {next(iter(g)): (0.0, 0.0)}
    if len(g) <= 4:
        raw = nx.circular_layout(g)
    else:
        raw = nx.spring_layout(g, seed=seed, k=2.0 / math.sqrt(len(g)), iterations=150)
    xs = [p[0] for p in raw.values()]
    ys = [p[1] for p in raw.values()]
    span = max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0
    return {n: (float((p[0] - min(xs)) / span), float((p[1] - min(ys)) / span))
            for n, p in raw.items()}


def edge_geometry(x1: float, y1: float, x2: float, y2: float, r2: float,
                  bend: float) -> str:
    """A quadratic SVG path from node 1 to the rim of node 2 (radius ``r2``), bent by
    ``bend`` so that edges of several types between one pair stay apart."""
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy) or 1.0
    mx, my = (x1 + x2) / 2 - dy / length * bend, (y1 + y2) / 2 + dx / length * bend
    ex, ey = x2 - (x2 - mx) / (math.hypot(x2 - mx, y2 - my) or 1) * (r2 + 3), \
        y2 - (y2 - my) / (math.hypot(x2 - mx, y2 - my) or 1) * (r2 + 3)
    return f"M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}"


# -- timeline ------------------------------------------------------------------------------

CHART_W, CHART_H, CHART_LEFT, CHART_BOTTOM, CHART_TOP = 900.0, 260.0, 44.0, 46.0, 14.0


def bar_chart(buckets: list[dict[str, Any]]) -> dict[str, Any]:
    """Stacked bars (events below, quotes above) and axis ticks for ``buckets``."""
    if not buckets:
        return {"bars": [], "ticks": [], "labels": [], "width": CHART_W, "height": CHART_H}
    peak = max(b["events"] + b["quotes"] for b in buckets) or 1
    plot_h = CHART_H - CHART_BOTTOM - CHART_TOP
    slot = (CHART_W - CHART_LEFT - 10) / len(buckets)
    bar_w = max(2.0, min(60.0, slot * 0.7))
    bars = []
    for i, b in enumerate(buckets):
        x = CHART_LEFT + i * slot + (slot - bar_w) / 2
        he, hq = b["events"] / peak * plot_h, b["quotes"] / peak * plot_h
        base = CHART_H - CHART_BOTTOM
        bars.append({"x": round(x, 1), "w": round(bar_w, 1), "period": b["period"],
                     "events": b["events"], "quotes": b["quotes"],
                     "ey": round(base - he, 1), "eh": round(he, 1),
                     "qy": round(base - he - hq, 1), "qh": round(hq, 1)})
    every = max(1, math.ceil(len(buckets) / 12))
    labels = [{"x": round(bar["x"] + bar_w / 2, 1), "text": bar["period"]}
              for i, bar in enumerate(bars) if i % every == 0]
    step = max(1, math.ceil(peak / 4))
    ticks = [{"y": round(CHART_H - CHART_BOTTOM - v / peak * plot_h, 1), "value": v}
             for v in range(0, peak + 1, step)]
    return {"bars": bars, "ticks": ticks, "labels": labels, "width": CHART_W,
            "height": CHART_H, "base": CHART_H - CHART_BOTTOM, "left": CHART_LEFT}


# -- map -----------------------------------------------------------------------------------

def map_markers(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One circle per place with coordinates, growing with the log of its articles (1
    article: 5 units, 10: 13, 100: 23, capped at 26) so that one huge count does not hide
    the rest."""
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    markers = []
    for p in sorted(located, key=lambda p: -p["articles"]):  # big first, small on top
        x, y = world.project(p["lon"], p["lat"])
        radius = min(26.0, 2 + 3 * math.log2(1 + p["articles"]))
        markers.append({**p, "x": x, "y": y, "r": round(radius, 1)})
    return markers
