"""Notifying people: a task enqueued when the transaction commits; the task composes each
message in its recipient's language and sends it.

A service never sends mail, renders a PDF or talks to SMTP: it calls :func:`on_commit` with
a task from its app's ``tasks.py``. The worker (``alliance87 db_worker``; ``make run`` starts
one) runs the task, which calls :func:`send` once per recipient::

    # groups/services.py, inside changes.write()
    notify.on_commit(tasks.notify_need_reported, need.pk)

    # groups/tasks.py
    @task()
    def notify_need_reported(need_id: int) -> int:
        need = ResourceNeed.objects.get(pk=need_id)
        return notify.send(
            notify.recipients_of(users),
            lambda: (_("A resource need was reported"), render_to_string("groups/email/need.txt", {...})),
        )
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import translation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = ""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    mimetype: str


@dataclass
class Message:
    subject: str
    body: str
    attachments: list[Attachment] = field(default_factory=list)
    #: Extra mail headers, e.g. ``List-Unsubscribe`` for a newsletter (RFC 2369, RFC 8058).
    headers: dict[str, str] = field(default_factory=dict)


def on_commit(task, *args: Any, **kwargs: Any) -> None:
    """Enqueue ``task`` with these arguments once the current transaction commits (at once
    outside a transaction). Arguments must be JSON-ready: pass primary keys, not objects."""
    transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def recipients_of(users: Iterable[Any]) -> list[Recipient]:
    """Active users with an address, each with their preferred language, once each."""
    seen: dict[str, Recipient] = {}
    for user in users:
        if getattr(user, "is_active", True) and user.email and user.email not in seen:
            seen[user.email] = Recipient(user.email, getattr(user, "preferred_language", ""))
    return sorted(seen.values(), key=lambda r: r.email)


def absolute_url(path: str) -> str:
    """An address people can open from an e-mail: ``SITE_URL`` + ``path``."""
    return settings.SITE_URL.rstrip("/") + path


def send(
    recipients: Iterable[Recipient],
    compose: Callable[..., Message | tuple[str, str]],
    *,
    per_recipient: bool = False,
    on_sent: Callable[[Recipient], None] | None = None,
) -> int:
    """Send one message per recipient, composed by ``compose()`` in that recipient's language
    (their preferred one, else the site's default). Returns the number sent. An address that
    the mail server refuses does not stop the others: the failure is logged and the rest go
    (a fault in ``compose`` is a bug and is raised).

    ``per_recipient``: ``compose(recipient)`` is given the recipient (a message with a link of
    its own, such as a newsletter's unsubscribe link); ``on_sent(recipient)`` runs after each
    message the server accepted (to record the delivery)."""
    sent = 0
    # One SMTP connection for the whole run (a newsletter to thousands would otherwise open one
    # per message); after a refused message it is closed, and the next one opens it again.
    connection = get_connection()
    try:
        for recipient in recipients:
            with translation.override(recipient.language or settings.LANGUAGE_CODE):
                message = compose(recipient) if per_recipient else compose()
            if isinstance(message, tuple):
                message = Message(*message)
            mail = EmailMessage(
                message.subject.replace("\n", " ").strip(),
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
                headers=message.headers or None,
                connection=connection,
            )
            for a in message.attachments:
                mail.attach(a.filename, a.content, a.mimetype)
            try:
                connection.open()
                mail.send()
            except (smtplib.SMTPException, OSError):
                log.exception("could not send %r to one recipient", message.subject)
                connection.close()
                continue
            sent += 1
            if on_sent is not None:
                on_sent(recipient)
    finally:
        connection.close()
    return sent
