"""The pathfinders app's boxes on the signed-in home page (``core.home``): documents for the
Working Group to review, and each focal point's country with its documents in progress."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from alliance87.core import home, words
from alliance87.core.models import Role
from alliance87.core.permissions import can, scoped_ids

from .messages import overdue_text
from .models import Document, Pathfinder
from .selectors import documents_for_review, pathfinder_row, pathfinder_rows

_TO_REVIEW = {Document.State.SUBMITTED, Document.State.REVISED}
_IN_PROGRESS = {Document.State.DRAFT, Document.State.COMMENTED}


def _document_label(doc: Document) -> str:
    country = doc.pathfinder.country.name
    if doc.kind == Document.Kind.REPORT:
        return _("%(country)s: annual report %(year)s") % {"country": country, "year": doc.year}
    return _("%(country)s: roadmap") % {"country": country}


@home.provider
def _to_review(user):
    if not can(user, "pathfinders.view_reviews"):
        return
    docs = [d for d in documents_for_review(user) if d.state in _TO_REVIEW]
    yield home.Waiting(
        _("Reports and roadmaps to review"),
        reverse("pathfinders:reviews"),
        len(docs),
        [
            (_document_label(d), reverse("pathfinders:document", args=[d.pk]))
            for d in docs[: home.SHOWN]
        ],
        empty=_("Nothing is waiting for review."),
    )


@home.provider
def _late_countries(user):
    """For the Secretariat: the countries with something past its deadline (the dashboard)."""
    if not can(user, "pathfinders.view_dashboard"):
        return
    late = pathfinder_rows(overdue=True)
    yield home.Waiting(
        _("Pathfinder countries with something late"),
        reverse("pathfinders:dashboard"),
        len(late),
        [
            (
                f"{r.pathfinder.country.name}{words.colon()} {overdue_text(r.assessment.overdue[0])}",
                reverse("pathfinders:workspace", args=[r.pathfinder.pk]),
            )
            for r in late[: home.SHOWN]
        ],
        empty=_("Nothing is late."),
    )


@home.provider
def _own_countries(user):
    ids = scoped_ids(user, Role.FOCAL_POINT, Pathfinder)
    if not ids:
        return
    docs: dict[str, list[Document]] = {}
    for doc in (
        Document.objects.select_related("pathfinder__country")
        .filter(pathfinder_id__in=ids, state__in=_IN_PROGRESS)
        .order_by("pathfinder_id", "-year", "pk")
    ):
        docs.setdefault(doc.pathfinder_id, []).append(doc)
    for pathfinder in Pathfinder.objects.select_related("country").filter(pk__in=ids):
        mine = docs.get(pathfinder.pk, [])
        workspace = reverse("pathfinders:workspace", args=[pathfinder.pk])
        # What is due or late comes first (rules.assess, seed 003: reports by 30 April).
        assessment = pathfinder_row(pathfinder.pk).assessment
        due = [(overdue_text(o), workspace) for o in assessment.overdue]
        if assessment.next_due:
            due.append(
                (
                    _("Next due: %(date)s") % {"date": words.date_in_words(assessment.next_due)},
                    workspace,
                )
            )
        yield home.Waiting(
            _("%(country)s: documents in progress") % {"country": pathfinder.country.name},
            workspace,
            len(mine) + len(assessment.overdue),
            due
            + [
                (_document_label(d), reverse("pathfinders:document", args=[d.pk]))
                for d in mine[: home.SHOWN]
            ],
            empty=_("No draft and no comment to answer: open the workspace to start a report."),
        )
