"""Core writes: role assignments and users. Each checks permission and writes an audit row."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from . import audit, changes
from .events import CoreEvent
from .models import Role, RoleAssignment, User
from .permissions import forget_roles, is_secretariat, require


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
                    "scope": [None, str(scope) if scope is not None else None],
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
                    "scope": [str(scope) if scope is not None else None, None],
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
