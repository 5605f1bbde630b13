"""Every change to partners and applications: check permission, lock, re-check, write, audit,
and send e-mails only after the transaction commits."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import audit
from alliance87.core.exceptions import Conflict, TransitionRefused, ValidationError
from alliance87.core.models import LANGUAGE_CODES, Country, Region, Role, RoleAssignment, User
from alliance87.core.permissions import is_secretariat, require
from alliance87.core.services import role_assign, role_revoke, user_create

from . import rules
from .models import PERSON_LANGUAGES, Application, Category, Partner, Person

logger = logging.getLogger(__name__)

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


def _clean_language_dict(value: Any, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise ValidationError({field: _("Give a value per language.")})
    return {
        k: str(v).strip() for k, v in value.items() if k in LANGUAGE_CODES and str(v or "").strip()
    }


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
) -> Partner:
    """A partner administrator (or the Secretariat) edits the partner's public profile.

    ``data`` holds any of ``PROFILE_FIELDS``; ``logo`` is an uploaded file. One audit row lists
    every field that changed, from what to what. Nothing is written if anything is invalid.
    """
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("This field cannot be changed here.")})
    with transaction.atomic(durable=True):
        partner = Partner.objects.select_for_update().get(pk=partner_id)
        require(actor, "partners.edit_profile", partner)
        if partner.version != expected_version:
            raise Conflict(
                _("Someone else changed this profile. Reload it and apply your changes again.")
            )
        values: dict[str, Any] = {}
        if "names" in data:
            values["names"] = _clean_language_dict(data["names"], "names")
        if "description" in data:
            values["description"] = _clean_language_dict(data["description"], "description")
        for name in ("acronym", "website"):
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
        changes = audit.apply_changes(partner, values)
        exclude = ["logo"]
        if logo is not None:
            old = partner.logo.name
            partner.logo = logo
            exclude = []
            changes["logo"] = [old, logo.name]
        elif remove_logo and partner.logo:
            changes["logo"] = [partner.logo.name, ""]
            partner.logo = None
        if not changes:
            return partner
        partner.full_clean(exclude=exclude)
        partner.version += 1
        partner.save()
        if "countries_of_work" in values:
            partner.countries_of_work.set(values["countries_of_work"])
        if "regions_of_work" in values:
            partner.regions_of_work.set(values["regions_of_work"])
        partner.refresh_region_keys()
        audit.record(actor=actor, event="partners.partner.updated", obj=partner, changes=changes)
    return partner


def partner_set_status(*, actor, partner_id: int, status: str) -> Partner:
    """The Secretariat suspends, reinstates or withdraws a partner (rules.PARTNER_TRANSITIONS)."""
    with transaction.atomic(durable=True):
        partner = Partner.objects.select_for_update().get(pk=partner_id)
        require(actor, "partners.change_status", partner)
        refusal = rules.partner_transition_refusal(partner.status, status)
        if refusal:
            raise TransitionRefused(refusal, field="status")
        changes = audit.apply_changes(partner, {"status": status})
        partner.version += 1
        partner.save(update_fields=["status", "version", "updated_at"])
        audit.record(
            actor=actor, event="partners.partner.status_changed", obj=partner, changes=changes
        )
    return partner


# --- People of a partner ---------------------------------------------------------------------

PERSON_FIELDS = ("full_name", "position", "email", "phone", "languages", "is_focal_point")


def _person_values(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Check and normalise a person's fields; every problem is reported at once, by field."""
    unknown = sorted(set(data) - set(PERSON_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("This field cannot be changed here.")})
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    for name in ("full_name", "position", "email", "phone"):
        if name in data:
            value = data[name]
            if value is not None and not isinstance(value, str):
                problems[name] = _("Give a text.")
                continue
            values[name] = (value or "").strip()
    if "email" in values:
        values["email"] = values["email"].lower()
    if (creating or "full_name" in values) and not values.get("full_name"):
        problems["full_name"] = _("This field is required.")
    if values.get("phone"):
        problem = rules.phone_problem(values["phone"])
        if problem:
            problems["phone"] = problem
    if "languages" in data:
        languages = data["languages"]
        if languages is None:
            languages = []
        if not isinstance(languages, list | tuple) or any(
            code not in PERSON_LANGUAGES for code in languages
        ):
            problems["languages"] = _("Choose languages from the list.")
        else:
            values["languages"] = list(
                dict.fromkeys(languages)
            )  # in the order given: first preferred
    if "is_focal_point" in data:
        if not isinstance(data["is_focal_point"], bool):
            problems["is_focal_point"] = _("Give true or false.")
        else:
            values["is_focal_point"] = data["is_focal_point"]
    if problems:
        raise ValidationError(problems)
    return values


