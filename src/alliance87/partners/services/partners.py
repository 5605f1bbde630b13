"""A partner's profile and status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from alliance87.core import changes, content, refusals
from alliance87.core.exceptions import ValidationError
from alliance87.core.models import LANGUAGE_CODES, Country, Region
from alliance87.core.permissions import require

from .. import rules
from ..events import PartnersEvent
from ..models import Partner
from .locks import partner_locked

#: The longest acronym, in any language.
ACRONYM_LENGTH = 40

PROFILE_FIELDS = (
    "names",
    "acronym",
    "website",
    "description",
    "themes",
    "headquarters",
    "countries_of_work",
    "regions_of_work",
)


def _clean_language_dict(value: Any, field: str, *, originals: tuple = ()) -> dict[str, str]:
    """A multilingual value as stored (``core.content``): the non-empty texts of the site's
    languages, and the original language: the value's own, else the first of ``originals``
    that has a text."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError({field: _("Give a value per language.")})
    cleaned = {
        k: str(v).strip() for k, v in value.items() if k in LANGUAGE_CODES and str(v or "").strip()
    }
    for original in (value.get("_original"), *originals):
        if original in cleaned:
            cleaned["_original"] = original
            break
    return cleaned


def _acronyms(value: Any) -> dict[str, str]:
    """A partner's acronym in each language. One acronym given as a text is the same in every
    language (an organisation's own initials); a value per language is each language's."""
    if isinstance(value, str) or value is None:
        text = str(value or "").strip()
        value = dict.fromkeys(LANGUAGE_CODES, text) if text else {}
    cleaned = _clean_language_dict(value, "acronym")
    if any(len(v) > ACRONYM_LENGTH for k, v in cleaned.items() if k in LANGUAGE_CODES):
        raise ValidationError(
            {"acronym": _("An acronym has at most %(n)d characters.") % {"n": ACRONYM_LENGTH}}
        )
    return cleaned


def _countries(codes: Any, field: str) -> list[Country]:
    codes = sorted({str(c).upper() for c in (codes or [])})
    found = list(Country.objects.filter(pk__in=codes))
    missing = sorted(set(codes) - {c.pk for c in found})
    if missing:
        raise ValidationError(
            {field: _("Unknown country code: %(codes)s.") % {"codes": ", ".join(missing)}}
        )
    return found


def _regions(codes: Any, field: str) -> list[Region]:
    codes = sorted({str(c) for c in (codes or [])})
    found = list(Region.objects.filter(pk__in=codes))
    missing = sorted(set(codes) - {r.pk for r in found})
    if missing:
        raise ValidationError(
            {field: _("Unknown region code: %(codes)s.") % {"codes": ", ".join(missing)}}
        )
    return found


def partner_update(
    *,
    actor,
    partner_id: int,
    data: Mapping[str, Any],
    expected_version: int,
    logo=None,
    remove_logo: bool = False,
    language: str | None = None,
) -> Partner:
    """A partner administrator (or the Secretariat) edits the partner's public profile.

    ``data`` holds any of ``PROFILE_FIELDS``; ``logo`` is an uploaded file; ``language`` is the
    language of the form: a name or description that had no original yet gets it as its
    original (if it has a text in it); an original already recorded stays while its text does. One audit row lists every field that changed, from what to what. Nothing is
    written if anything is invalid.
    """
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("This field cannot be changed here.")})
    with changes.write():
        partner = partner_locked(partner_id)
        require(actor, "partners.edit_profile", partner)
        changes.check_version(
            partner,
            expected_version,
            _("Someone else changed this profile. Reload it and apply your changes again."),
        )
        values: dict[str, Any] = {}
        if "acronym" in data:
            values["acronym"] = _acronyms(data["acronym"])
        for name in ("names", "description"):
            if name in data:
                # The original stays what it was while its text is kept; a text written
                # anew is in the language of the form it was written in.
                originals = (
                    content.original_language(getattr(partner, name)),
                    (language or "")[:2],
                )
                values[name] = _clean_language_dict(data[name], name, originals=originals)
        for name in ("website",):
            if name in data:
                values[name] = str(data[name] or "").strip()
        if "themes" in data:
            values["themes"] = sorted(set(data["themes"] or []))
        if "headquarters" in data:
            hq = data["headquarters"] or None
            values["headquarters"] = _countries([hq], "headquarters")[0] if hq else None
        if "countries_of_work" in data:
            values["countries_of_work"] = _countries(data["countries_of_work"], "countries_of_work")
        if "regions_of_work" in data:
            values["regions_of_work"] = _regions(data["regions_of_work"], "regions_of_work")
        if logo is not None:
            values["logo"] = logo
        elif remove_logo and partner.logo:
            values["logo"] = None
        changed = changes.update(
            partner, actor=actor, event=PartnersEvent.PARTNER_UPDATED, data=values
        )
        if changed:
            partner.refresh_region_keys()
    return partner


def partner_set_status(*, actor, partner_id: int, status: str) -> Partner:
    """The Secretariat suspends, reinstates or withdraws a partner (``rules.PARTNER_STATUS``)."""
    with changes.write():
        partner = partner_locked(partner_id)
        require(actor, "partners.change_status", partner)
        if refusal := rules.partner_transition_refusal(partner.status, status):
            raise refusals.refused(refusal, field="status")
        changes.update(
            partner,
            actor=actor,
            event=PartnersEvent.PARTNER_STATUS_CHANGED,
            data={"status": status},
        )
    return partner
