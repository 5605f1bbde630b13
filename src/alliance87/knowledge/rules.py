"""Rules of the knowledge hub, as pure functions over plain values (no Django).

Resources are "documents, guidance, tools, studies and links shared by the Secretariat and
partners" (issue 11, from the mandate, seed ``000_2527b5af5294b5f6.txt`` III: the Alliance is
"una plataforma para el intercambio, el acceso a los datos, la información, la innovación y
las buenas prácticas"). Partners submit; the Secretariat publishes (seed 000: the Secretariat
"se ocupa de la plataforma de compromiso de colaboración de la Alianza 8.7 (sitio web)").

A refusal is a :class:`~alliance87.core.transitions.Refusal` (a code and plain parameters);
its words are in ``knowledge/messages.py``.
"""

from __future__ import annotations

import enum

from alliance87.core.transitions import Refusal, TransitionTable, refusal


class Status(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


#: The one table of a resource's steps: a partner drafts and submits, the Secretariat
#: publishes or returns it to the partner, and may withdraw a published one.
RESOURCE = TransitionTable(
    "resource",
    {
        "edit": ({Status.DRAFT, Status.SUBMITTED, Status.PUBLISHED}, None),
        "submit": ({Status.DRAFT}, Status.SUBMITTED),
        "publish": ({Status.DRAFT, Status.SUBMITTED, Status.WITHDRAWN}, Status.PUBLISHED),
        "return": ({Status.SUBMITTED}, Status.DRAFT),
        "withdraw": ({Status.PUBLISHED}, Status.WITHDRAWN),
    },
)

#: Only published resources are shown to the public.
PUBLIC_STATES = frozenset({Status.PUBLISHED})

#: Largest file a resource version may carry (an upload over it is refused, not truncated).
MAX_FILE_BYTES = 20 * 1024 * 1024

#: The file types a resource version may carry, by extension.
FILE_EXTENSIONS = ("pdf", "docx", "xlsx", "pptx")


def resource_is_public(status: str) -> bool:
    return status in PUBLIC_STATES


def file_size_refusal(size: int | None, limit: int = MAX_FILE_BYTES) -> Refusal | None:
    """A file over ``limit`` bytes is refused, with its size and the limit in megabytes."""
    if size is not None and size > limit:
        return refusal(
            "resource.file_too_large",
            size_mb=round(size / 1024 / 1024, 1),
            limit_mb=round(limit / 1024 / 1024),
        )
    return None


def version_refusal(has_file: bool, has_url: bool) -> Refusal | None:
    """A language version is a file or a link, exactly one of them."""
    if has_file == has_url:
        return refusal("resource.file_or_link")
    return None


def submit_refusal(has_title: bool, has_publisher: bool) -> Refusal | None:
    """A partner's resource goes to the Secretariat with a title and its publisher."""
    if not has_title:
        return refusal("resource.needs_title")
    if not has_publisher:
        return refusal("resource.needs_publisher")
    return None


def registration_refusal(registered: int, capacity: int | None) -> Refusal | None:
    """Registration closes when the capacity, where one is set, is reached (issue 11: the
    side event's "50-75 participantes", seed 001 line 1005)."""
    if capacity is not None and registered >= capacity:
        return refusal("event.full", capacity=capacity)
    return None


def calendar_feed_includes(precision: str) -> bool:
    """Only events known to the day go into an iCalendar feed: a month ("mayo de 2019") is not a
    date, and a feed entry would invent one."""
    return precision == "day"


class IssueState(enum.StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    SENT = "sent"


#: A newsletter issue is edited while a draft, sent once, and then archived as sent.
ISSUE = TransitionTable(
    "issue",
    {
        "edit": ({IssueState.DRAFT}, None),
        "send": ({IssueState.DRAFT}, IssueState.SENDING),
        "finish": ({IssueState.SENDING}, IssueState.SENT),
    },
)

#: How long a confirmation link stays valid (seconds): a week.
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


def receives_issues(state: str) -> bool:
    """Only confirmed subscribers receive issues: unsubscribed and bounced ones never do."""
    return state == "confirmed"


#: News items (stories) by the Secretariat and partners, with review: the same steps as a
#: resource (issue 11, "News items (stories) by the Secretariat and partners, with review").
STORY = TransitionTable(
    "story",
    {action: (t.sources, t.target) for action, t in RESOURCE.transitions.items()},
)
