"""World maps drawn on the server as inline SVG: no JavaScript, nothing from the internet.

Boundaries are Natural Earth 1:110m (public domain) in the TopoJSON of the npm package
``world-atlas`` 2.0.2 (ISC licence), vendored in ``core/data/world-atlas-2.0.2/``; its feature
ids are ISO 3166-1 numeric codes, which are the M49 codes of ``core.Country``. The projection
is Equal Earth (Šavrič, Patterson and Jenny, 2018), an equal-area projection, so no region
looks larger than it is.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TOPOJSON = Path(__file__).resolve().parent / "data" / "world-atlas-2.0.2" / "countries-110m.json"

_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth projection of degrees to unit-sphere plane coordinates (y grows north)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, y


@dataclass(frozen=True)
class CountryShape:
    m49: str
    name: str
    path: str  # SVG path data in the map's coordinates


WIDTH, HEIGHT = 960.0, 470.0
_XMAX, _YMAX = equal_earth(180, 0)[0], equal_earth(0, 90)[1]


def _to_svg(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return (x / _XMAX + 1) * WIDTH / 2, (1 - y / _YMAX) * HEIGHT / 2


@lru_cache(maxsize=1)
def country_shapes() -> tuple[CountryShape, ...]:
    """Decode the TopoJSON once: delta-decoded, de-quantised arcs, projected to SVG paths."""
    topo = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append(_to_svg(x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> str:
        points: list[tuple[float, float]] = []
        for i in indexes:
            seq = arcs[i] if i >= 0 else arcs[~i][::-1]
            points.extend(seq if not points else seq[1:])
        # A ring that crosses the antimeridian (Fiji, Chukotka) is drawn as separate pieces
        # instead of a line across the whole map.
        out = [f"M{points[0][0]:.1f},{points[0][1]:.1f}"]
        for (x0, _y0), (x, y) in zip(points, points[1:], strict=False):
            out.append(("M" if abs(x - x0) > WIDTH / 2 else "L") + f"{x:.1f},{y:.1f}")
        return "".join(out) + "Z"

    shapes = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        if "id" not in geometry or "arcs" not in geometry:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        path = "".join(ring(r) for polygon in polygons for r in polygon)
        shapes.append(
            CountryShape(
                m49=str(geometry["id"]).zfill(3), name=geometry["properties"]["name"], path=path
            )
        )
    return tuple(shapes)


@dataclass(frozen=True)
class MapEntry:
    """What the map shows for one country: a CSS class (its category), a label, a link."""

    css_class: str
    label: str
    url: str = ""


def world_map_svg(
    entries: dict[str, MapEntry], *, title: str, legend: list[tuple[str, str]]
) -> SafeString:
    """An accessible SVG world map. ``entries`` maps M49 codes to what to show.

    ``legend`` is a list of (css class, label). Countries without an entry are drawn plain.
    Each coloured country has a ``<title>`` (shown on hover) and, if given, a link.
    """
    parts = [
        f'<svg class="world-map" viewBox="0 0 {WIDTH:.0f} {HEIGHT:.0f}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for shape in country_shapes():
        entry = entries.get(shape.m49)
        if entry is None:
            parts.append(f'<path class="land" d="{shape.path}"/>')
            continue
        path = (
            f'<path class="land {escape(entry.css_class)}" d="{shape.path}" data-m49="{shape.m49}">'
            f"<title>{escape(entry.label)}</title></path>"
        )
        parts.append(f'<a href="{escape(entry.url)}">{path}</a>' if entry.url else path)
    parts.append("</svg>")
    legend_html = "".join(
        f'<li><span class="swatch {escape(css)}"></span>{escape(label)}</li>'
        for css, label in legend
    )
    disclaimer = _(
        "The boundaries and names shown and the designations used on this map do not imply "
        "official endorsement or acceptance by the United Nations or Alliance 8.7. "
        "Boundaries: Natural Earth."
    )
    return mark_safe(  # noqa: S308 - every interpolated value above is escaped
        '<figure class="map">'
        + "".join(parts)
        + f'<ul class="legend">{legend_html}</ul>'
        + f'<figcaption class="disclaimer">{escape(disclaimer)}</figcaption></figure>'
    )