def _check_email_free(partner_id: int, email: str, *, person_id: int | None = None) -> None:
    if (
        email
        and Person.objects.filter(partner_id=partner_id, email__iexact=email)
        .exclude(pk=person_id)
        .exists()
    ):
        raise ValidationError(
            {"email": _("Someone of this partner already has this e-mail address.")}
        )


def _person_for_update(person_id: int, partner_id: int | None = None) -> tuple[Partner, Person]:
    """Lock the partner, then the person (always in that order, so two administrators
    changing the same partner's people queue up instead of deadlocking)."""
    partner_pk = Person.objects.filter(pk=person_id).values_list("partner_id", flat=True).first()
    if partner_pk is None or (partner_id is not None and partner_pk != partner_id):
        raise Person.DoesNotExist
    partner = Partner.objects.select_for_update().get(pk=partner_pk)
    person = Person.objects.select_for_update().get(pk=person_id)
    if person.partner_id != partner.pk:
        raise Person.DoesNotExist
    return partner, person


def _check_version(person: Person, expected_version: int) -> None:
    if person.version != expected_version:
        raise Conflict(
            _("Someone else changed this person. Reload the page and apply your changes again.")
        )


def person_add(*, actor, partner_id: int, data: Mapping[str, Any]) -> Person:
    """A partner administrator (or the Secretariat) adds someone to the partner's people."""
    values = _person_values(data, creating=True)
    with transaction.atomic(durable=True):
        partner = Partner.objects.select_for_update().get(pk=partner_id)
        require(actor, "partners.manage_people", partner)
        _check_email_free(partner.pk, values.get("email", ""))
        person = Person(partner=partner, **values)
        person.full_clean()
        person.save()
        audit.record(
            actor=actor,
            event="partners.person.created",
            obj=person,
            changes={"partner": [None, partner.pk], **{k: [None, v] for k, v in values.items()}},
        )
    return person


def person_update(
    *,
    actor,
    person_id: int,
    data: Mapping[str, Any],
    expected_version: int,
    partner_id: int | None = None,
) -> Person:
    """Edit a person's name, position, e-mail, phone, languages or focal-point flag.
    Optimistic-locked: if someone saved in between, nothing is overwritten."""
    values = _person_values(data, creating=False)
    with transaction.atomic(durable=True):
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_version(person, expected_version)
        if values.get("email"):
            _check_email_free(partner.pk, values["email"], person_id=person.pk)
        changes = audit.apply_changes(person, values)
        if not changes:
            return person
        person.full_clean()
        person.version += 1
        person.save(update_fields=[*changes, "version", "updated_at"])
        audit.record(actor=actor, event="partners.person.updated", obj=person, changes=changes)
    return person


def _partner_roles(user_id: int | None, partner: Partner) -> QuerySet[RoleAssignment]:
    ct = ContentType.objects.get_for_model(Partner)
    return RoleAssignment.objects.filter(
        user_id=user_id, role__in=rules.PERSON_ACCESS_ROLES, scope_type=ct, scope_id=str(partner.pk)
    )


def _admins_after(partner: Partner, *, losing_user_id: int | None) -> int:
    """How many administrators the partner keeps if ``losing_user_id`` stops being one."""
    ct = ContentType.objects.get_for_model(Partner)
    admins = set(
        RoleAssignment.objects.filter(
            role=Role.PARTNER_ADMIN, scope_type=ct, scope_id=str(partner.pk)
        ).values_list("user_id", flat=True)
    )
    admins.discard(losing_user_id)
    return len(admins)


def _check_admins_left(actor, partner: Partner, person: Person) -> None:
    if (
        person.user_id is None
        or not _partner_roles(person.user_id, partner).filter(role=Role.PARTNER_ADMIN).exists()
    ):
        return
    refusal = rules.last_admin_refusal(
        _admins_after(partner, losing_user_id=person.user_id),
        actor_is_secretariat=is_secretariat(actor),
    )
    if refusal:
        raise TransitionRefused(refusal, field="role")


