"""The partners app's e-mails, sent by the task worker after the change is committed
(``core.notify``): the steps of an application to the applicant, and invitations to sign in.
Each is composed in its recipient's language: the applicant's (the language they applied
in) or the invited person's preferred one."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from alliance87.core import notify
from alliance87.core.models import LANGUAGE_CODES, User

from . import rules
from .models import Application, Partner


def _set_password_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return notify.absolute_url(reverse("core:set_password", args=[uid, token]))


@task()
def send_access_mail(user_id: int, partner_id: int, role: str) -> int:
    """The invitation, in the person's language: a link to set a password (or, for someone
    who already has one, to sign in)."""
    user = User.objects.get(pk=user_id)
    partner = Partner.objects.get(pk=partner_id)
    language = user.preferred_language if user.preferred_language in LANGUAGE_CODES else "en"

    def compose() -> tuple[str, str]:
        # Reversed in the recipient's language, so the link opens the page in it.
        if user.has_usable_password():
            link = notify.absolute_url(reverse("core:login"))
        else:
            link = _set_password_link(user)
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
        return subject, body % {"name": name, "link": link}

    return notify.send([notify.Recipient(user.email, language)], compose)


def _applicant_message(application: Application, kind: str) -> tuple[str, str]:
    """The e-mail for one step of the admission (in the active language)."""
    name = application.organisation_name
    if kind == rules.SUBMITTED:
        subject = _("Alliance 8.7: we received the application of %(name)s") % {"name": name}
        body = _(
            "Thank you for applying to join Alliance 8.7. The Secretariat will review the "
            "application of %(name)s and write to you at each step."
        ) % {"name": name}
    elif kind == rules.INFO_REQUESTED:
        link = notify.absolute_url(reverse("partners:application_reply", args=[application.token]))
        subject = _("Alliance 8.7: more information needed for %(name)s") % {"name": name}
        body = _(
            "The Secretariat needs more information about the application of %(name)s:\n\n"
            "%(reason)s\n\nAnswer here: %(link)s"
        ) % {"name": name, "reason": application.reason, "link": link}
    elif kind == rules.RESUBMITTED:
        subject = _("Alliance 8.7: we received your additional information")
        body = _("The Secretariat will now continue the review of the application of %(name)s.") % {
            "name": name
        }
    elif kind == rules.APPROVED:
        user = User.objects.filter(email__iexact=application.contact_email).first()
        link = _set_password_link(user) if user is not None else ""
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
    return subject, body


@task()
def send_applicant_mail(application_id: int, kind: str) -> int:
    """The e-mail for one step of the admission, in the applicant's language."""
    application = Application.objects.select_related("partner").get(pk=application_id)
    return notify.send(
        [notify.Recipient(application.contact_email, application.language)],
        lambda: _applicant_message(application, kind),
    )


@task()
def send_secretariat_application(application_id: int, kind: str) -> int:
    """Tell the Secretariat, which vets admissions, of a new (or resubmitted) application:
    one e-mail to each of its members, in their language, with the link to vet it."""
    from alliance87.core.models import Role, RoleAssignment

    application = Application.objects.get(pk=application_id)
    recipients = notify.recipients_of(
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, user__is_active=True
        ).select_related("user")
    )

    def compose() -> tuple[str, str]:
        name = application.organisation_name
        link = notify.absolute_url(reverse("partners:application", args=[application.pk]))
        if kind == rules.RESUBMITTED:
            subject = _("Alliance 8.7: %(name)s replied to your questions") % {"name": name}
            body = _(
                "%(name)s sent the information you asked for. Vet the application here: %(link)s"
            )
        else:
            subject = _("Alliance 8.7: new partner application from %(name)s") % {"name": name}
            body = _("%(name)s applied to join the Alliance. Vet the application here: %(link)s")
        return subject, body % {"name": name, "link": link}

    return notify.send(recipients, compose)
