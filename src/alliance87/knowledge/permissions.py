"""Who may do what with resources: partners submit, the Secretariat publishes (issue 11)."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule

from . import rules


def _of_partner(user, partner) -> bool:
    if partner is None:
        return has_role(user, Role.PARTNER_ADMIN) or has_role(user, Role.PARTNER_MEMBER)
    return has_role(user, Role.PARTNER_ADMIN, partner) or has_role(
        user, Role.PARTNER_MEMBER, partner
    )


@rule("knowledge.submit_resource")
def _submit(user, partner) -> bool:
    """Propose a resource for ``partner`` (``None``: for some partner of theirs): the
    Secretariat, or the partner's own administrators and members."""
    return is_secretariat(user) or _of_partner(user, partner)


@rule("knowledge.edit_resource")
def _edit(user, resource) -> bool:
    """Change a resource and its files: the Secretariat; the publisher's people until it is
    submitted (afterwards the Secretariat returns it to them for changes)."""
    if is_secretariat(user):
        return True
    return (
        resource.status == rules.Status.DRAFT
        and resource.publisher_id is not None
        and _of_partner(user, resource.publisher)
    )


@rule("knowledge.publish_resource")
def _publish(user, resource) -> bool:
    """Publish, return or withdraw: the Secretariat (seed 000: it runs the website)."""
    return is_secretariat(user)


@rule("knowledge.view_resource")
def _view(user, resource) -> bool:
    """Published resources for everyone; the others for the Secretariat and the publisher."""
    if rules.resource_is_public(resource.status):
        return True
    return is_secretariat(user) or (
        resource.publisher_id is not None and _of_partner(user, resource.publisher)
    )


@rule("knowledge.manage_events")
def _manage_events(user, obj) -> bool:
    """Add events and publish their recordings: the Secretariat (seed 001: its communications
    work keeps the global events calendar)."""
    return is_secretariat(user)


@rule("knowledge.compose_newsletter")
def _compose(user, obj) -> bool:
    """Compose, preview and send the newsletter: the Secretariat (seed 000: it gathers the
    contributions for the monthly bulletin)."""
    return is_secretariat(user)


@rule("knowledge.edit_story")
def _edit_story(user, story) -> bool:
    """The Secretariat; the publishing partner's people while the story is a draft."""
    if is_secretariat(user):
        return True
    return (
        story.status == rules.Status.DRAFT
        and story.publisher_id is not None
        and _of_partner(user, story.publisher)
    )


@rule("knowledge.view_story")
def _view_story(user, story) -> bool:
    if rules.resource_is_public(story.status):
        return True
    return is_secretariat(user) or (
        story.publisher_id is not None and _of_partner(user, story.publisher)
    )


@rule("knowledge.update_figures")
def _update_figures(user, obj) -> bool:
    """Record new global estimates: the Secretariat."""
    return is_secretariat(user)
