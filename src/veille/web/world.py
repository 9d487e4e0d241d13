"""The world map's outlines: Natural Earth 1:110m countries, shipped with veille.

The data is the ``countries-110m.json`` TopoJSON file of the npm package world-atlas
(ISC licence; Natural Earth is public domain), vendored in ``static/vendor/world-atlas/``.
It is decoded here (quantized, delta-encoded arcs) and projected equirectangularly to SVG
paths once per process: the map page needs no tile server, CDN or JavaScript library.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

# The drawn window: latitudes 84°N to 58°S (Antarctica left out), all longitudes.
NORTH, SOUTH = 84.0, -58.0
SCALE = 2.5
"""SVG units per degree: 900 × 355 units, one decimal of precision is 0.04°."""
WIDTH, HEIGHT = 360 * SCALE, (NORTH - SOUTH) * SCALE
ANTARCTICA = "010"


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    """ISO 3166-1 numeric code, as Natural Earth gives it (may be empty)."""
    name: str
    path: str


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection into the map's SVG coordinates."""
    lat = max(SOUTH, min(NORTH, lat))
    return round((lon + 180) * SCALE, 1), round((NORTH - lat) * SCALE, 1)


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> str:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    # A ring that crosses the antimeridian (Russia, Fiji) jumps across the whole map: cut
    # it there, or its fill draws a band around the world.
    parts: list[list[tuple[float, float]]] = [[]]
    for i, (lon, lat) in enumerate(points):
        if i and abs(lon - points[i - 1][0]) > 180:
            parts.append([])
        parts[-1].append(project(lon, lat))
    return "".join("M" + "L".join(f"{x:g},{y:g}" for x, y in part) + "Z"
                   for part in parts if len(part) > 2)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country's outline as an SVG path, in the data's order."""
    raw = resources.files("veille.web").joinpath(
        "static/vendor/world-atlas/countries-110m.json").read_text(encoding="utf-8")
    topology = json.loads(raw)
    arcs = _decode_arcs(topology)
    result = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = str(geometry.get("id") or "")
        if code == ANTARCTICA or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = (geometry["arcs"] if geometry["type"] == "MultiPolygon"
                    else [geometry["arcs"]])
        path = "".join(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        result.append(Country(code=code, name=geometry.get("properties", {}).get("name", ""),
                              path=path))
    return tuple(result)


@lru_cache(maxsize=512)
def numeric_code(alpha2: str | None) -> str | None:
    """ISO 3166-1 numeric code of an alpha-2 code (what the outlines are keyed by)."""
    if not alpha2:
        return None
    import pycountry

    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.numeric if country else None
