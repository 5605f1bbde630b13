"""The words for the codes that ``rules.py`` returns, and the labels of its enums.

``rules.py`` stays pure (no Django): it answers with :class:`~alliance87.core.transitions.Refusal`
codes and plain parameters, for refusals and for the composition's warnings alike. This
module gives each code its words in the reader's language (registered with
:func:`alliance87.core.refusals.register` when the app starts) and names the constituencies,
stakeholder groups and UN regions. Services raise ``refusals.refused(reason)``; pages and the
API show ``refusals.refusal_text(reason)``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alliance87.core import refusals
from alliance87.core.seeding import reference_name
from alliance87.core.transitions import Refusal

from . import rules


def constituency_label(c: rules.Constituency | str) -> str:
    """The constituency's name in the active language (the words of the seat models)."""
    from .models import Constituency

    return str(Constituency(str(getattr(c, "value", c))).label)


def stakeholder_group_label(g: rules.StakeholderGroup | str) -> str:
    from .models import StakeholderGroup

    return str(StakeholderGroup(str(getattr(g, "value", g))).label)


def region_name(code: str) -> str:
    """A UN M49 region's name in the reader's language ("África"), never its code."""
    return reference_name(code)


def country_name(code: str) -> str:
    """A country's name in the reader's language, from its ISO code: a sentence names the
    country ("Madagascar"), not its code ("MG")."""
    return reference_name(code)


def quorum_words(present: int, missing: Iterable[str], *, holds: bool, with_missing=True) -> str:
    """The quorum in a sentence: who is present and, without quorum, which groups miss."""
    if holds:
        return _(
            "Quorum: %(count)d representatives present, every stakeholder group represented."
        ) % {"count": present}
    parts = [
        _("No quorum: %(count)d of the 16 representatives needed are present.") % {"count": present}
    ]
    missing = list(missing)
    if missing and with_missing:
        names = ", ".join(stakeholder_group_label(g) for g in missing)
        parts.append(_("Missing: %(groups)s.") % {"groups": names})
    return " ".join(parts)


def _nominating_body(params: dict) -> str:
    return {
        rules.NominatingBody.IOE.value: _("Employers' seats are nominated by the IOE."),
        rules.NominatingBody.ITUC.value: _("Workers' seats are nominated by the ITUC."),
        rules.NominatingBody.NGO_FORUM.value: _(
            "NGO seats are nominated by the Alliance 8.7 NGO Forum."
        ),
        rules.NominatingBody.REGIONAL_GROUP.value: _(
            "Regional seats are nominated by the regional groups."
        ),
    }[params["body"]]


def _action_point_not_allowed(p: dict) -> str:
    from .models import ActionPoint

    labels = dict(ActionPoint.Status.choices)
    return _("An action point cannot go from “%(current)s” to “%(target)s”.") % {
        "current": labels.get(p["state"], p["state"]),
        "target": labels.get(p["action"], p["action"]),
    }


TEXTS = {
    "governance.seat.constituency_full": gettext_lazy(
        "All %(count)d seats of this constituency are already held."
    ),
    "governance.seat.government_needs_country": gettext_lazy(
        "This seat is a government seat: it must be held by a country."
    ),
    "governance.seat.government_not_organisation": gettext_lazy(
        "A government seat is held by a country, not by an organisation."
    ),
    "governance.seat.country_already_seated": gettext_lazy(
        "This country already holds a government seat on the Group."
    ),
    "governance.seat.organisation_not_government": gettext_lazy(
        "This seat is held by an organisation, not by a government."
    ),
    "governance.seat.needs_organisation": gettext_lazy(
        "This seat must be held by an organisation."
    ),
    "governance.seat.regional_needs_region": gettext_lazy(
        "A regional seat needs the UN regional group that appoints it."
    ),
    "governance.seat.country_outside_region": gettext_lazy(
        "This country is not in the UN regional group this seat speaks for."
    ),
    "governance.seat.region_already_held": gettext_lazy(
        "The seat for this UN regional group is already held: there is one "
        "regional seat per regional group."
    ),
    "governance.seat.wrong_nominating_body": _nominating_body,
    "governance.seat.nomination_needed": lambda p: (
        _("This seat's holder must be nominated: record the nominating body.")
        + " "
        + _nominating_body(p)
    ),
    "governance.seat.organisation_of_another_group": lambda p: (
        _(
            "This organisation belongs to the stakeholder group “%(group)s”; this seat "
            "belongs to “%(seat_group)s”."
        )
        % {
            "group": stakeholder_group_label(p["group"]),
            "seat_group": stakeholder_group_label(p["seat_group"]),
        }
    ),
    "governance.seat.forfeited_by_holder": gettext_lazy(
        "This seat was forfeited by this holder: it goes to another representative of "
        "the same stakeholder group."
    ),
    "governance.warning.pathfinder_region_shared": lambda p: (
        _(
            "%(count)d pathfinder seats are held by countries of the same region "
            "(%(region)s); in principle there is one per region."
        )
        % {"count": p["count"], "region": region_name(p["region"])}
    ),
    "governance.warning.pathfinder_seat_not_pathfinder": lambda p: (
        _(
            "The pathfinder seat held by %(country)s is held by a country that is not "
            "a pathfinder country."
        )
        % {"country": country_name(p["country"])}
    ),
    "governance.warning.nominating_body_unknown": lambda p: (
        _("The nominating body of a %(constituency)s seat is not recorded.")
        % {"constituency": constituency_label(p["constituency"])}
    ),
    "governance.warning.vacant_seats": gettext_lazy("%(count)d of the 32 seats are vacant."),
    "governance.term.ends_before_start": gettext_lazy("A term cannot end before it starts."),
    "governance.term.too_long": gettext_lazy(
        "A government term lasts at most three years (until %(date)s)."
    ),
    "governance.member.not_allowed_from": gettext_lazy("This member no longer holds the seat."),
    "governance.action_point.not_allowed_from": _action_point_not_allowed,
    "governance.member.not_forfeited": gettext_lazy(
        "This member has not missed three consecutive meetings without prior notice."
    ),
    "governance.decision.no_quorum": lambda p: quorum_words(
        p["present"], p["missing"], holds=False
    ),
    "governance.minutes.not_written": gettext_lazy("Write the minutes before circulating them."),
}

refusals.register(TEXTS)


def texts(reasons: Iterable[Refusal]) -> list[str]:
    """Refusals or warnings in the active language."""
    return [refusals.refusal_text(r) for r in reasons]
