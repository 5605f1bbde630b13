"""Core writes: role assignments and users. Each checks permission and writes an audit row."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from . import audit, changes, roles
from .events import CoreEvent
from .models import Role, RoleAssignment, User
from .permissions import forget_roles, is_secretariat, require


def _check_scope_type(role: str, ct: ContentType | None) -> None:
    """A role goes on the kind of object it is held on (``core.roles``), or on none; whether
    the object is on the pages' list is checked where a person picks it (``roles.resolve``)."""
    from django.core.exceptions import ValidationError

    kind = roles.scope_kind(role)
    if ct is None:
        return
    if kind is None or kind.content_type().pk != ct.pk:
        raise ValidationError(
            {"role": roles.scope_error(role, ct, "") or _("Choose a role from the list.")}
        )


def _scope_label(role: str, scope) -> str | None:
    if scope is None:
        return None
    kind = roles.scope_kind(role)
    return kind.label(scope) if kind is not None else str(scope)


def role_assign(
    *, actor, user: User, role: Role | str, scope=None, check: bool = True
) -> RoleAssignment:
    """Give ``user`` the ``role``, globally or on ``scope``. Idempotent.

    ``check=False`` is for services that already checked a higher-level permission (approving
    a partner makes its first administrator) and for loaders run by operators.
    """
    if check:
        require(actor, "core.assign_role", scope)
    ct = (
        ContentType.objects.get_for_model(scope, for_concrete_model=True)
        if scope is not None
        else None
    )
    _check_scope_type(str(role), ct)
    with changes.write(nested=True):  # also called inside the services that grant a role
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user,
            role=str(role),
            scope_type=ct,
            scope_id=str(scope.pk) if scope is not None else "",
        )
        if created:
            audit.record(
                actor=actor,
                event=CoreEvent.ROLE_ASSIGNED,
                obj=user,
                changes={
                    "role": [None, str(role)],
                    "scope": [None, _scope_label(str(role), scope)],
                },
            )
    forget_roles(user)
    return assignment


def role_revoke(*, actor, user: User, role: Role | str, scope=None, check: bool = True) -> bool:
    """Take ``role`` (globally, or on ``scope``) from ``user``; one audit row if it was held.

    ``check=False`` as for :func:`role_assign`: the calling service checked its own permission.
    """
    if check:
        require(actor, "core.assign_role", scope)
    ct = (
        ContentType.objects.get_for_model(scope, for_concrete_model=True)
        if scope is not None
        else None
    )
    with changes.write(nested=True):  # also called inside the services that take a role away
        deleted, _ = RoleAssignment.objects.filter(
            user=user,
            role=str(role),
            scope_type=ct,
            scope_id=str(scope.pk) if scope is not None else "",
        ).delete()
        if deleted:
            audit.record(
                actor=actor,
                event=CoreEvent.ROLE_REVOKED,
                obj=user,
                changes={
                    "role": [str(role), None],
                    "scope": [_scope_label(str(role), scope), None],
                },
            )
    forget_roles(user)
    return bool(deleted)


def user_create(
    *,
    actor,
    email: str,
    full_name: str = "",
    password: str | None = None,
    preferred_language: str = "en",
) -> User:
    """Create an account (an unusable password until the person sets one, unless given)."""
    email = User.objects.normalize_email(email).lower()
    with changes.write(nested=True):  # also called by invitations inside their own transaction
        user = User(
            email=email, username=email, full_name=full_name, preferred_language=preferred_language
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=actor,
            event=CoreEvent.USER_CREATED,
            obj=user,
            changes={"email": [None, email], "full_name": [None, full_name]},
        )
    return user


def api_token_create(*, actor, user: User, name: str) -> str:
    """Create an API token for ``user`` and return it; only its hash is stored, so it is shown once."""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext as _

    from .api_support import hash_token, new_token
    from .models_tokens import ApiToken

    if actor is not None and actor != user and not is_secretariat(actor):
        raise PermissionDenied(_("You do not have permission to do this."))
    raw = new_token()
    with changes.write():
        token = ApiToken.objects.create(
            user=user, name=name.strip()[:100] or "token", key_hash=hash_token(raw)
        )
        audit.record(
            actor=actor,
            event=CoreEvent.API_TOKEN_CREATED,
            obj=token,
            changes={"name": [None, token.name]},
        )
    return raw


def api_token_revoke(*, actor, token_id: int) -> None:
    from django.core.exceptions import PermissionDenied
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .models_tokens import ApiToken

    with changes.write():
        token = changes.lock(ApiToken, pk=token_id)
        if actor is not None and actor.pk != token.user_id and not is_secretariat(actor):
            raise PermissionDenied(_("You do not have permission to do this."))
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            audit.record(
                actor=actor,
                event=CoreEvent.API_TOKEN_REVOKED,
                obj=token,
                changes={"revoked": [False, True]},
            )


