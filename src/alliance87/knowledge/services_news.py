"""News items (stories): partners and the Secretariat write them; the Secretariat reviews and
publishes (the same steps as resources, ``rules.STORY``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alliance87.core import changes, content
from alliance87.core.permissions import is_secretariat, require
from alliance87.core.refusals import refused

from . import rules
from .events import STORY_EVENTS, NewsEvent
from .models import Story


def _slug(titles: dict) -> str:
    base = slugify(content.text(titles, "en") or content.text(titles))[:100] or "news"
    slug, n = base, 1
    while Story.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def story_create(
    *, actor, titles: dict, body: dict, summary: dict | None = None, publisher=None, themes=()
) -> Story:
    require(actor, "knowledge.submit_resource", publisher)
    if publisher is None and not is_secretariat(actor):
        raise ValidationError(
            {"publisher": _("Say which partner publishes this.")}
        )  # who may propose for the partner
    with changes.write():
        return changes.create(
            Story,
            actor=actor,
            event=NewsEvent.STORY_CREATED,
            slug=_slug(titles),
            titles=titles,
            body=body,
            summary=summary or {},
            publisher=publisher,
            themes=list(themes),
            submitted_by=actor,
        )


def _step(*, actor, story_id: int, action: str, permission: str, data=None) -> Story:
    with changes.write():
        story = changes.lock(
            Story.objects.select_related("publisher"),
            not_found=_("This news item does not exist."),
            pk=story_id,
        )
        require(actor, permission, story)
        state = rules.Status(story.status)
        if reason := rules.STORY.refusal(action, state):
            raise refused(reason)
        target = rules.STORY.target(action, state)
        extra = {"published_at": timezone.now()} if action == "publish" else {}
        changes.update(
            story,
            actor=actor,
            event=STORY_EVENTS[action],
            data={"status": str(target), **extra, **(data or {})},
        )
    return story


def story_submit(*, actor, story_id: int) -> Story:
    return _step(actor=actor, story_id=story_id, action="submit", permission="knowledge.edit_story")


def story_publish(*, actor, story_id: int) -> Story:
    return _step(
        actor=actor, story_id=story_id, action="publish", permission="knowledge.publish_resource"
    )


def story_return(*, actor, story_id: int, reason: str) -> Story:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say what the author should change.")})
    return _step(
        actor=actor,
        story_id=story_id,
        action="return",
        permission="knowledge.publish_resource",
        data={"return_reason": reason.strip()},
    )


def story_withdraw(*, actor, story_id: int) -> Story:
    return _step(
        actor=actor, story_id=story_id, action="withdraw", permission="knowledge.publish_resource"
    )
