"""What the pathfinder pages share: the words of an assessment, the 404s."""

from __future__ import annotations

from django.http import Http404

from alliance87.core.models import Region

from .. import rules, selectors
from ..messages import criterion_with_years, overdue_text, step_label
from ..models import Pathfinder


def step_words(a: rules.Assessment) -> list[str]:
    return [step_label(s) for s in a.next_steps]


def criteria_words(a: rules.Assessment, current_only: bool = True) -> list[str]:
    return [criterion_with_years(f) for f in a.criteria if f.current or not current_only]


def overdue_words(a: rules.Assessment) -> list[str]:
    return [overdue_text(o) for o in a.overdue]


def region_choices() -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in Region.objects.filter(level=Region.Level.REGION)]


def row_or_404(iso3: str) -> selectors.Row:
    try:
        return selectors.pathfinder_row(iso3)
    except Pathfinder.DoesNotExist:
        raise Http404 from None
