"""Background work of the risk app, run by the worker (``alliance87 db_worker``; ``make run``
starts it): examining an uploaded dataset, and running the model."""

from __future__ import annotations

from django_tasks import task


@task()
def examine_dataset(dataset_id: int) -> str:
    """Read an uploaded file's columns, types, labels, missing counts and first rows."""
    from . import runner

    return runner.examine(dataset_id)


@task()
def run_model(run_id: int) -> str:
    """Fit, score, classify, explain and validate: the whole run (see :mod:`.runner`)."""
    from . import runner

    return runner.execute(run_id)


@task()
def notify_support(support_id: int, status: str) -> int:
    """E-mail a request's step, each recipient in their language: a new request to the
    Secretariat; an assignment to the staff and the country; the other steps to the
    country, the staff and the Secretariat. Returns the number sent."""
    from django.utils.translation import gettext as _

    from alliance87.core import notify
    from alliance87.core.models import Role, RoleAssignment

    from .models import SupportRequest, SupportStatus

    support = (
        SupportRequest.objects.select_related("country", "requested_by")
        .prefetch_related("staff")
        .get(pk=support_id)
    )
    secretariat = [
        a.user
        for a in RoleAssignment.objects.filter(
            role=Role.SECRETARIAT, scope_type=None, user__is_active=True
        ).select_related("user")
    ]
    country = [support.requested_by] if support.requested_by else []
    staff = list(support.staff.all())
    if status == SupportStatus.REQUESTED:
        users = secretariat
    elif status == SupportStatus.ASSIGNED:
        users = staff + country
    else:
        users = staff + country + secretariat
    from django.urls import reverse

    def compose() -> tuple[str, str]:
        link = notify.absolute_url(reverse("risk:support", args=[support.pk]))
        label = SupportStatus(status).label
        subject = _("Technical support for the risk model, %(country)s: %(step)s") % {
            "country": support.country.name,
            "step": label,
        }
        body = _(
            "%(country)s's request for technical support to apply the child labour risk "
            "model is now: %(step)s.\n\nSee the request and its steps: %(link)s"
        ) % {"country": support.country.name, "step": label, "link": link}
        return subject, body

    return notify.send(notify.recipients_of(users), compose)