def _revoke_partner_roles(actor, user: User, partner: Partner, *, keep: str | None = None) -> None:
    """Remove ``user``'s partner roles on ``partner`` (except ``keep``), one audit row each.
    The caller has already checked ``partners.manage_people`` on this partner."""
    for role in (
        _partner_roles(user.pk, partner).exclude(role=keep or "").values_list("role", flat=True)
    ):
        role_revoke(actor=actor, user=user, role=role, scope=partner, check=False)


def person_grant_access(
    *, actor, person_id: int, role: str, expected_version: int, partner_id: int | None = None
) -> Person:
    """Invite a person to sign in as a member or an administrator of their partner.

    Their account is found by e-mail or created (with no password); they hold exactly one
    partner role on this partner (``role_assign`` scoped to the partner) and receive, after
    the transaction commits, an e-mail with a link to set their password.
    """
    if role not in rules.PERSON_ACCESS_ROLES:
        raise ValidationError({"role": _("Choose member or administrator.")})
    with transaction.atomic(durable=True):
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_version(person, expected_version)
        if not person.email:
            raise ValidationError(
                {"email": _("Give this person's e-mail address before inviting them.")}
            )
        user = person.user
        if user is None:
            user = User.objects.filter(email__iexact=person.email).first()
            if (
                user is not None
                and Person.objects.filter(partner=partner, user=user).exclude(pk=person.pk).exists()
            ):
                raise ValidationError(
                    {"email": _("This account already belongs to someone of this partner.")}
                )
        current = set(
            _partner_roles(user.pk if user else None, partner).values_list("role", flat=True)
        )
        if role == rules.PARTNER_MEMBER and rules.PARTNER_ADMIN in current:
            _check_admins_left(actor, partner, person)
        if user is None:
            preferred = next(
                (c for c in person.languages if c in LANGUAGE_CODES),
                (translation.get_language() or "en")[:2],
            )
            user = user_create(
                actor=actor,
                email=person.email,
                full_name=person.full_name,
                preferred_language=preferred if preferred in LANGUAGE_CODES else "en",
            )
        _revoke_partner_roles(actor, user, partner, keep=role)
        role_assign(actor=actor, user=user, role=role, scope=partner, check=False)
        old_access = (
            sorted(current)[0] if len(current) == 1 else (rules.PARTNER_ADMIN if current else None)
        )
        changes = audit.apply_changes(
            person, {"user": user, "is_partner_admin": role == rules.PARTNER_ADMIN}
        )
        changes["access"] = [old_access, role]
        person.version += 1
        person.save(update_fields=["user", "is_partner_admin", "version", "updated_at"])
        audit.record(
            actor=actor, event="partners.person.access_granted", obj=person, changes=changes
        )
        user_id, partner_pk = user.pk, partner.pk
        transaction.on_commit(lambda: _send_access_mail_quietly(user_id, partner_pk, role))
    return person


def person_remove_access(
    *, actor, person_id: int, expected_version: int, partner_id: int | None = None
) -> Person:
    """Stop a person signing in for their partner: their partner roles on it are removed and
    their account is unlinked from the record (the record itself stays)."""
    with transaction.atomic(durable=True):
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_version(person, expected_version)
        if person.user is None:
            raise TransitionRefused(_("This person has no access to remove."), field="role")
        _check_admins_left(actor, partner, person)
        old = sorted(_partner_roles(person.user_id, partner).values_list("role", flat=True))
        _revoke_partner_roles(actor, person.user, partner)
        changes = audit.apply_changes(person, {"user": None, "is_partner_admin": False})
        changes["access"] = [old[-1] if old else None, None]
        person.version += 1
        person.save(update_fields=["user", "is_partner_admin", "version", "updated_at"])
        audit.record(
            actor=actor, event="partners.person.access_removed", obj=person, changes=changes
        )
    return person


