"""Loader of the Regional Initiative's strategic plan 2018-2021 (seed 004, Session 3, Table 1).

Texts are the seed's Spanish originals (``_original: "es"``), cleaned of layout debris by
``data/build_regional_initiative.py``. No translation and no baseline or target is invented.
Idempotent: matches frameworks on ``code``, results on ``number``, indicators on ``code``.
"""

from __future__ import annotations

import json
from pathlib import Path

from alliance87.core import content

from . import seed_network
from .models import Framework, Indicator, Result

DATA = Path(__file__).parent / "data"


def load(*, stdout=None) -> str:
    data = json.loads((DATA / "regional_initiative.json").read_text(encoding="utf-8"))
    framework, _ = Framework.objects.update_or_create(
        code=data["code"],
        defaults={
            "kind": data["kind"],
            "titles": content.make("es", es=data["title"]),
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
            defaults={"texts": content.make("es", es=row["text"]), "order": position},
        )
        for order, ind in enumerate(row["indicators"], start=1):
            Indicator.objects.update_or_create(
                result=result,
                code=ind["code"],
                defaults={
                    "texts": content.make("es", es=ind["text"]),
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
