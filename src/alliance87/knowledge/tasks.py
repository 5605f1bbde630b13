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

    def compose() -> tuple[str, str]:
        link = notify.absolute_url(reverse("knowledge:resource", args=[resource.slug]))
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

    def compose() -> tuple[str, str]:
        link = notify.absolute_url(reverse("knowledge:event", args=[r.event.slug]))
        title = content.text(r.event.titles)
        return (
            _("You are registered: %(title)s") % {"title": title},
            _("Thank you, %(name)s. The event's page: %(link)s") % {"name": r.name, "link": link},
        )

    return notify.send([notify.Recipient(r.email, r.language)], compose)


def _newsletter_link(subscriber, action: str) -> str:
    """The subscriber's signed ``confirm`` or ``leave`` (unsubscribe) link."""
    from .tokens import token_for

    name = (
        "knowledge:newsletter_confirm"
        if action == "confirm"
        else "knowledge:newsletter_unsubscribe"
    )
    return notify.absolute_url(reverse(name, args=[token_for(subscriber, action)]))


@task()
def send_confirmation(subscriber_id: int) -> int:
    """The double opt-in link, in the language the person chose."""
    from .models import Subscriber

    subscriber = Subscriber.objects.get(pk=subscriber_id)

    def compose() -> tuple[str, str]:
        confirm = _newsletter_link(subscriber, "confirm")
        return (
            _("Confirm your subscription to the Alliance 8.7 newsletter"),
            _(
                "Someone, probably you, asked to receive the Alliance 8.7 newsletter at this "
                "address. To confirm, open this link: %(link)s\n\nIf it was not you, ignore "
                "this message: nothing will be sent."
            )
            % {"link": confirm},
        )

    return notify.send([notify.Recipient(subscriber.email, subscriber.language)], compose)


BATCH = 500


@task()
def send_issue(issue_id: int) -> int:
    """Send an issue to every confirmed subscriber, each in their language (the issue's text in
    it, else its original), with a one-click unsubscribe link and header (RFC 2369, RFC 8058).
    Deliveries are recorded, so a restarted worker skips those already sent."""
    from django.utils import timezone

    from .models import Delivery, NewsletterIssue, Subscriber

    issue = NewsletterIssue.objects.get(pk=issue_id)
    sent = 0
    last = 0
    while True:
        batch = list(
            Subscriber.objects.filter(state=Subscriber.State.CONFIRMED, pk__gt=last)
            .exclude(pk__in=Delivery.objects.filter(issue=issue).values("subscriber_id"))
            .order_by("pk")[:BATCH]
        )
        if not batch:
            break
        last = batch[-1].pk
        sent += _send_batch(issue, batch)
    NewsletterIssue.objects.filter(pk=issue.pk).update(
        state="sent",
        sent_at=timezone.now(),
        recipients=Delivery.objects.filter(issue=issue).count(),
    )
    return sent


def _send_batch(issue, batch) -> int:
    from .models import Delivery

    by_email = {s.email: s for s in batch}
    deliveries: list = []

    def compose(recipient: notify.Recipient) -> notify.Message:
        leave = _newsletter_link(by_email[recipient.email], "leave")
        footer = _("Unsubscribe in one click: %(link)s") % {"link": leave}
        return notify.Message(
            content.text(issue.subject),
            content.text(issue.body) + "\n\n-- \n" + footer,
            headers={
                "List-Unsubscribe": f"<{leave}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )

    sent = notify.send(
        [notify.Recipient(s.email, s.language) for s in batch],
        compose,
        per_recipient=True,
        on_sent=lambda r: deliveries.append(Delivery(issue=issue, subscriber=by_email[r.email])),
    )
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    return sent


@task()
def reindex_kind(kind: str) -> int:
    """Rebuild the search index's entries of one kind (``news`` after a story's step)."""
    from .search import index

    return index.rebuild([kind])
