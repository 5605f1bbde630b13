"""Reads of the Regional Initiative's network page: one query per table, whatever the size."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from .models_network import (
    NetworkBody,
    NetworkMeeting,
    NetworkMember,
    NetworkMilestone,
    NetworkPerson,
    NetworkPhase,
)

SEED = "004_1f9d9aa1016827a1.txt"


@dataclass
class NetworkView:
    bodies: list[NetworkBody]
    milestones: list[NetworkMilestone]
    phases: list[NetworkPhase]
    meetings: list[NetworkMeeting]
    members: list[NetworkMember]
    seed: str = SEED

    @property
    def stated_members(self) -> int | None:
        """The number of member countries the seed states (the government seats, line 311)."""
        return next((b.government_seats for b in self.bodies if b.government_seats), None)


def network_get() -> NetworkView:
    """Six queries: bodies with their people, milestones, phases, meetings with their country,
    members with their country and people."""
    people = NetworkPerson.objects.order_by("order", "pk")
    return NetworkView(
        bodies=list(NetworkBody.objects.prefetch_related(Prefetch("people", queryset=people))),
        milestones=list(NetworkMilestone.objects.all()),
        phases=list(NetworkPhase.objects.all()),
        meetings=list(NetworkMeeting.objects.select_related("country")),
        members=list(
            NetworkMember.objects.select_related("country").prefetch_related(
                Prefetch("people", queryset=people)
            )
        ),
    )
