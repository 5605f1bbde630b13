"""Numbers on the risk app's pages, in the page's language."""

from __future__ import annotations

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def percent(value, digits: int = 1) -> str:
    """0.0783 -> "7.8 %" (with the language's decimal separator)."""
    if value is None or value == "":
        return "—"
    return f"{number_format(float(value) * 100, int(digits))} %"


@register.filter
def points(value, digits: int = 1) -> str:
    """A part of a gap in percentage points, with its sign."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else ""
    return f"{sign}{number_format(float(value), int(digits))}"
