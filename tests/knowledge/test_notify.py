"""core.notify as the newsletter uses it: one mail connection for a whole run, a refused
address does not stop the others, per-recipient messages with their own headers."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.locmem import EmailBackend

from alliance87.core import notify

OPENED: list[int] = []
SENT: list[str] = []


class FlakyBackend(EmailBackend):
    """Refuses bob@; counts how often a connection is opened."""

    def open(self):
        if not getattr(self, "_is_open", False):
            OPENED.append(1)
            self._is_open = True
        return False

    def close(self):
        self._is_open = False

    def send_messages(self, messages):
        for m in messages:
            if m.to == ["bob@example.org"]:
                raise smtplib.SMTPRecipientsRefused({"bob@example.org": (550, b"no")})
            SENT.append(m.to[0])
            assert m.extra_headers["List-Unsubscribe"] == f"<https://x/{m.to[0]}>"
        return len(messages)


def test_one_connection_per_run_and_a_refusal_does_not_stop_the_others(settings):
    settings.EMAIL_BACKEND = "tests.knowledge.test_notify.FlakyBackend"
    OPENED.clear()
    SENT.clear()
    people = [notify.Recipient(f"{n}@example.org", "en") for n in ("ann", "bob", "cid", "dee")]
    done: list[str] = []
    sent = notify.send(
        people,
        lambda r: notify.Message(
            "Hi", "Text", headers={"List-Unsubscribe": f"<https://x/{r.email}>"}
        ),
        per_recipient=True,
        on_sent=lambda r: done.append(r.email),
    )
    assert sent == 3
    assert SENT == done == ["ann@example.org", "cid@example.org", "dee@example.org"]
    assert len(OPENED) == 2  # once, and again after the refused message