def person_remove(
    *, actor, person_id: int, expected_version: int, partner_id: int | None = None
) -> None:
    """Remove someone from a partner's people, and their access with them."""
    with transaction.atomic(durable=True):
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_version(person, expected_version)
        if person.user is not None:
            _check_admins_left(actor, partner, person)
            _revoke_partner_roles(actor, person.user, partner)
        audit.record(
            actor=actor,
            event="partners.person.removed",
            obj=person,
            changes={
                "partner": [partner.pk, None],
                "full_name": [person.full_name, None],
                "user": [person.user_id, None],
            },
        )
        try:
            with transaction.atomic():
                person.delete()
        except ProtectedError as exc:  # e.g. a member of an action group (groups.Membership)
            raise TransitionRefused(
                _(
                    "This person is still named elsewhere on the platform, for example as a member of "
                    "a group; remove them there first. You can remove their access now."
                )
            ) from exc


def _send_access_mail_quietly(user_id: int, partner_id: int, role: str) -> None:
    try:
        send_access_mail(user_id, partner_id, role)
    except Exception:  # noqa: BLE001 - SMTP and template errors alike
        logger.exception(
            "Could not send the invitation e-mail to user %s for partner %s", user_id, partner_id
        )


def send_access_mail(user_id: int, partner_id: int, role: str) -> None:
    """The invitation, in the person's language: a link to set a password (or, for someone
    who already has one, to sign in)."""
    user = User.objects.get(pk=user_id)
    partner = Partner.objects.get(pk=partner_id)
    language = user.preferred_language if user.preferred_language in LANGUAGE_CODES else "en"
    with translation.override(language):
        if user.has_usable_password():
            link = _absolute(reverse("core:login"))
        else:
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            link = _absolute(
                reverse("core:set_password", args=[uid, default_token_generator.make_token(user)])
            )
        name = partner.name
        subject = _("Alliance 8.7: your access for %(name)s") % {"name": name}
        if role == rules.PARTNER_ADMIN:
            body = _(
                "You are now an administrator of %(name)s on the Alliance 8.7 Platform: you can "
                "edit its profile and manage its people. Sign in here: %(link)s"
            )
        else:
            body = _(
                "You are now a member of %(name)s on the Alliance 8.7 Platform. "
                "Sign in here: %(link)s"
            )
        body = body % {"name": name, "link": link}
    send_mail(subject, body, None, [user.email])


# --- Admission ------------------------------------------------------------------------------

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


