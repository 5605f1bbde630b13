"""Loader of the resource mobilisation roadmap (seed 004, Session 6; ``data/roadmap.json``,
each line of action in the seed's words with its line) and of the operational plan
2018-2019's frame (seed 004, line 554). The plan's products, activities and resources are in
Annex 6, which the seed only names: none is loaded. Idempotent (roadmap lines match on
``key``, the plan on ``code``). Called by ``seed_network.load``.
"""

from __future__ import annotations

import json
from pathlib import Path

from alliance87.core import content

from .models import Framework
from .models_plans import OperationalPlan, RoadmapLine

DATA = Path(__file__).parent / "data" / "roadmap.json"
PLAN = {
    "code": "ri-operational-2018-2019",
    "framework": "ri-2018-2021",
    "title": "Plan operativo 2018 – 2019",
    "start_year": 2018,
    "end_year": 2019,
    "line": 554,
}


def load(*, stdout=None) -> str:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    keys: dict[str, RoadmapLine] = {}
    for order, row in enumerate(data["lines"], start=1):
        keys[row["key"]], _ = RoadmapLine.objects.update_or_create(
            key=row["key"],
            defaults={
                "level": row["level"],
                "number": row["number"],
                "parent": keys.get(row["parent"] or ""),
                "quote": content.make("es", es=row["quote"]),
                "seed_line": row["line"],
                "order": order,
            },
        )
    plans = 0
    framework = Framework.objects.filter(code=PLAN["framework"]).first()
    if framework is not None:  # Table 1's framework, loaded first by seed.load
        OperationalPlan.objects.update_or_create(
            code=PLAN["code"],
            defaults={
                "framework": framework,
                "titles": content.make(
                    "es",
                    es=PLAN["title"],
                    # The platform's translations of the seed's title.
                    en="Operational plan 2018–2019",
                    fr="Plan opérationnel 2018-2019",
                    pt="Plano operacional 2018–2019",
                ),
                "start_year": PLAN["start_year"],
                "end_year": PLAN["end_year"],
                "seed_line": PLAN["line"],
            },
        )
        plans = 1
    return f"roadmap: {len(data['lines'])} lines of action; {plans} operational plan"
