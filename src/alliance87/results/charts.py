"""A bar chart drawn on the server as inline SVG: a title, the unit on the vertical axis,
years on the horizontal axis, a label on every bar. No JavaScript; the page puts the table of
the same figures beside it."""

from __future__ import annotations

import math
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from alliance87.core.words import colon

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 40, 48


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(value: float) -> str:
    """The number as the page's language writes it (1 234,5 in Spanish)."""
    places = 0 if float(value).is_integer() else 2
    # Rounded first: number_format alone cuts the digits off (2.999 would read "2,99").
    return number_format(round(float(value), places), places, use_l10n=True, force_grouping=True)


def bar_chart(
    points: list[tuple[str, Decimal | int | float]], *, title: str, unit: str, x_label: str
) -> SafeString:
    """``points`` are (label on the horizontal axis, value) pairs, in order."""
    values = [float(v) for _, v in points]
    top = _nice_max(max(values, default=0))
    ticks = 4
    if all(v.is_integer() for v in values):  # counts: whole ticks (0 1 2 3 4 5, never 1,25)
        ticks = next((n for n in (4, 5, 2, 1) if (top / n).is_integer()), 4)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    band = plot_w / max(len(points), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="chart-title">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<text x="{WIDTH / 2}" y="20" text-anchor="middle" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(ticks + 1):  # horizontal grid and ticks of the vertical axis
        v = top * i / ticks
        y = TOP + plot_h - plot_h * i / ticks
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc"/>'
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11">{_fmt(v)}</text>'
        )
    for i, ((label, _), v) in enumerate(zip(points, values, strict=True)):
        h = plot_h * v / top
        x = LEFT + i * band + band * 0.2
        y = TOP + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{band * 0.6:.1f}" height="{h:.1f}" fill="#1f5f99">'
            f"<title>{escape(label)}{colon()} {_fmt(v)}</title></rect>"
            f'<text x="{x + band * 0.3:.1f}" y="{y - 4:.1f}" text-anchor="middle" font-size="11">'
            f"{_fmt(v)}</text>"
            f'<text x="{x + band * 0.3:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" '
            f'font-size="11">{escape(label)}</text>'
        )
    parts += [
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#333"/>',
        f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 8}" text-anchor="middle" '
        f'font-size="12">{escape(x_label)}</text>',
        f'<text transform="translate(14 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle" '
        f'font-size="12">{escape(unit)}</text>',
        "</svg>",
    ]
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
