"""The challenge in figures: a new value is added (with its year and source); the previous
ones stay, each with the day it was recorded."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from alliance87.core import changes
from alliance87.core.permissions import require

from .events import FiguresEvent
from .models import Figure, FigureValue


def figure_update(*, actor, key: str, value: Decimal, year: int | None, source: str) -> FigureValue:
    require(actor, "knowledge.update_figures")
    with changes.write():
        figure = changes.lock(Figure, not_found=_("This figure does not exist."), key=key)
        previous = figure.values.first()
        return changes.create(
            FigureValue,
            actor=actor,
            event=FiguresEvent.FIGURE_UPDATED,
            changes={
                "value": [str(previous.value) if previous else None, str(value)],
                "year": [previous.year if previous else None, year],
            },
            label=key,
            figure=figure,
            value=value,
            year=year,
            source=source,
            recorded_by=actor,
        )