def application_submit(*, actor=None, data: Mapping[str, Any]) -> Application:
    """Anyone may apply. Every problem is reported at once, by field; nothing is saved unless
    the whole application is valid. The applicant gets an acknowledgement by e-mail."""
    unknown = sorted(set(data) - set(APPLICATION_FIELDS))
    if unknown:
        raise ValidationError({unknown[0]: _("Unknown field.")})
    problems = rules.application_problems(data)
    country_code = str(data.get("country") or "").upper()
    country = Country.objects.filter(pk=country_code).first() if country_code else None
    if country_code and country is None:
        problems["country"] = _("Unknown country code: %(codes)s.") % {"codes": country_code}
    if data.get("category") and data.get("category") not in Category.values:
        problems["category"] = _("Choose one of the partner categories.")
    if problems:
        raise ValidationError(problems)
    application = Application(
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
        committed_at=timezone.now(),
        language=data.get("language") if data.get("language") in LANGUAGE_CODES else "en",
        token=secrets.token_urlsafe(32),
    )
    application.full_clean()
    with transaction.atomic(durable=True):
        application.save()
        audit.record(
            actor=actor,
            event="partners.application.submitted",
            obj=application,
            changes={
                "state": [None, application.state],
                "committed_at": [None, application.committed_at],
            },
        )
        _mail_on_commit(application, "submitted")
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
    with transaction.atomic(durable=True):
        application = Application.objects.select_for_update().get(pk=application_id)
        require(actor, "partners.vet_application", application)
        if expected_version is not None and application.version != expected_version:
            raise Conflict(_("Someone else changed this application. Reload it and try again."))
        refusal = rules.vetting_refusal(application.state, action, reason="-")
        if refusal:
            raise TransitionRefused(refusal)
        refusal = rules.vetting_refusal(application.state, action, reason=reason)
        if refusal:
            raise ValidationError({"reason": refusal})
        values: dict[str, Any] = {"state": rules.vetting_target(action)}
        if reason.strip():
            values["reason"] = reason.strip()
        if notes is not None:
            values["vetting_notes"] = notes.strip()
        if action in ("approve", "reject"):
            values["decided_by"] = actor
            values["decided_at"] = timezone.now()
        changes = audit.apply_changes(application, values)
        if action == "approve":
            partner = _create_partner(actor, application)
            application.partner = partner
            changes["partner"] = [None, partner.pk]
        application.version += 1
        application.full_clean()
        application.save()
        audit.record(
            actor=actor,
            event=f"partners.application.{values['state']}",
            obj=application,
            changes=changes,
        )
        _mail_on_commit(application, values["state"])
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
    with transaction.atomic(durable=True):
        application = Application.objects.select_for_update().filter(token=token).first()
        if application is None:
            raise Application.DoesNotExist
        refusal = rules.vetting_refusal(application.state, "resubmit")
        if refusal:
            raise TransitionRefused(refusal)
        changes = audit.apply_changes(
            application,
            {
                "state": rules.RESUBMITTED,
                "applicant_reply": (application.applicant_reply + "\n\n" + reply.strip()).strip(),
            },
        )
        application.version += 1
        application.save()
        audit.record(
            actor=None, event="partners.application.resubmitted", obj=application, changes=changes
        )
        _mail_on_commit(application, rules.RESUBMITTED)
    return application


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "partner")[:100]
    slug, n = base, 2
    while Partner.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _create_partner(actor, application: Application) -> Partner:
    partner = Partner(
        slug=_unique_slug(application.organisation_name),
        names={application.language: application.organisation_name},
        acronym=application.acronym,
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
    partner.full_clean()
    partner.save()
    partner.countries_of_work.set([application.country])
    partner.refresh_region_keys()
    audit.record(
        actor=actor,
        event="partners.partner.created",
        obj=partner,
        changes={"status": [None, partner.status], "application": [None, application.pk]},
    )
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


# --- E-mails to the applicant (after commit) -------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail_on_commit(application: Application, kind: str) -> None:
    application_id = application.pk
    transaction.on_commit(lambda: _send_quietly(application_id, kind))


def _send_quietly(application_id: int, kind: str) -> None:
    """The decision is already saved; a mail server failure is logged, not shown as an error."""
    try:
        send_applicant_mail(application_id, kind)
    except Exception:  # noqa: BLE001 - SMTP and template errors alike
        logger.exception(
            "Could not send the %s e-mail for partner application %s", kind, application_id
        )


def send_applicant_mail(application_id: int, kind: str) -> None:
    """The e-mail for one step of the admission, in the applicant's language."""
    application = Application.objects.select_related("partner").get(pk=application_id)
    with translation.override(application.language):
        name = application.organisation_name
        if kind == rules.SUBMITTED:
            subject = _("Alliance 8.7: we received the application of %(name)s") % {"name": name}
            body = _(
                "Thank you for applying to join Alliance 8.7. The Secretariat will review the "
                "application of %(name)s and write to you at each step."
            ) % {"name": name}
        elif kind == rules.INFO_REQUESTED:
            link = _absolute(reverse("partners:application_reply", args=[application.token]))
            subject = _("Alliance 8.7: more information needed for %(name)s") % {"name": name}
            body = _(
                "The Secretariat needs more information about the application of %(name)s:\n\n"
                "%(reason)s\n\nAnswer here: %(link)s"
            ) % {"name": name, "reason": application.reason, "link": link}
        elif kind == rules.RESUBMITTED:
            subject = _("Alliance 8.7: we received your additional information")
            body = _(
                "The Secretariat will now continue the review of the application of %(name)s."
            ) % {"name": name}
        elif kind == rules.APPROVED:
            user = User.objects.filter(email__iexact=application.contact_email).first()
            link = ""
            if user is not None:
                uid = urlsafe_base64_encode(force_bytes(user.pk))
                token = default_token_generator.make_token(user)
                link = _absolute(reverse("core:set_password", args=[uid, token]))
            subject = _("Alliance 8.7: %(name)s is now a partner") % {"name": name}
            body = _(
                "Welcome to Alliance 8.7. %(name)s is now a partner and you are the administrator "
                "of its profile. Set your password here: %(link)s"
            ) % {"name": name, "link": link}
        else:  # rejected
            subject = _("Alliance 8.7: decision on the application of %(name)s") % {"name": name}
            body = _(
                "The Secretariat could not approve the application of %(name)s, for this reason:\n\n%(reason)s"
            ) % {"name": name, "reason": application.reason}
    send_mail(subject, body, None, [application.contact_email])
