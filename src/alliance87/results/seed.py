"""Loader of the Regional Initiative's strategic plan 2018-2021 (seed 004, Session 3, Table 1).

Texts are the seed's Spanish originals (``_original: "es"``), cleaned of layout debris by
``data/build_regional_initiative.py``, with the platform's English, French and Portuguese
translations beside them (``translations``). No baseline or target is invented.
Idempotent: matches frameworks on ``code``, results on ``number``, indicators on ``code``.
"""

from __future__ import annotations

import json
from pathlib import Path

from alliance87.core import content

from . import seed_network
from .models import Framework, Indicator, Result

DATA = Path(__file__).parent / "data"


def _texts(spanish: str, translations: dict[str, str]) -> dict[str, str]:
    """The seed's Spanish as the original, and its translations."""
    return content.make("es", **translations, es=spanish)


def load(*, stdout=None) -> str:
    data = json.loads((DATA / "regional_initiative.json").read_text(encoding="utf-8"))
    framework, _ = Framework.objects.update_or_create(
        code=data["code"],
        defaults={
            "kind": data["kind"],
            "titles": _texts(data["title"], data["title_translations"]),
            "start_year": data["start_year"],
            "end_year": data["end_year"],
            "source": data["source"],
        },
    )
    indicators = 0
    for position, row in enumerate(data["results"], start=1):
        result, _ = Result.objects.update_or_create(
            framework=framework,
            number=row["number"],
            defaults={"texts": _texts(row["text"], row["translations"]), "order": position},
        )
        for order, ind in enumerate(row["indicators"], start=1):
            Indicator.objects.update_or_create(
                result=result,
                code=ind["code"],
                defaults={
                    "texts": _texts(ind["text"], ind["translations"]),
                    "order": order,
                    "value_kinds": ind["kinds"],
                    "unit": ind["unit"],
                    "categories": ind["categories"],
                    "disaggregations": ind["disaggregations"],
                    "direction": "higher" if {"count", "amount"} & set(ind["kinds"]) else "none",
                    "source": data["source"],
                },
            )
            indicators += 1
    seed_network.load()  # the network, plans and roadmap: their own data files and loader
    return f"1 results framework, {len(data['results'])} results, {indicators} indicators"
