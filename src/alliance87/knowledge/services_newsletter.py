"""The newsletter: double opt-in subscription, one-click unsubscription, and issues composed
by the Secretariat and sent by the worker to each subscriber in their language."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from alliance87.core import audit, changes, content, notify
from alliance87.core.exceptions import DomainError
from alliance87.core.permissions import require
from alliance87.core.refusals import refused

from . import rules, tasks, tokens
from .events import NewsletterEvent
from .models import NewsletterIssue, Subscriber


def _read_token(token: str, action: str, max_age: int | None) -> Subscriber:
    invalid = DomainError(
        _("This link is not valid or has expired. Subscribe again to get a new one."),
        code="invalid_link",
    )
    data = tokens.read(token, max_age)
    if data is None or data.get("a") != action:
        raise invalid
    subscriber = Subscriber.objects.filter(pk=data.get("s")).first()
    if subscriber is None:
        raise invalid
    return subscriber


def subscribe(*, email: str, language: str) -> None:
    """Ask for a confirmation link. The answer is the same whether or not the address was
    already known (the page reveals no address); a confirmed address is left as it is."""
    email = email.strip().lower()
    with changes.write():
        subscriber, created = Subscriber.objects.get_or_create(
            email=email, defaults={"language": language}
        )
        if not created and subscriber.state == Subscriber.State.CONFIRMED:
            return
        subscriber.language = language
        subscriber.state = Subscriber.State.PENDING
        subscriber.full_clean()
        subscriber.save(update_fields=["language", "state"])
        notify.on_commit(tasks.send_confirmation, subscriber.pk)


def confirm(*, token: str) -> Subscriber:
    subscriber = _read_token(token, "confirm", rules.CONFIRMATION_MAX_AGE)
    with changes.write():
        subscriber = changes.lock(Subscriber, pk=subscriber.pk)
        if subscriber.state != Subscriber.State.CONFIRMED:
            subscriber.state = Subscriber.State.CONFIRMED
            subscriber.confirmed_at = timezone.now()
            subscriber.save(update_fields=["state", "confirmed_at"])
    return subscriber


def unsubscribe(*, token: str) -> Subscriber:
    """One click (or the mail client's one-click POST, RFC 8058): no confirmation asked."""
    subscriber = _read_token(token, "leave", None)
    with changes.write():
        subscriber = changes.lock(Subscriber, pk=subscriber.pk)
        if subscriber.state != Subscriber.State.UNSUBSCRIBED:
            subscriber.state = Subscriber.State.UNSUBSCRIBED
            subscriber.unsubscribed_at = timezone.now()
            subscriber.save(update_fields=["state", "unsubscribed_at"])
    return subscriber


def bounces_record(*, actor, emails: list[str]) -> int:
    """The mail server's bounce reports (posted by its webhook with a Secretariat token, or by
    the operator): those addresses get no more issues. One audit row names how many; the
    addresses themselves are not written to the log. Returns how many subscribers changed."""
    require(actor, "knowledge.compose_newsletter")
    wanted = sorted({e.strip().lower() for e in emails if e and e.strip()})
    with changes.write():
        changed = Subscriber.objects.filter(email__in=wanted).exclude(
            state=Subscriber.State.BOUNCED
        )
        count = changed.update(state=Subscriber.State.BOUNCED)
        audit.record(
            actor=actor,
            event=NewsletterEvent.BOUNCES_RECORDED,
            obj=None,
            changes={"bounced": [None, count]},
            allow_empty=True,
        )
    return count


def issue_create(*, actor, subject: dict, body: dict) -> NewsletterIssue:
    require(actor, "knowledge.compose_newsletter")
    with changes.write():
        return changes.create(
            NewsletterIssue,
            actor=actor,
            event=NewsletterEvent.ISSUE_CREATED,
            subject=subject,
            body=body,
            created_by=actor,
        )


def issue_send(*, actor, issue_id: int) -> NewsletterIssue:
    """Hand the issue to the worker, which sends it to every confirmed subscriber in their
    language; the request returns at once whatever the number of subscribers."""
    require(actor, "knowledge.compose_newsletter")
    with changes.write():
        issue = changes.lock(NewsletterIssue, pk=issue_id)
        if reason := rules.ISSUE.refusal("send", rules.IssueState(issue.state)):
            raise refused(reason)
        if not content.texts(issue.subject) or not content.texts(issue.body):
            raise DomainError(_("Give the issue a subject and a text."), code="empty_issue")
        changes.update(
            issue, actor=actor, event=NewsletterEvent.ISSUE_SENT, data={"state": "sending"}
        )
        notify.on_commit(tasks.send_issue, issue.pk)
    return issue
