"""The territories of a run drawn as inline SVG on the server from the uploaded GeoJSON, for
pages without JavaScript (the interactive map is Leaflet's, ``static/risk/map.js``).

The projection is the library report's (``riskmodel.report.svg_map``): equirectangular, the
longitude scaled by the cosine of the mean latitude. Each territory is a link to its page,
coloured by its level through the classes ``risk-low``, ``risk-medium``, ``risk-high``.
"""

from __future__ import annotations

import math
from html import escape

from django.utils.safestring import SafeString, mark_safe


def _rings(geometry: dict | None) -> list:
    if not geometry:
        return []
    coords = geometry.get("coordinates") or []
    if geometry.get("type") == "Polygon":
        return list(coords)
    if geometry.get("type") == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def territory_map_svg(
    features: list[dict], entries: dict[str, tuple[str, str, str]], *, width: int = 720
) -> SafeString:
    """``features`` carry their territory code in ``properties["territory"]``; ``entries``
    maps a code to (level, title, url)."""
    pts = [p for f in features for r in _rings(f.get("geometry")) for p in r]
    if not pts:
        return mark_safe("")  # noqa: S308 - empty
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    x0, x1 = min(lons) * kx, max(lons) * kx
    y0, y1 = min(lats), max(lats)
    scale = width / max(x1 - x0, 1e-9)
    height = max(1, round((y1 - y0) * scale))
    out = []
    for f in features:
        code = str((f.get("properties") or {}).get("territory") or "")
        d = []
        for ring in _rings(f.get("geometry")):
            seq = [f"{(p[0] * kx - x0) * scale:.1f},{(y1 - p[1]) * scale:.1f}" for p in ring]
            if seq:
                d.append("M" + " L".join(seq) + " Z")
        if not d:
            continue
        level, title, url = entries.get(code, ("", code, ""))
        path = f'<path d="{" ".join(d)}" class="risk-{escape(level or "none")}"><title>{escape(title)}</title></path>'
        out.append(f'<a href="{escape(url)}">{path}</a>' if url else path)
    return mark_safe(  # noqa: S308 - every value above is escaped
        f'<svg class="risk-map" viewBox="0 0 {width} {height}" role="img">{"".join(out)}</svg>'
    )
