"""The newsletter's signed links: confirm a subscription, unsubscribe."""

from __future__ import annotations

from django.core import signing

SALT = "knowledge.newsletter"


def token_for(subscriber, action: str) -> str:
    """A signed token naming the subscriber and what the link does (``confirm``/``leave``)."""
    return signing.dumps({"s": subscriber.pk, "a": action}, salt=SALT, compress=True)


def read(token: str, max_age: int | None) -> dict | None:
    """The token's content, or ``None`` when it is forged or expired."""
    try:
        return signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
