"""Decisions: a proposal put to the members present, by consensus and only with quorum."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import changes, refusals
from alliance87.core.exceptions import DomainError, ValidationError
from alliance87.core.models import Country
from alliance87.core.permissions import require

from .. import rules, selectors
from ..events import DECISION_EVENT
from ..models import Attendance, Decision, Objection, Presence
from ._common import meeting_locked

#: Decisions about a pathfinder country's status, and the missing country's message.
PATHFINDER_KINDS = {
    Decision.Kind.GRANT_PATHFINDER: lambda: _("Name the country granted pathfinder status."),
    Decision.Kind.DECLARE_INACTIVE: lambda: _("Name the country declared inactive."),
}


def decision_record(
    *,
    actor,
    meeting_id: int,
    text: str,
    kind: str = Decision.Kind.GENERAL,
    objector_ids: list[int] | None = None,
    country_iso3: str | None = None,
    group_name: str = "",
    group_kind: str = "action_group",
    group_id: int | None = None,
) -> Decision:
    """Put a proposal to the members present and record the outcome.

    Refused (nothing written) without quorum; with an objection it is recorded as not
    adopted; otherwise adopted, and a decision that acts on another part of the platform
    (granting pathfinder status, creating a group) does so in the same transaction.
    """
    require(actor, "governance.manage")
    if not text.strip():
        raise ValidationError({"text": _("Write the proposal.")})
    if kind not in Decision.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of decision.")})
    objector_ids = sorted(set(objector_ids or []))
    with changes.write():
        meeting = meeting_locked(meeting_id)
        quorum = selectors.meeting_quorum(meeting)
        present = set(
            Attendance.objects.filter(meeting=meeting, presence=Presence.PRESENT).values_list(
                "member_id", flat=True
            )
        )
        if any(i not in present for i in objector_ids):
            raise ValidationError({"objections": _("Only members present can object.")})
        if reason := rules.decision_refusal(quorum):
            raise refusals.refused(reason)
        outcome = rules.consensus(quorum.holds, len(objector_ids))
        country = None
        if kind in PATHFINDER_KINDS:
            country = Country.objects.filter(pk=(country_iso3 or "").upper()).first()
            if country is None:
                raise ValidationError({"country": PATHFINDER_KINDS[kind]()})
        if kind == Decision.Kind.CREATE_GROUP and not (group_name.strip() or group_id):
            raise ValidationError({"group_name": _("Name the group to create.")})
        seq = Decision.objects.filter(meeting=meeting).count() + 1
        reference = f"GCG{meeting.number}/{seq}" if meeting.number else f"M{meeting.pk}/{seq}"
        decision = changes.create(
            Decision,
            actor=actor,
            event=DECISION_EVENT[outcome],
            changes={
                "outcome": [None, outcome.value],
                "kind": [None, kind],
                "present": [None, quorum.present],
                "objections": [None, len(objector_ids)],
            },
            meeting=meeting,
            reference=reference,
            text=text.strip(),
            kind=kind,
            country=country,
            outcome=outcome.value,
            present_count=quorum.present,
            recorded_by=actor,
        )
        Objection.objects.bulk_create(
            Objection(decision=decision, member_id=member_id) for member_id in objector_ids
        )
        if outcome is rules.Outcome.ADOPTED:
            _act_on(
                actor,
                decision,
                group_name=group_name,
                group_kind=group_kind,
                group_id=group_id,
                language=meeting.language,
            )
    return decision


def _act_on(
    actor,
    decision: Decision,
    *,
    group_name: str,
    group_kind: str,
    group_id: int | None,
    language: str,
) -> None:
    """Carry out an adopted decision. The other app's service runs inside this transaction
    (it joins it: ``write(nested=True)`` on its side), so the decision and what it does
    commit or roll back together."""
    if decision.kind in PATHFINDER_KINDS:
        try:
            from alliance87.pathfinders import services as pathfinders
        except ImportError as exc:  # the pathfinders app is built separately
            raise DomainError(
                _(
                    "Pathfinder status cannot be granted here yet: the pathfinder "
                    "countries module is not installed."
                )
            ) from exc
        carry_out = (
            pathfinders.pathfinder_grant_status
            if decision.kind == Decision.Kind.GRANT_PATHFINDER
            else pathfinders.pathfinder_declare_inactive
        )
        carry_out(
            actor=actor,
            country=decision.country_id,
            decision_ref=decision.reference,
            on=min(decision.meeting.starts_at.date(), timezone.localdate()),
        )
    elif decision.kind == Decision.Kind.CREATE_GROUP:
        from alliance87.groups.services import group_create_by_decision

        group = group_create_by_decision(
            actor=actor,
            decision_ref=decision.reference,
            name=group_name,
            kind=group_kind,
            group_id=group_id,
            language=language,
        )
        # Part of recording the decision (its audit row says what was decided): the group
        # exists only now, as it is created under the decision's reference.
        decision.group = group
        decision.save(update_fields=["group"])
