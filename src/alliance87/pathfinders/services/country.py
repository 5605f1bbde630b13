"""A country's path: the expression of interest, the steps of the cycle, the GCG's grant,
the profile's publication, the indicator framework. Every state change goes through
:func:`common.append_event`, inside the country's lock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes, notify, refusals
from alliance87.core.exceptions import DomainError
from alliance87.core.models import Country
from alliance87.core.permissions import require
from alliance87.core.transitions import refusal

from .. import rules, tasks
from ..events import STEP_EVENTS, PathfindersEvent
from ..models import EventType, Pathfinder, PathfinderEvent, Stage, Status
from .common import (
    COUNTRY_EVENTS,
    SERVICE_EVENTS,
    append_event,
    check_date,
    check_upload,
    has_history,
    lock_pathfinder,
    require_decision,
    require_history,
    today,
)


def pathfinder_express_interest(
    *,
    actor,
    country_iso3: str,
    on: dt.date,
    addressed_to: str,
    minister: str,
    focal_point_name: str,
    focal_point_institution: str = "",
    ref: str = "",
    letter=None,
) -> Pathfinder:
    """Record a minister's expression of interest, naming the focal point (seed 003,
    "Etapa de expresión de interés"). Creates the country's record as a candidate."""
    require(actor, "pathfinders.record_expression_of_interest", None)
    errors: dict[str, str] = {}
    if addressed_to not in rules.ADDRESSEES_OF_EXPRESSION:
        errors["addressed_to"] = _(
            "The letter must be addressed to the ILO Director-General or the Alliance chair."
        )
    if not minister.strip():
        errors["minister"] = _("Name the minister who signed the letter.")
    if not focal_point_name.strip():
        errors["focal_point_name"] = _("The letter must name a national focal point.")
    if errors:
        raise ValidationError(errors)
    if letter is not None:
        check_upload(letter)
    check_date(None, on)
    with changes.write():
        country = Country.objects.filter(iso3=country_iso3.upper()).first()
        if country is None:
            raise ValidationError({"country": _("Unknown country code.")})
        existing = changes.lock_many(Pathfinder.objects.select_related("country"), country=country)
        if existing:
            pathfinder = existing[0]
            if has_history(pathfinder):
                raise refusals.refused(refusal("pathfinder.interest_already_recorded"))
        else:
            pathfinder = changes.create(
                Pathfinder,
                actor=actor,
                event=PathfindersEvent.PATHFINDER_CREATED,
                changes={},
                country=country,
                status=Status.CANDIDATE,
                stage=Stage.EXPRESSION_OF_INTEREST,
            )
        event = rules.Event(
            rules.EventType.EXPRESSION_OF_INTEREST,
            on,
            items=("focal_point",),
            addressed_to=addressed_to,
            ref=ref or None,
            note=minister,
        )
        append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event=PathfindersEvent.EXPRESSION_OF_INTEREST,
            data={
                "focal_point_name": focal_point_name,
                "focal_point_institution": focal_point_institution,
            },
            file=letter,
        )
        notify.on_commit(tasks.notify_change, "expression_of_interest", pathfinder.country_id)
    return pathfinder


def pathfinder_record_event(
    *,
    actor,
    iso3: str,
    type: str,
    on: dt.date,
    year: int | None = None,
    kind: str | None = None,
    items: Iterable[str] = (),
    addressed_to: str | None = None,
    ref: str | None = None,
    note: str | None = None,
    expected_version: int | None = None,
    file=None,
) -> PathfinderEvent:
    """Record one step of the cycle (a workshop, a coordination body, the GCG's comments, a
    dialogue, a recovery request...). Refused with the reason when the transition table
    does not allow it from the country's state."""
    try:
        etype = EventType(type)
    except ValueError:
        raise ValidationError({"type": _("Unknown event type.")}) from None
    if etype in SERVICE_EVENTS:
        raise DomainError(
            _("This step is recorded through its own form (documents, status decision)."),
            field="type",
        )
    try:
        event = rules.event_from_dict(
            {
                "type": etype.value,
                "date": on.isoformat(),
                "year": year,
                "kind": kind or None,
                "items": list(items),
                "addressed_to": addressed_to or None,
                "ref": ref or None,
                "note": note or None,
            }
        )
    except rules.HistoryError as err:
        raise ValidationError(
            {err.field.split(".")[-1]: refusals.refusal_text(err.refusal)}
        ) from None
    if file is not None:
        check_upload(file)
    with changes.write():
        pathfinder = lock_pathfinder(iso3)
        action = (
            "pathfinders.record_country_event"
            if etype in COUNTRY_EVENTS
            else "pathfinders.record_secretariat_event"
        )
        require(actor, action, pathfinder)
        changes.check_version(pathfinder, expected_version)
        check_date(pathfinder, on)
        require_history(pathfinder)
        row = append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event=STEP_EVENTS[rules.EventType(etype.value)],
            file=file,
        )
        notify.on_commit(tasks.notify_change, etype.value, pathfinder.country_id)
    return row


