"""The audit events of the knowledge hub."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events


@register_events
class KnowledgeEvent(Events):
    RESOURCE_CREATED = "knowledge.resource.created", _("Resource drafted")
    RESOURCE_UPDATED = "knowledge.resource.updated", _("Resource changed")
    RESOURCE_VERSION_ADDED = "knowledge.resource.version_added", _("Resource file or link added")
    RESOURCE_SUBMITTED = "knowledge.resource.submitted", _("Resource submitted for publication")
    RESOURCE_PUBLISHED = "knowledge.resource.published", _("Resource published")
    RESOURCE_RETURNED = "knowledge.resource.returned", _("Resource returned to its publisher")
    RESOURCE_WITHDRAWN = "knowledge.resource.withdrawn", _("Resource withdrawn")


#: The event of each transition of ``rules.RESOURCE``.
TRANSITION_EVENTS = {
    "submit": KnowledgeEvent.RESOURCE_SUBMITTED,
    "publish": KnowledgeEvent.RESOURCE_PUBLISHED,
    "return": KnowledgeEvent.RESOURCE_RETURNED,
    "withdraw": KnowledgeEvent.RESOURCE_WITHDRAWN,
}


@register_events
class EventsEvent(Events):
    EVENT_CREATED = "knowledge.event.created", _("Event added to the calendar")
    EVENT_UPDATED = "knowledge.event.updated", _("Event changed")


@register_events
class NewsletterEvent(Events):
    ISSUE_CREATED = "knowledge.issue.created", _("Newsletter issue drafted")
    ISSUE_UPDATED = "knowledge.issue.updated", _("Newsletter issue changed")
    ISSUE_SENT = "knowledge.issue.sent", _("Newsletter issue sent")
    BOUNCES_RECORDED = (
        "knowledge.bounces.recorded",
        _("Undeliverable newsletter addresses recorded"),
    )


@register_events
class NewsEvent(Events):
    STORY_CREATED = "knowledge.story.created", _("News item drafted")
    STORY_SUBMITTED = "knowledge.story.submitted", _("News item submitted for review")
    STORY_PUBLISHED = "knowledge.story.published", _("News item published")
    STORY_RETURNED = "knowledge.story.returned", _("News item returned to its author")
    STORY_WITHDRAWN = "knowledge.story.withdrawn", _("News item withdrawn")


STORY_EVENTS = {
    "submit": NewsEvent.STORY_SUBMITTED,
    "publish": NewsEvent.STORY_PUBLISHED,
    "return": NewsEvent.STORY_RETURNED,
    "withdraw": NewsEvent.STORY_WITHDRAWN,
}


@register_events
class FiguresEvent(Events):
    FIGURE_UPDATED = "knowledge.figure.updated", _("New value of a figure of the challenge")
