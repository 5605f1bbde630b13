"""Loader of the action groups and the working group the seeds name. Idempotent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .models import Group, GroupMeeting, Objective, Task

DATA = Path(__file__).parent / "data"


def load(*, stdout=None) -> str:
    data = json.loads((DATA / "groups.json").read_text(encoding="utf-8"))
    tasks = 0
    for row in data["groups"]:
        group, _ = Group.objects.update_or_create(
            slug=row["slug"],
            defaults={
                "kind": row["kind"],
                "names": row["names"],
                "status": row["status"],
                "acronyms": row.get("acronym", {}),
                "members_noted": row.get("members_noted"),
                "members_note": row.get("members_note", {}),
                "source": row["source"],
            },
        )
        for m in row.get("meetings", []):
            GroupMeeting.objects.update_or_create(
                group=group,
                date=dt.date.fromisoformat(m["date"]),
                place=m["place"],
                defaults={
                    "titles": m["title"],
                    "date_precision": m["date_precision"],
                    "source": m["source"],
                },
            )
        for position, o in enumerate(row.get("objectives", []), start=1):
            objective, _ = Objective.objects.update_or_create(
                group=group, position=position, defaults={"titles": o["title"]}
            )
            for t in o["tasks"]:
                Task.objects.update_or_create(
                    objective=objective,
                    titles=t["title"],
                    defaults={
                        "status": t["status"],
                        "source": t.get("source", ""),
                        "due_on": dt.date.fromisoformat(t["due"]) if t.get("due") else None,
                    },
                )
                tasks += 1
    return f"{len(data['groups'])} groups, {tasks} work plan tasks"
