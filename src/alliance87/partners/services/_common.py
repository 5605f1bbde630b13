"""What the partners services share: the version check with this app's words."""

from __future__ import annotations

from alliance87.core import changes
from alliance87.core.exceptions import Conflict


def check_version(obj, expected: int | None, message: str) -> None:
    """``changes.check_version`` with the message the pages show for this kind of record
    (core's says "this record"; ours names the profile, the person or the application)."""
    try:
        changes.check_version(obj, expected)
    except Conflict:
        raise Conflict(message, code="conflict") from None
