"""Admission: an organisation applies, the Secretariat vets the application (``rules.VETTING``)
and, on approval, the partner is created with the contact person as its first administrator.
The applicant is e-mailed at each step by ``tasks.send_applicant_mail`` after the commit."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import changes, content, notify, refusals
from alliance87.core.exceptions import ValidationError
from alliance87.core.models import LANGUAGE_CODES, Country, Role, User
from alliance87.core.permissions import require
from alliance87.core.services import role_assign, user_create

from .. import rules, tasks
from ..events import VETTING_EVENTS, PartnersEvent
from ..messages import problem_texts
from ..models import Application, Category, Partner, Person

APPLICATION_FIELDS = (
    "organisation_name",
    "acronym",
    "category",
    "government_kind",
    "country",
    "website",
    "themes",
    "contact_name",
    "contact_position",
    "contact_email",
    "statement",
    "commitment",
    "language",
)


def _same_open_application(data: Mapping[str, Any]) -> Application | None:
    """An open application from the same contact for the same organisation, if any."""
    name = rules.fold(str(data.get("organisation_name") or ""))
    email = str(data.get("contact_email") or "").strip().lower()
    for candidate in Application.objects.filter(
        contact_email=email, state__in=rules.OPEN_STATES
    ).order_by("pk"):
        if rules.fold(candidate.organisation_name) == name:
            return candidate
    return None


def application_submit(*, actor=None, data: Mapping[str, Any]) -> Application:
    """Anyone may apply. Every problem is reported at once, by field; nothing is saved unless
    the whole application is valid. The applicant gets an acknowledgement by e-mail. The same
    application sent again while the first is open (a reloaded form) returns the first."""
    unknown = sorted(set(data) - set(APPLICATION_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("Unknown field.")})
    problems = problem_texts(rules.application_problems(data))
    country_code = str(data.get("country") or "").upper()
    country = Country.objects.filter(pk=country_code).first() if country_code else None
    if country_code and country is None:
        problems["country"] = _("Unknown country code: %(codes)s.") % {"codes": country_code}
    if data.get("category") and data.get("category") not in Category.values:
        problems["category"] = _("Choose one of the partner categories.")
    if problems:
        raise ValidationError(problems)
    committed_at = timezone.now()
    with changes.write():
        if (same := _same_open_application(data)) is not None:
            # The form sent twice (a reload, a double click): the application already
            # exists; no second row, no second acknowledgement.
            return same
        application = changes.create(
            Application,
            actor=actor,
            event=PartnersEvent.APPLICATION_SUBMITTED,
            # Not every field: the token is the applicant's key and stays out of the log.
            changes={"state": [None, rules.SUBMITTED], "committed_at": [None, committed_at]},
            organisation_name=str(data["organisation_name"]).strip(),
            acronym=str(data.get("acronym") or "").strip(),
            category=data["category"],
            government_kind=str(data.get("government_kind") or ""),
            country=country,
            website=str(data.get("website") or "").strip(),
            themes=sorted(set(data.get("themes") or [])),
            contact_name=str(data["contact_name"]).strip(),
            contact_position=str(data.get("contact_position") or "").strip(),
            contact_email=str(data["contact_email"]).strip().lower(),
            statement=str(data["statement"]).strip(),
            commitment=True,
            committed_at=committed_at,
            language=data.get("language") if data.get("language") in LANGUAGE_CODES else "en",
            token=secrets.token_urlsafe(32),
        )
        notify.on_commit(tasks.send_applicant_mail, application.pk, rules.SUBMITTED)
        notify.on_commit(tasks.send_secretariat_application, application.pk, rules.SUBMITTED)
    return application


def _vet(
    *,
    actor,
    application_id: int,
    action: str,
    reason: str = "",
    notes: str | None = None,
    expected_version: int | None = None,
) -> Application:
    with changes.write():
        application = changes.lock(
            Application, pk=application_id, not_found=_("This application does not exist.")
        )
        require(actor, "partners.vet_application", application)
        changes.check_version(
            application,
            expected_version,
            _("Someone else changed this application. Reload it and try again."),
        )
        if refusal := rules.vetting_state_refusal(application.state, action):
            raise refusals.refused(refusal)
        if refusal := rules.reason_refusal(action, reason):
            raise ValidationError({"reason": refusals.refusal_text(refusal)})
        target = rules.vetting_target(action)
        values: dict[str, Any] = {"state": target}
        if reason.strip():
            values["reason"] = reason.strip()
        if notes is not None:
            values["vetting_notes"] = notes.strip()
        if action in ("approve", "reject"):
            values["decided_by"] = actor
            values["decided_at"] = timezone.now()
        if action == "approve":
            values["partner"] = _create_partner(actor, application)
        changes.update(application, actor=actor, event=VETTING_EVENTS[target], data=values)
        notify.on_commit(tasks.send_applicant_mail, application.pk, target)
    return application


def application_request_info(
    *,
    actor,
    application_id: int,
    reason: str,
    notes: str | None = None,
    expected_version: int | None = None,
) -> Application:
    """The Secretariat asks the applicant for more information (the reason is sent to them)."""
    return _vet(
        actor=actor,
        application_id=application_id,
        action="request_info",
        reason=reason,
        notes=notes,
        expected_version=expected_version,
    )


def application_reject(
    *,
    actor,
    application_id: int,
    reason: str,
    notes: str | None = None,
    expected_version: int | None = None,
) -> Application:
    """The Secretariat rejects an application with a reason, which the applicant receives."""
    return _vet(
        actor=actor,
        application_id=application_id,
        action="reject",
        reason=reason,
        notes=notes,
        expected_version=expected_version,
    )


def application_approve(
    *, actor, application_id: int, notes: str | None = None, expected_version: int | None = None
) -> Application:
    """The Secretariat approves: the partner is created (active, joined today) with the
    contact person as its first administrator, who receives a link to set a password."""
    return _vet(
        actor=actor,
        application_id=application_id,
        action="approve",
        notes=notes,
        expected_version=expected_version,
    )


def application_resubmit(*, token: str, reply: str) -> Application:
    """The applicant answers a request for more information through the link they received."""
    if not reply.strip():
        raise ValidationError({"reply": _("This field is required.")})
    with changes.write():
        application = changes.lock(
            Application, token=token, not_found=_("This application does not exist.")
        )
        if refusal := rules.vetting_state_refusal(application.state, "resubmit"):
            raise refusals.refused(refusal)
        changes.update(
            application,
            actor=None,
            event=PartnersEvent.APPLICATION_RESUBMITTED,
            data={
                "state": rules.vetting_target("resubmit"),
                "applicant_reply": (application.applicant_reply + "\n\n" + reply.strip()).strip(),
            },
        )
        notify.on_commit(tasks.send_applicant_mail, application.pk, rules.RESUBMITTED)
        notify.on_commit(tasks.send_secretariat_application, application.pk, rules.RESUBMITTED)
    return application


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "partner")[:100]
    slug, n = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_partner(actor, application: Application) -> Partner:
    """The partner an approval creates (inside the approval's transaction), with the contact
    person as its first administrator and focal point. The name is the applicant's, in the
    language they applied in (its original)."""
    partner = changes.create(
        Partner,
        actor=actor,
        event=PartnersEvent.PARTNER_CREATED,
        changes={"status": [None, rules.ACTIVE], "application": [None, application.pk]},
        slug=_unique_slug(application.organisation_name),
        names=content.make(
            application.language, **{application.language: application.organisation_name}
        ),
        # The applicant's own initials, the same in every language until edited per language.
        acronym=content.make(
            application.language,
            **dict.fromkeys(content.site_languages(), application.acronym.strip()),
        )
        if application.acronym.strip()
        else {},
        category=application.category,
        government_kind=application.government_kind,
        country=application.country if application.category == Category.COUNTRY else None,
        headquarters=application.country,
        themes=application.themes,
        website=application.website,
        description={},
        date_joined=timezone.localdate(),
        status=rules.ACTIVE,
    )
    partner.countries_of_work.set([application.country])
    partner.refresh_region_keys()
    user = User.objects.filter(email__iexact=application.contact_email).first()
    if user is None:
        user = user_create(
            actor=actor,
            email=application.contact_email,
            full_name=application.contact_name,
            preferred_language=application.language,
        )
    Person.objects.create(
        user=user,
        partner=partner,
        full_name=application.contact_name,
        position=application.contact_position,
        email=application.contact_email,
        languages=[application.language],
        is_focal_point=True,
        is_partner_admin=True,
    )
    role_assign(actor=actor, user=user, role=Role.PARTNER_ADMIN, scope=partner, check=False)
    return partner
