"""The words of every refusal code of ``knowledge/rules.py``."""

from __future__ import annotations

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from alliance87.core import refusals

from .models import Status


def _label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else value


def _not_allowed(p: dict) -> str:
    return gettext("A resource that is “%(state)s” cannot be %(action)s.") % {
        "state": _label(p["state"]),
        "action": {
            "edit": gettext("changed"),
            "submit": gettext("submitted"),
            "publish": pgettext("resource", "published"),
            "return": gettext("returned"),
            "withdraw": gettext("withdrawn"),
        }.get(p["action"], p["action"]),
    }


refusals.register(
    {
        "resource.not_allowed_from": _not_allowed,
        "resource.file_too_large": lambda p: (
            gettext("The file is %(size)s MB; the largest accepted is %(limit)s MB.")
            % {"size": p["size_mb"], "limit": p["limit_mb"]}
        ),
        "resource.file_or_link": _("Give either a file or a link for this language version."),
        "resource.needs_title": _("Give the resource a title before submitting it."),
        "resource.needs_publisher": _("Say which partner publishes this resource."),
        "story.not_allowed_from": _("This news item cannot take this step in its present state."),
        "issue.not_allowed_from": _("This issue has already been sent."),
        "event.full": lambda p: (
            gettext("This event is full: its %(capacity)s places are taken.")
            % {"capacity": p["capacity"]}
        ),
    }
)
