"""A country asks for technical support to apply the model (issue 14, "Asking for support";
seed 004: a formal letter from the minister, then ILO/ECLAC technical support). Every step is
a transition of :data:`.rules.SUPPORT`, recorded as a :class:`.models.SupportStep`, audited,
and e-mailed from the worker (:func:`.tasks.notify_support`) in each recipient's language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from alliance87.core import changes, notify
from alliance87.core.models import Country, User
from alliance87.core.permissions import require
from alliance87.core.refusals import invalid, refused

from . import rules, tasks
from .events import RiskEvent
from .models import SupportRequest, SupportStep


def letter_limit() -> int:
    """The largest letter accepted, in bytes (``RISK_LETTER_MAX_BYTES``, 10 MB by default)."""
    return int(getattr(settings, "RISK_LETTER_MAX_BYTES", 10 * 1024 * 1024))


def support_request(*, actor, country_id: str, message: str, letter) -> SupportRequest:
    """The country sends its request with the minister's letter; the Secretariat is told."""
    if not Country.objects.filter(pk=country_id).exists():
        raise ValidationError({"country": _("Choose a country.")})
    require(actor, "risk.request_support", country_id)
    if not (message or "").strip():
        raise ValidationError({"message": _("Say what support the country asks for.")})
    if letter is None:
        raise ValidationError({"letter": _("Attach the minister's letter.")})
    name = (getattr(letter, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1][:255]
    if reason := rules.letter_refusal(name, int(letter.size or 0), letter_limit()):
        raise invalid(reason, "letter")
    with changes.write():
        support = changes.create(
            SupportRequest,
            actor=actor,
            event=RiskEvent.SUPPORT_REQUESTED,
            country_id=country_id,
            message=message.strip(),
            letter=letter,
            letter_name=name,
            requested_by=actor,
        )
        SupportStep.objects.create(request=support, status=support.status, actor=actor)
        notify.on_commit(tasks.notify_support, support.pk, rules.SupportStatus.REQUESTED.value)
    return support


#: Who may take each step (a rule of permissions.py).
STEP_PERMISSION = {
    "assign": "risk.assign_support",
    "decline": "risk.assign_support",
    "start": "risk.advance_support",
    "complete": "risk.advance_support",
    "withdraw": "risk.request_support",
}


def support_step(
    *,
    actor,
    support_id: int,
    action: str,
    note: str = "",
    email: str = "",
    expected_version: int | None = None,
) -> SupportRequest:
    """Take one step of a request: ``assign`` (with a staff member's e-mail address),
    ``start``, ``complete``, ``decline`` or ``withdraw``."""
    if action not in rules.SUPPORT:
        raise ValidationError({"action": _("Choose a step.")})
    with changes.write():
        support = changes.lock(SupportRequest, pk=support_id)
        perm = STEP_PERMISSION[action]
        require(actor, perm, support.country_id if action == "withdraw" else support)
        if reason := rules.SUPPORT.refusal(action, rules.SupportStatus(support.status)):
            raise refused(reason)
        staff = None
        if action == "assign":
            staff = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
            if staff is None:
                raise ValidationError(
                    {"email": _("No one on the platform has this e-mail address.")}
                )
        target = rules.SUPPORT.target(action, rules.SupportStatus(support.status))
        changes.update(
            support,
            actor=actor,
            event=RiskEvent.SUPPORT_STEP,
            data={"status": str(target)},
            expected_version=expected_version,
        )
        if staff is not None:
            support.staff.add(staff)
        SupportStep.objects.create(
            request=support,
            status=str(target),
            actor=actor,
            note=(note or "").strip()
            or (f"{staff.get_full_name() or staff.email}" if staff else ""),
        )
        notify.on_commit(tasks.notify_support, support.pk, str(target))
    return support
