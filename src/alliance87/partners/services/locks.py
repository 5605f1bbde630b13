"""The partner's lock: its own row, and one 404 message wherever it is missing."""

from __future__ import annotations

from django.utils.translation import gettext as _

from alliance87.core import changes

from ..models import Partner


def partner_locked(partner_id: int) -> Partner:
    """The partner, locked for the rest of the transaction (a partner before its people)."""
    return changes.lock(Partner, not_found=_("This partner does not exist."), pk=partner_id)
