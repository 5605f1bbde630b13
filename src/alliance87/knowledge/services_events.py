"""Changes to the calendar's own events and their registrations (RSVP)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes, notify
from alliance87.core.permissions import require
from alliance87.core.refusals import refused

from . import rules, tasks
from .events import EventsEvent
from .models import Event, Registration


def event_create(*, actor, **fields: Any) -> Event:
    """The Secretariat adds an event (a global event, side event or webinar)."""
    require(actor, "knowledge.manage_events")
    with changes.write():
        return changes.create(Event, actor=actor, event=EventsEvent.EVENT_CREATED, **fields)


def event_update(*, actor, event_id: int, expected_version: int | None, data: dict) -> Event:
    """Change an event, e.g. publish a webinar's recording and slides afterwards."""
    require(actor, "knowledge.manage_events")
    with changes.write():
        event = changes.lock(Event, pk=event_id)
        changes.update(
            event,
            actor=actor,
            event=EventsEvent.EVENT_UPDATED,
            data=data,
            expected_version=expected_version,
        )
    return event


def register(*, event_id: int, name: str, email: str, language: str) -> Registration:
    """Anyone registers for an event; refused once its capacity is reached. The confirmation
    goes by e-mail in the language the person chose."""
    with changes.write():
        event = changes.lock(Event, not_found=_("This event does not exist."), pk=event_id)
        count = Registration.objects.filter(event=event).count()
        if reason := rules.registration_refusal(count, event.capacity):
            raise refused(reason)
        email = email.strip().lower()
        if Registration.objects.filter(event=event, email=email).exists():
            raise ValidationError(
                {"email": _("This address is already registered for this event.")}
            )
        registration = Registration(event=event, name=name.strip(), email=email, language=language)
        registration.full_clean()
        registration.save()
        notify.on_commit(tasks.confirm_registration, registration.pk)
    return registration
