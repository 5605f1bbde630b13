"""Template helpers of the pathfinder pages."""

from __future__ import annotations

from django import template

from ..forms import SECTION_LABELS

register = template.Library()


@register.filter
def headed_sections(sections: dict | None) -> list[tuple[str, str]]:
    """A document's sections as (heading, text), in the order written, empty ones left out."""
    return [
        (str(SECTION_LABELS.get(key, key)), text)
        for key, text in (sections or {}).items()
        if text and str(text).strip()
    ]
