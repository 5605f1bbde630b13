"""Who may do what with the Global Coordinating Group."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule


@rule("governance.view_meeting")
def _view_meeting(user, meeting) -> bool:
    """Meeting pages (attendance, decisions, minutes): GCG members (the ``gcg_member`` role, or
    the person representing a current member) and the Secretariat."""
    return (
        is_secretariat(user)
        or has_role(user, Role.GCG_MEMBER)
        or is_gcg_chair(user)
        or is_gcg_representative(user)
    )


def is_gcg_representative(user) -> bool:
    """Whether ``user`` is the person representing a current member (one query, cached)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_gcg_representative", None)
    if cached is None:
        from django.db.models import Q
        from django.utils import timezone

        from .models import Member

        today = timezone.localdate()
        cached = Member.objects.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today),
            status=Member.Status.ACTIVE,
            term_start__lte=today,
            person__user=user,
        ).exists()
        user._gcg_representative = cached
    return cached


@rule("governance.manage")
def _manage(user, obj) -> bool:
    """Seats, meetings, attendance, decisions, minutes, action points: the Secretariat, which
    supports the chair and vice-chair (seed 000, «Secretaría»)."""
    return is_secretariat(user)


def is_gcg_chair(user) -> bool:
    """Whether ``user`` represents the current chair or vice-chair (one query, cached)."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_gcg_chair", None)
    if cached is None:
        from django.db.models import Q
        from django.utils import timezone

        from .models import Member

        today = timezone.localdate()
        cached = Member.objects.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=today),
            status=Member.Status.ACTIVE,
            seat__constituency__in=["chair", "vice_chair"],
            person__user=user,
        ).exists()
        user._gcg_chair = cached
    return cached


@rule("governance.write_minutes")
def _write_minutes(user, meeting) -> bool:
    """Seed 000, «Seguimiento»: «El Presidente/Vicepresidente preparará las actas [...] con el
    apoyo de la Secretaría» -- the chair or vice-chair, and the Secretariat."""
    return is_secretariat(user) or is_gcg_chair(user)


@rule("governance.invite_observer")
def _invite_observer(user, meeting) -> bool:
    """Seed 000: «El Presidente puede invitar [...] observadores» -- the chair (and the
    Secretariat on the chair's behalf)."""
    return is_secretariat(user) or is_gcg_chair(user)


def _register_role_scopes() -> None:
    """A GCG member represents a seat's current member (the country or organisation holding it)."""
    from django.utils.translation import gettext_lazy as _

    from alliance87.core.roles import register_scope

    from .models import Member

    register_scope(
        Role.GCG_MEMBER,
        "governance.Member",
        _("GCG seat's member"),
        objects=lambda: Member.objects.filter(status=Member.Status.ACTIVE).select_related(
            "seat", "country", "partner"
        ),
        label=lambda m: f"{m.seat} — {m.holder_label}",
        required=False,  # members given before roles had objects hold the role globally
    )


_register_role_scopes()