def password_reset_request(*, email: str) -> None:
    """Queue a password reset e-mail for the active account with this address, if there is one.

    The caller says the same thing whether or not an account exists, so the page does not
    reveal who has one; the e-mail is sent by the worker, in the person's language.
    """
    from . import notify
    from .tasks import send_password_reset

    user = User.objects.filter(email__iexact=(email or "").strip(), is_active=True).first()
    if user is not None:
        notify.on_commit(send_password_reset, user.pk)


def user_invite(
    *,
    actor,
    email: str,
    full_name: str = "",
    preferred_language: str = "en",
    role: str,
    scope_id: str = "",
) -> RoleAssignment:
    """The Secretariat invites a person with a role on an object picked from its list
    (``core.roles``): their account is found by address or created without a password, the
    role is given, and the worker e-mails them, in their language, a link to set a password.

    Inviting someone again (their link expired, say) sends a new link; the role is given once.
    """
    from . import notify, tasks

    require(actor, "core.invite")
    email = User.objects.normalize_email((email or "").strip()).lower()
    with changes.write():
        scope = roles.resolve(role, scope_id)
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_create(
                actor=actor,
                email=email,
                full_name=(full_name or "").strip(),
                preferred_language=preferred_language,
            )
        assignment = role_assign(actor=actor, user=user, role=role, scope=scope, check=False)
        audit.record(
            actor=actor,
            event=CoreEvent.USER_INVITED,
            obj=user,
            changes={"role": [None, role], "scope": [None, _scope_label(role, scope)]},
        )
        notify.on_commit(tasks.send_invitation, user.pk, assignment.pk)
    return assignment


def _assignment_for_update(assignment_id: int) -> RoleAssignment:
    return changes.lock(
        RoleAssignment.objects.select_related("user"),
        not_found=_("This role is no longer held."),
        pk=assignment_id,
    )


def _refuse_own_secretariat(actor, assignment: RoleAssignment) -> None:
    from django.core.exceptions import ValidationError

    if assignment.role == Role.SECRETARIAT and assignment.user_id == getattr(actor, "pk", None):
        raise ValidationError(
            {"role": _("You cannot take away your own Secretariat role; ask a colleague.")}
        )


def role_change(*, actor, assignment_id: int, role: str, scope_id: str = "") -> RoleAssignment:
    """Change a held role into another (or the same role on another object): one row changed,
    one audit row with the old and new role and object; nothing when nothing changes."""
    from django.core.exceptions import ValidationError

    require(actor, "core.assign_role")
    with changes.write(nested=True):  # the admin calls it inside its own transaction
        assignment = _assignment_for_update(assignment_id)
        scope = roles.resolve(role, scope_id)
        ct = roles.scope_kind(role).content_type() if scope is not None else None  # type: ignore[union-attr]
        new_id = str(scope.pk) if scope is not None else ""
        if (assignment.role, assignment.scope_type_id, assignment.scope_id) == (
            role,
            ct.pk if ct else None,
            new_id,
        ):
            return assignment
        if role != Role.SECRETARIAT:
            _refuse_own_secretariat(actor, assignment)
        if (
            RoleAssignment.objects.filter(
                user_id=assignment.user_id, role=role, scope_type=ct, scope_id=new_id
            )
            .exclude(pk=assignment.pk)
            .exists()
        ):
            raise ValidationError({"role": _("This person already holds this role here.")})
        old_role = assignment.role
        old_scope = roles.scope_names([assignment]).get(assignment.pk)
        assignment.role, assignment.scope_type, assignment.scope_id = role, ct, new_id
        assignment.save(update_fields=["role", "scope_type", "scope_id"])
        audit.record(
            actor=actor,
            event=CoreEvent.ROLE_CHANGED,
            obj=assignment.user,
            changes={
                "role": [old_role, role],
                "scope": [old_scope, _scope_label(role, scope)],
            },
        )
    forget_roles(assignment.user)
    return assignment


def role_revoke_assignment(*, actor, assignment_id: int) -> None:
    """Take away one held role (the roles page's button); one audit row."""
    require(actor, "core.assign_role")
    with changes.write(nested=True):  # the admin calls it inside its own transaction
        assignment = _assignment_for_update(assignment_id)
        _refuse_own_secretariat(actor, assignment)
        scope = roles.scope_names([assignment]).get(assignment.pk)
        user = assignment.user
        assignment.delete()
        audit.record(
            actor=actor,
            event=CoreEvent.ROLE_REVOKED,
            obj=user,
            changes={"role": [assignment.role, None], "scope": [scope, None]},
        )
    forget_roles(user)


def user_record_admin_change(*, actor, user: User, changed: dict, created: bool) -> None:
    """An account added or changed in the admin: one audit row (passwords never recorded)."""
    event = CoreEvent.USER_CREATED if created else CoreEvent.USER_UPDATED
    data = {k: ["…", "…"] if k == "password" else v for k, v in changed.items()}
    audit.record(actor=actor, event=event, obj=user, changes=data, allow_empty=created)
