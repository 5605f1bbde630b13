"""Background work of ``core``: the password reset and invitation e-mails (each composed in
the person's language)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from . import notify
from .models import User


@task()
def send_password_reset(user_id: int) -> int:
    """E-mail a link to choose a new password (valid for PASSWORD_RESET_TIMEOUT)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return 0

    def compose():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        link = notify.absolute_url(
            reverse("core:set_password", args=[uid, default_token_generator.make_token(user)])
        )
        body = render_to_string(
            "registration/email/password_reset.txt", {"user": user, "link": link}
        )
        return _("Choose a new password for the Alliance 8.7 Platform"), body

    return notify.send(notify.recipients_of([user]), compose)


@task()
def send_invitation(user_id: int, assignment_id: int) -> int:
    """The invitation, in the invited person's language: the role, the object it is held on and
    a link to set a password (signed, valid for PASSWORD_RESET_TIMEOUT and spent once the
    password is set); someone who already has a password gets the sign-in link instead."""
    from django.conf import settings
    from django.utils import timezone
    from django.utils.formats import date_format

    from . import roles
    from .models import RoleAssignment

    user = User.objects.filter(pk=user_id, is_active=True).first()
    assignment = RoleAssignment.objects.filter(pk=assignment_id, user_id=user_id).first()
    if user is None or assignment is None:
        return 0
    needs_password = not user.has_usable_password()
    if not needs_password:
        name, args = "core:login", []
    else:
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        name, args = "core:set_password", [uid, default_token_generator.make_token(user)]
    expires = timezone.now() + dt.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)

    def compose():
        link = notify.absolute_url(reverse(name, args=args))  # under the recipient's /<lang>/
        scope = roles.scope_names([assignment]).get(assignment.pk, "")  # named in their language
        body = render_to_string(
            "registration/email/invitation.txt",
            {
                "user": user,
                "role": roles.role_label(assignment.role),
                "scope": scope,
                "link": link,
                "needs_password": needs_password,
                "expires": date_format(timezone.localtime(expires), "DATE_FORMAT"),
            },
        )
        return _("You are invited to the Alliance 8.7 Platform"), body

    return notify.send(notify.recipients_of([user]), compose)
