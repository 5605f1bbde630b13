"""The knowledge hub's background work: the search index refresh after a resource's step,
and the e-mails of the submit → publish steps (each in its recipient's language)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from alliance87.core import content, notify
from alliance87.core.models import Role, RoleAssignment, User

from .models import Resource


@task()
def reindex_resource(resource_id: int) -> None:
    from .search import index

    index.refresh_resource(resource_id)


@task()
def reindex() -> int:
    """Rebuild the whole search index (after other apps' objects changed)."""
    from .search import index

    return index.rebuild()


def _secretariat() -> list[User]:
    ids = RoleAssignment.objects.filter(role=Role.SECRETARIAT).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


@task()
def notify_step(resource_id: int, action: str) -> int:
    """Submitted: to the Secretariat. Published, returned or withdrawn: to whoever drafted it."""
    resource = Resource.objects.select_related("submitted_by").get(pk=resource_id)
    if action == "submit":
        users = _secretariat()
    elif resource.submitted_by is not None:
        users = [resource.submitted_by]
    else:
        return 0
    link = notify.absolute_url(reverse("knowledge:resource", args=[resource.slug]))

    def compose() -> tuple[str, str]:
        title = content.text(resource.titles)
        subjects = {
            "submit": _("A resource was submitted for publication: %(title)s"),
            "publish": _("Your resource is published: %(title)s"),
            "return": _("Your resource was returned for changes: %(title)s"),
            "withdraw": _("Your resource was withdrawn: %(title)s"),
        }
        body = _("Open it on the Alliance 8.7 Platform: %(link)s") % {"link": link}
        if action == "return":
            body = _("What to change: %(reason)s") % {"reason": resource.return_reason} + (
                "\n\n" + body
            )
        return subjects[action] % {"title": title}, body

    return notify.send(notify.recipients_of(users), compose)


@task()
def confirm_registration(registration_id: int) -> int:
    """The registration's confirmation, in the language the person chose."""
    from .models import Registration

    r = Registration.objects.select_related("event").get(pk=registration_id)
    link = notify.absolute_url(reverse("knowledge:event", args=[r.event.slug]))

    def compose() -> tuple[str, str]:
        title = content.text(r.event.titles)
        return (
            _("You are registered: %(title)s") % {"title": title},
            _("Thank you, %(name)s. The event's page: %(link)s") % {"name": r.name, "link": link},
        )

    return notify.send([notify.Recipient(r.email, r.language)], compose)
