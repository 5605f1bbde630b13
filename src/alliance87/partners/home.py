"""The partners app's boxes on the signed-in home page (``core.home``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.core import home
from alliance87.core.models import Role
from alliance87.core.permissions import can, scoped_ids

from .models import Partner
from .selectors import application_queue, existing_partners_for


@home.provider
def _applications_to_vet(user):
    if not can(user, "partners.vet_application"):
        return
    shown = list(application_queue()[: home.SHOWN])
    flagged = existing_partners_for(shown)
    yield home.Waiting(
        _("Applications to vet"),
        reverse("partners:queue"),
        application_queue().count(),
        [
            (
                f"{a.organisation_name} — {_('already a partner?')}"
                if a.pk in flagged
                else a.organisation_name,
                reverse("partners:application", args=[a.pk]),
            )
            for a in shown
        ],
        empty=_("No application is waiting."),
    )


@home.provider
def _own_partners(user):
    ids = scoped_ids(user, Role.PARTNER_ADMIN, Partner) | scoped_ids(
        user, Role.PARTNER_MEMBER, Partner
    )
    if not ids:
        return
    partners = list(Partner.objects.filter(pk__in=ids).order_by("slug")[: home.SHOWN])
    yield home.Waiting(
        _("Your organisation"),
        reverse("partners:profile", args=[partners[0].slug]) if partners else "",
        len(ids),
        [(p.name, reverse("partners:profile", args=[p.slug])) for p in partners],
    )
