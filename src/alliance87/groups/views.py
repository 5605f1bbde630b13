"""Groups pages: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import DomainError
from alliance87.core.permissions import can, require

from . import selectors, services
from .forms import (
    GroupMeetingForm,
    MemberForm,
    NoteForm,
    ObjectiveForm,
    ProposalForm,
    ResourceNeedForm,
    TaskForm,
    TaskStatusForm,
)
from .models import Group, Kind


@require_GET
def group_list(request):
    groups = selectors.group_list()
    return render(
        request,
        "groups/list.html",
        {
            "sections": [
                (label, [g for g in groups if g.kind == value]) for value, label in Kind.choices
            ],
            "can_propose": can(request.user, "groups.propose"),
        },
    )


def _detail(slug: str):
    d = selectors.group_get(slug)
    if d is None:
        raise Http404
    return d


@require_GET
def group_detail(request, slug: str):
    d = _detail(slug)
    return render(request, "groups/detail.html", _context(request, d))


def _context(request, d, **forms):
    editable = can(request.user, "groups.edit_work", d.group)
    return {
        "d": d,
        "editable": editable,
        "can_manage": can(request.user, "groups.manage"),
        "member_form": forms.get("member")
        or MemberForm(leaders=can(request.user, "groups.manage", d.group)),
        "objective_form": forms.get("objective") or ObjectiveForm(),
        "note_form": forms.get("note") or NoteForm(),
        "meeting_form": forms.get("meeting") or GroupMeetingForm(),
        "need_form": forms.get("need") or ResourceNeedForm(),
        "task_form": forms.get("task") or TaskForm(),
        "task_statuses": TaskStatusForm.base_fields["status"].choices,
    }


FORMS = {
    "member": MemberForm,
    "objective": ObjectiveForm,
    "task": TaskForm,
    "note": NoteForm,
    "meeting": GroupMeetingForm,
    "need": ResourceNeedForm,
}


def _call(what: str, user, group: Group, c: dict, language: str):
    if what == "member":
        return services.member_add(
            actor=user, group_id=group.pk, person_id=c["person"].pk, role=c["role"]
        )
    if what == "objective":
        return services.objective_add(
            actor=user, group_id=group.pk, title=c["title"], language=language
        )
    if what == "task":
        return services.task_add(
            actor=user,
            group_id=group.pk,
            objective_id=c["objective"],
            title=c["title"],
            owner_id=c["owner"].pk if c["owner"] else None,
            due_on=c["due_on"],
            language=language,
        )
    if what == "note":
        return services.note_add(actor=user, group_id=group.pk, text=c["text"])
    if what == "meeting":
        return services.meeting_add(
            actor=user,
            group_id=group.pk,
            date=c["date"],
            title=c["title"],
            place=c["place"],
            language=language,
            date_precision="month" if c["month_only"] else "day",
        )
    return services.resource_need_add(
        actor=user,
        group_id=group.pk,
        description=c["description"],
        amount=c["amount"],
        currency=c["currency"],
        reported_to_gcg_on=c["reported_to_gcg_on"],
    )


@require_POST
def group_add(request, slug: str, what: str):
    """One endpoint for the work plan forms: ``what`` names the form."""
    if what not in FORMS:
        raise Http404
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)
    kwargs = {"leaders": can(request.user, "groups.manage", d.group)} if what == "member" else {}
    form = FORMS[what](request.POST, **kwargs)
    if form.is_valid():
        try:
            _call(what, request.user, d.group, form.cleaned_data, (get_language() or "en")[:2])
        except ValidationError as err:
            for field, errors in getattr(err, "message_dict", {None: err.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        except DomainError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("groups:detail", slug=slug)
    return render(request, "groups/detail.html", _context(request, d, **{what: form}), status=400)


@require_POST
def task_status(request, slug: str, task_id: int):
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)
    form = TaskStatusForm(request.POST)
    if form.is_valid():
        try:
            services.task_set_status(
                actor=request.user,
                task_id=task_id,
                status=form.cleaned_data["status"],
                group_id=d.group.pk,
            )
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
    return redirect("groups:detail", slug=slug)


@require_POST
def member_leave(request, slug: str, membership_id: int):
    """A member leaves the group (leaders only by the Secretariat)."""
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)
    if not d.group.memberships.filter(pk=membership_id).exists():
        raise Http404
    try:
        services.member_remove(actor=request.user, membership_id=membership_id)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The member has left the group."))
    return redirect("groups:detail", slug=slug)


@require_POST
def report_need(request, slug: str, need_id: int):
    """Report a recorded resource need to the GCG today."""
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)
    try:
        services.resource_need_report(actor=request.user, need_id=need_id, group_id=d.group.pk)
    except ValidationError as err:
        messages.error(request, " ".join(err.messages))
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The need is reported to the Global Coordinating Group."))
    return redirect("groups:detail", slug=slug)


@require_POST
def close(request, slug: str):
    """Close the group (the Secretariat, on the GCG's decision)."""
    d = _detail(slug)
    require(request.user, "groups.manage", d.group)
    try:
        services.group_close(actor=request.user, group_id=d.group.pk)
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("The group is closed."))
    return redirect("groups:detail", slug=slug)


@require_http_methods(["GET", "POST"])
def propose(request):
    require(request.user, "groups.propose")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        group = services.group_propose(
            actor=request.user,
            name=c["name"],
            kind=c["kind"],
            description=c["description"],
            language=(get_language() or "en")[:2],
        )
        messages.success(
            request,
            _(
                "Your proposal goes to the Global Coordinating Group, "
                "whose decision creates the group."
            ),
        )
        return redirect("groups:detail", slug=group.slug)
    return render(
        request,
        "groups/propose.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )
