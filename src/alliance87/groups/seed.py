"""Loader of the action groups and the working group the seeds name. Idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from alliance87.core import content

from .models import Group, GroupMeeting, Objective, Task

DATA = Path(__file__).parent / "data"

#: The seeds are Spanish documents: their texts are Spanish originals (and translations).
ORIGINAL = "es"


def _original(values: dict | None) -> dict:
    """A multilingual value from the data file, marked as written in Spanish."""
    return content.with_original(values, ORIGINAL)


def load(*, stdout=None) -> str:
    data = json.loads((DATA / "groups.json").read_text(encoding="utf-8"))
    tasks = 0
    for row in data["groups"]:
        group, _ = Group.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "names": _original(row["names"]),
                "status": row["status"],
                "acronyms": _original(row.get("acronym")),
                "members_noted": row.get("members_noted"),
                "members_note": _original(row.get("members_note")),
                "source": row["source"],
            },
        )
        for m in row.get("meetings", []):
            GroupMeeting.objects.update_or_create(
                group=group,
                date=dt.date.fromisoformat(m["date"]),
                place=m["place"],
                defaults={
                    "titles": _original(m["title"]),
                    "date_precision": m["date_precision"],
                    "source": m["source"],
                },
            )
        for position, o in enumerate(row.get("objectives", []), start=1):
            objective, _ = Objective.objects.update_or_create(
                group=group, position=position, defaults={"titles": _original(o["title"])}
            )
            for t in o["tasks"]:
                Task.objects.update_or_create(
                    objective=objective,
                    titles__es=t["title"]["es"],  # found again once marked as Spanish
                    defaults={
                        "titles": _original(t["title"]),
                        "status": t["status"],
                        "source": t.get("source", ""),
                        "due_on": dt.date.fromisoformat(t["due"]) if t.get("due") else None,
                    },
                )
                tasks += 1
    return f"{len(data['groups'])} groups, {tasks} work plan tasks"
