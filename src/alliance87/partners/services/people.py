"""A partner's people: adding and editing them, and their access (invitations to sign in).

Lock order: the partner, then the person (``changes`` documents it: parent before child).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import ProtectedError, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from alliance87.core import audit, changes, notify, refusals
from alliance87.core.exceptions import NotFound, ValidationError
from alliance87.core.models import LANGUAGE_CODES, Role, RoleAssignment, User
from alliance87.core.permissions import is_secretariat, require
from alliance87.core.services import role_assign, role_revoke, user_create
from alliance87.core.transitions import refusal

from .. import rules, tasks
from ..events import PartnersEvent
from ..models import PERSON_LANGUAGES, Partner, Person
from .locks import partner_locked

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
    if values.get("phone") and (problem := rules.phone_problem(values["phone"])):
        problems["phone"] = refusals.refusal_text(problem)
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
    changing the same partner's people queue up instead of deadlocking). A person who is not
    of ``partner_id`` (when given) is not found."""
    not_found = _("This person does not exist.")
    partner_pk = Person.objects.filter(pk=person_id).values_list("partner_id", flat=True).first()
    if partner_pk is None or (partner_id is not None and partner_pk != partner_id):
        raise NotFound(not_found)
    partner = partner_locked(partner_pk)
    person = changes.lock(Person, pk=person_id, partner_id=partner.pk, not_found=not_found)
    return partner, person


def _check_person_version(person: Person, expected_version: int) -> None:
    changes.check_version(
        person,
        expected_version,
        _("Someone else changed this person. Reload the page and apply your changes again."),
    )


def person_add(*, actor, partner_id: int, data: Mapping[str, Any]) -> Person:
    """A partner administrator (or the Secretariat) adds someone to the partner's people."""
    values = _person_values(data, creating=True)
    with changes.write():
        partner = partner_locked(partner_id)
        require(actor, "partners.manage_people", partner)
        _check_email_free(partner.pk, values.get("email", ""))
        return changes.create(
            Person,
            actor=actor,
            event=PartnersEvent.PERSON_CREATED,
            changes={"partner": [None, partner.pk], **{k: [None, v] for k, v in values.items()}},
            partner=partner,
            **values,
        )


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
    with changes.write():
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_person_version(person, expected_version)
        if values.get("email"):
            _check_email_free(partner.pk, values["email"], person_id=person.pk)
        changes.update(person, actor=actor, event=PartnersEvent.PERSON_UPDATED, data=values)
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
        raise refusals.refused(refusal, field="role")


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
    with changes.write():
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_person_version(person, expected_version)
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
        changes.update(
            person,
            actor=actor,
            event=PartnersEvent.PERSON_ACCESS_GRANTED,
            data={"user": user, "is_partner_admin": role == rules.PARTNER_ADMIN},
            extra_changes={"access": [old_access, role]},
        )
        notify.on_commit(tasks.send_access_mail, user.pk, partner.pk, role)
    return person


def person_remove_access(
    *, actor, person_id: int, expected_version: int, partner_id: int | None = None
) -> Person:
    """Stop a person signing in for their partner: their partner roles on it are removed and
    their account is unlinked from the record (the record itself stays)."""
    with changes.write():
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_person_version(person, expected_version)
        if person.user is None:
            raise refusals.refused(refusal("partners.no_access_to_remove"), field="role")
        _check_admins_left(actor, partner, person)
        old = sorted(_partner_roles(person.user_id, partner).values_list("role", flat=True))
        _revoke_partner_roles(actor, person.user, partner)
        changes.update(
            person,
            actor=actor,
            event=PartnersEvent.PERSON_ACCESS_REMOVED,
            data={"user": None, "is_partner_admin": False},
            extra_changes={"access": [old[-1] if old else None, None]},
        )
    return person


def person_remove(
    *, actor, person_id: int, expected_version: int, partner_id: int | None = None
) -> None:
    """Remove someone from a partner's people, and their access with them."""
    with changes.write():
        partner, person = _person_for_update(person_id, partner_id)
        require(actor, "partners.manage_people", partner)
        _check_person_version(person, expected_version)
        if person.user is not None:
            _check_admins_left(actor, partner, person)
            _revoke_partner_roles(actor, person.user, partner)
        audit.record(
            actor=actor,
            event=PartnersEvent.PERSON_REMOVED,
            obj=person,
            changes={
                "partner": [partner.pk, None],
                "full_name": [person.full_name, None],
                "user": [person.user_id, None],
            },
        )
        try:
            # A savepoint inside the service's transaction: a refused delete is undone alone
            # and the refusal below rolls back the rest.
            with changes.write(nested=True):
                person.delete()
        except ProtectedError as exc:  # e.g. a member of an action group (groups.Membership)
            raise refusals.refused(refusal("partners.person_named_elsewhere")) from exc
