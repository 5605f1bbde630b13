"""Who may do what with pathfinder countries (registered with core.permissions)."""

from __future__ import annotations

from alliance87.core.models import Role
from alliance87.core.permissions import has_role, is_secretariat, rule

from . import rules


def _focal_point_of(user, pathfinder) -> bool:
    return pathfinder is not None and has_role(user, Role.FOCAL_POINT, pathfinder)


@rule("pathfinders.view_dashboard")
def _view_dashboard(user, obj) -> bool:
    return is_secretariat(user)


@rule("pathfinders.record_expression_of_interest")
def _record_eoi(user, obj) -> bool:
    return is_secretariat(user)


@rule("pathfinders.record_secretariat_event")
def _record_secretariat_event(user, pathfinder) -> bool:
    return is_secretariat(user)


@rule("pathfinders.record_country_event")
def _record_country_event(user, pathfinder) -> bool:
    return is_secretariat(user) or _focal_point_of(user, pathfinder)


@rule("pathfinders.grant_status")
def _grant_status(user, pathfinder) -> bool:
    """The GCG grants status and declares a country inactive, by an adopted decision taken
    with quorum (``rules.decision_refusal``); the Secretariat records the decision and
    carries it out. A single GCG member cannot (seed 003: "si así lo acuerda por consenso")."""
    return is_secretariat(user)


@rule("pathfinders.view_workspace")
def _view_workspace(user, pathfinder) -> bool:
    return is_secretariat(user) or _focal_point_of(user, pathfinder)


@rule("pathfinders.view_unpublished_profile")
def _view_unpublished_profile(user, pathfinder) -> bool:
    """Before the Secretariat publishes a profile, its reports and indicators are seen only by
    the Secretariat and the country's focal points (seed 003: the Secretariat publishes the
    profile after the GCG grants status)."""
    return is_secretariat(user) or _focal_point_of(user, pathfinder)


@rule("pathfinders.edit_documents")
def _edit_documents(user, pathfinder) -> bool:
    return is_secretariat(user) or _focal_point_of(user, pathfinder)


@rule("pathfinders.view_reviews")
def _view_reviews(user, obj) -> bool:
    return is_secretariat(user) or has_role(user, Role.REVIEWER)


@rule("pathfinders.review")
def _review(user, document) -> bool:
    """A Working Group reviewer comments on a document the Secretariat assigned to them; the
    Secretariat may act for the Working Group. (``None``: whether the user reviews at all.)"""
    if is_secretariat(user):
        return True
    if not has_role(user, Role.REVIEWER):
        return False
    return document is None or (
        document.reviewer_id is not None and document.reviewer_id == user.pk
    )


def _reads_as_reviewer(user, document) -> bool:
    return has_role(user, Role.REVIEWER) and rules.reviewer_may_read(
        document.state, document.reviewer_id is not None and document.reviewer_id == user.pk
    )


@rule("pathfinders.read_document")
def _read_document(user, document) -> bool:
    """The Secretariat and the country's focal points read its documents; a reviewer reads
    only a submitted document assigned to them, never a draft (``rules.reviewer_may_read``)."""
    return (
        is_secretariat(user)
        or _focal_point_of(user, document.pathfinder)
        or _reads_as_reviewer(user, document)
    )


@rule("pathfinders.assign_reviewer")
def _assign_reviewer(user, pathfinder) -> bool:
    return is_secretariat(user)


def _reviews_for(user, pathfinder) -> bool:
    """Whether a reviewer reads one of the country's documents (assigned to them, submitted):
    the country's history is context for that review, and for no other country."""
    if pathfinder is None or not has_role(user, Role.REVIEWER):
        return False
    from .models import Document

    return Document.objects.filter(
        pathfinder=pathfinder, reviewer_id=user.pk, state__in=list(rules.REVIEWER_READS)
    ).exists()


@rule("pathfinders.view_history")
def _view_history(user, pathfinder) -> bool:
    """The Secretariat and the country's focal points see its history and its files; a
    reviewer, only of a country whose submitted document is assigned to them."""
    return (
        is_secretariat(user) or _focal_point_of(user, pathfinder) or _reviews_for(user, pathfinder)
    )


@rule("pathfinders.download_document")
def _download_document(user, document) -> bool:
    """A finalised, published report of a published profile is public; before that the file
    is for those who read the document (``pathfinders.read_document``)."""
    if document.published and document.pathfinder.profile_published:
        return True
    return _read_document(user, document)


@rule("pathfinders.download_event_file")
def _download_event_file(user, event) -> bool:
    """Letters, timelines, stocktaking and evidence are never public: those who see the
    country's history may open them."""
    return _view_history(user, event.pathfinder)


def _register_role_scopes() -> None:
    """A focal point is held on a pathfinder country, chosen by the country's name."""
    from django.utils.translation import gettext_lazy as _

    from alliance87.core.roles import register_scope

    from .models import Pathfinder

    register_scope(
        Role.FOCAL_POINT,
        "pathfinders.Pathfinder",
        _("pathfinder country"),
        objects=lambda: Pathfinder.objects.select_related("country"),
        label=lambda pathfinder: pathfinder.country.name,
    )


_register_role_scopes()