def pathfinder_grant_status(
    *, actor, country: Pathfinder | str, decision_ref: str | None = None, on: dt.date | None = None
) -> Pathfinder:
    """Carry out the GCG's decision granting pathfinder status (seed 003, "Etapa de
    planificación": "El GCM concede al país candidato el estatus de país pionero si así lo
    acuerda por consenso").

    ``decision_ref`` names an adopted GCG decision on record, taken with quorum, granting
    this country status (``rules.decision_refusal``); without one the grant is refused
    (``TransitionRefused``) whoever asks. ``on`` is the date of the decision's meeting. The
    governance app calls this inside its own transaction when it records the decision, so
    this service joins the caller's transaction (``write(nested=True)``): the decision and
    the grant commit or roll back together. Refused too unless the candidate meets
    :func:`rules.grant_conditions`.
    """
    iso3 = country if isinstance(country, str) else country.country_id
    # Nested: the governance app records the GCG's decision and this grant in one transaction.
    with changes.write(nested=True):
        pathfinder = lock_pathfinder(iso3)
        require(actor, "pathfinders.grant_status", pathfinder)
        decision = require_decision(pathfinder, rules.Action.GRANT_STATUS, decision_ref)
        day = min(on or decision.taken_on or today(), today())
        check_date(pathfinder, day)
        require_history(pathfinder)
        event = rules.Event(rules.EventType.STATUS_GRANTED, day, ref=decision.reference)
        append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event=PathfindersEvent.STATUS_GRANTED,
        )
        notify.on_commit(tasks.notify_change, "status_granted", pathfinder.country_id)
    return pathfinder


def pathfinder_declare_inactive(
    *, actor, country: str, decision_ref: str | None, on: dt.date | None = None
) -> Pathfinder:
    """Carry out the GCG's decision declaring the country inactive (seed 003, "Procedimiento
    en caso de que los progresos ... sean insuficientes o nulos": "el GCM declara inactivo
    al país"). Like the grant: only under an adopted GCG decision taken with quorum, inside
    the governance app's transaction, and only when the transition table allows it
    (insufficient progress, a dialogue closed without a positive result)."""
    with changes.write(nested=True):  # joins the governance app's transaction (see above)
        pathfinder = lock_pathfinder(country)
        require(actor, "pathfinders.grant_status", pathfinder)
        decision = require_decision(pathfinder, rules.Action.DECLARE_INACTIVE, decision_ref)
        day = min(on or decision.taken_on or today(), today())
        check_date(pathfinder, day)
        require_history(pathfinder)
        event = rules.Event(rules.EventType.DECLARED_INACTIVE, day, ref=decision.reference)
        append_event(
            actor=actor,
            pathfinder=pathfinder,
            event=event,
            audit_event=STEP_EVENTS[rules.EventType.DECLARED_INACTIVE],
        )
        notify.on_commit(tasks.notify_change, "declared_inactive", pathfinder.country_id)
    return pathfinder


def pathfinder_publish_profile(*, actor, iso3: str) -> Pathfinder:
    """The Secretariat publishes the country profile ("la Secretaría ... crea el perfil del
    país en el sitio web", seed 003), after the GCG has granted status. Until then the
    profile's reports and indicators are seen only by the Secretariat and the focal points."""
    with changes.write():
        pathfinder = lock_pathfinder(iso3)
        require(actor, "pathfinders.record_secretariat_event", pathfinder)
        if reason := rules.publish_profile_refusal(rules.Status(pathfinder.status)):
            raise refusals.refused(reason)
        if pathfinder.profile_published:
            return pathfinder
        if has_history(pathfinder):
            # The publication is also a dated fact of the country's history.
            append_event(
                actor=actor,
                pathfinder=pathfinder,
                event=rules.Event(rules.EventType.PROFILE_PUBLISHED, today()),
                audit_event=PathfindersEvent.PROFILE_PUBLISHED,
                data={"profile_published": True},
            )
        else:
            changes.update(
                pathfinder,
                actor=actor,
                event=PathfindersEvent.PROFILE_PUBLISHED,
                data={"profile_published": True},
            )
    return pathfinder


def indicator_framework_updated(*, actor, iso3: str, year: int) -> PathfinderEvent | None:
    """A value of the country's indicator framework (the results app's framework
    ``pathfinder-<iso3>``) was submitted for ``year``: the indicator framework is updated for
    that reporting year (footnote 1, criterion 3). The results app calls this inside the
    submission's transaction. Only an active pathfinder reports; for another, nothing is
    recorded (its value is still submitted)."""
    pathfinder = lock_pathfinder(iso3)
    if pathfinder.status != Status.ACTIVE:
        return None
    return append_event(
        actor=actor,
        pathfinder=pathfinder,
        event=rules.Event(rules.EventType.INDICATOR_FRAMEWORK_UPDATED, today(), year=year),
        audit_event=PathfindersEvent.INDICATORS_UPDATED,
    )
