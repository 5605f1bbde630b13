"""Inline SVG charts drawn on the server (no JavaScript): an indicator's values over the years."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 360, 180, 40


def line_chart_svg(
    points: Sequence[tuple[int, float]], *, title: str, unit: str = ""
) -> SafeString:
    """A small accessible line chart of (year, value) points: its title (for screen readers;
    the page captions it), a year axis and a
    value axis with its lowest and highest ticks, labelled with the unit (or saying that no
    unit is recorded: the framework's values carry none)."""
    if not points:
        return mark_safe("")  # noqa: S308 -- constant
    years = [p[0] for p in points]
    values = [float(p[1]) for p in points]
    lo, hi = min(0.0, min(values)), max(values) or 1.0
    span_y = (hi - lo) or 1.0
    span_x = (max(years) - min(years)) or 1

    def xy(year: int, value: float) -> tuple[float, float]:
        x = PAD + (year - min(years)) / span_x * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - (value - lo) / span_y * (HEIGHT - 2 * PAD)
        return x, y

    coords = [xy(y, v) for y, v in zip(years, values, strict=True)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(coords))
    dots = "".join(
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3"><title>{yr}: {v:g}</title></circle>'
        for (x, y), yr, v in zip(coords, years, values, strict=True)
    )
    labels = "".join(
        f'<text x="{x:.1f}" y="{HEIGHT - PAD + 14}" text-anchor="middle" font-size="11">{yr}</text>'
        for (x, _y), yr in zip(coords, years, strict=True)
    )
    y_axis = escape(unit) if unit else escape(_("value (no unit recorded)"))
    svg = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
        f'<line x1="{PAD}" y1="{HEIGHT - PAD}" x2="{WIDTH - PAD}" y2="{HEIGHT - PAD}" stroke="#889"/>'
        f'<line x1="{PAD}" y1="{PAD}" x2="{PAD}" y2="{HEIGHT - PAD}" stroke="#889"/>'
        f'<text x="{PAD - 4}" y="{PAD + 4}" text-anchor="end" font-size="10">{hi:g}</text>'
        f'<text x="{PAD - 4}" y="{HEIGHT - PAD}" text-anchor="end" font-size="10">{lo:g}</text>'
        f'<text x="{PAD}" y="{PAD - 8}" font-size="10" class="chart-unit">{y_axis}</text>'
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - 2}" text-anchor="end" font-size="10" '
        f'class="chart-x">{escape(_("year"))}</text>'
        f'<path d="{path}" fill="none" stroke="#1f5fa8" stroke-width="2"/>{dots}{labels}</svg>'
    )
    return mark_safe(svg)  # noqa: S308 -- every interpolated text is escaped or numeric
