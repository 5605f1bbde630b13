"""Background work of ``core``: the password reset e-mail (composed in the person's language)."""

from __future__ import annotations

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
