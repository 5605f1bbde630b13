"""Groups pages: thin views over selectors and services, one view per action."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.content import current_language
from alliance87.core.exceptions import NotFound
from alliance87.core.forms import (
    SERVICE_ERRORS,
    show_error,
    step,
    submit,
)
from alliance87.core.permissions import can, require

from . import rules, selectors, services
from .forms import (
    ButtonForm,
    CloseForm,
    GroupMeetingForm,
    MemberForm,
    NoteForm,
    ObjectiveForm,
    ProposalForm,
    ResourceNeedForm,
    TaskForm,
    TaskStatusForm,
)
from .models import Kind


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
        raise NotFound(_("There is no such group."))
    return d


def _language() -> str:
    return current_language()


@require_GET
def group_detail(request, slug: str):
    return render(request, "groups/detail.html", _context(request, _detail(slug)))


def _allowed(request, d, editable: bool) -> dict:
    """What the page offers this person: the steps ``rules.GROUP`` and
    ``rules.RESOURCE_NEED`` allow from the current states, among those they may take."""
    status = rules.Status(d.group.status)
    return {
        "close": can(request.user, "groups.manage", d.group)
        and rules.GROUP.allowed("close", status),
        "add_member": editable and rules.GROUP.allowed("add_member", status),
        "report_needs": {
            r.pk
            for r in d.resource_needs
            if editable
            and rules.RESOURCE_NEED.allowed("report", rules.need_state(r.reported_to_gcg_on))
        },
    }


def _context(request, d, **forms):
    editable = can(request.user, "groups.edit_work", d.group)
    return {
        "d": d,
        "editable": editable,
        "allowed": _allowed(request, d, editable),
        "can_manage": can(request.user, "groups.manage"),
        "member_form": forms.get("member")
        or MemberForm(leaders=can(request.user, "groups.manage")),
        "objective_form": forms.get("objective") or ObjectiveForm(),
        "note_form": forms.get("note") or NoteForm(),
        "meeting_form": forms.get("meeting") or GroupMeetingForm(),
        "need_form": forms.get("need") or ResourceNeedForm(),
        "task_form": (forms.get("task") or TaskForm()) if editable else None,
        "task_statuses": TaskStatusForm.base_fields["status"].choices,
        "close_form": CloseForm(initial={"version": d.group.version}),
    }


def _work_form(request, slug: str, name: str, form_class, call, **form_kwargs):
    """A work plan form of the group page: valid and accepted by the service, back to the
    page; otherwise the page again (400) with the errors on the form."""
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)
    form = form_class(request.POST, **form_kwargs)
    if submit(form, lambda c: call(d.group, c)):
        messages.success(request, _("Saved."))
        return redirect("groups:detail", slug=slug)
    return render(request, "groups/detail.html", _context(request, d, **{name: form}), status=400)


@require_POST
def member_add(request, slug: str):
    """Add a member; a chair of the group is offered only the member role."""

    def call(group, c):
        services.member_add(
            actor=request.user, group_id=group.pk, person_id=c["person"].pk, role=c["role"]
        )

    leaders = can(request.user, "groups.manage")  # leaders are appointed by the Secretariat
    return _work_form(request, slug, "member", MemberForm, call, leaders=leaders)


@require_POST
def objective_add(request, slug: str):
    def call(group, c):
        services.objective_add(
            actor=request.user, group_id=group.pk, title=c["title"], language=_language()
        )

    return _work_form(request, slug, "objective", ObjectiveForm, call)


@require_POST
def task_add(request, slug: str):
    def call(group, c):
        services.task_add(
            actor=request.user,
            group_id=group.pk,
            objective_id=c["objective"],
            title=c["title"],
            owner_id=c["owner"].pk if c["owner"] else None,
            due_on=c["due_on"],
            language=_language(),
        )

    return _work_form(request, slug, "task", TaskForm, call)


@require_POST
def note_add(request, slug: str):
    def call(group, c):
        services.note_add(actor=request.user, group_id=group.pk, text=c["text"])

    return _work_form(request, slug, "note", NoteForm, call)


@require_POST
def meeting_add(request, slug: str):
    def call(group, c):
        services.meeting_add(
            actor=request.user,
            group_id=group.pk,
            date=c["date"],
            title=c["title"],
            place=c["place"],
            language=_language(),
            date_precision="month" if c["month_only"] else "day",
        )

    return _work_form(request, slug, "meeting", GroupMeetingForm, call)


@require_POST
def need_add(request, slug: str):
    def call(group, c):
        services.resource_need_add(
            actor=request.user,
            group_id=group.pk,
            description=c["description"],
            amount=c["amount"],
            currency=c["currency"],
            reported_to_gcg_on=c["reported_to_gcg_on"],
        )

    return _work_form(request, slug, "need", ResourceNeedForm, call)


def _button(request, slug: str, form, call, done: str):
    """A button on the group page (no fields to correct): the service's refusal, or
    ``done``, as a message on the page it came from. An object that is not in this group
    (a task, member or need in the path) is the 404 page, as in the API."""
    step(request, call, done, form=form)
    return redirect("groups:detail", slug=slug)


@require_POST
def task_status(request, slug: str, task_id: int):
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)

    def call(c):
        services.task_set_status(
            actor=request.user,
            task_id=task_id,
            status=c["status"],
            group_id=d.group.pk,
            expected_version=c["version"],
        )

    return _button(request, slug, TaskStatusForm(request.POST), call, _("Saved."))


@require_POST
def member_leave(request, slug: str, membership_id: int):
    """A member leaves the group (leaders only by the Secretariat)."""
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)

    def call(c):
        services.member_remove(actor=request.user, membership_id=membership_id, group_id=d.group.pk)

    done = _("The member has left the group.")
    return _button(request, slug, ButtonForm(request.POST), call, done)


@require_POST
def report_need(request, slug: str, need_id: int):
    """Report a recorded resource need to the GCG today."""
    d = _detail(slug)
    require(request.user, "groups.edit_work", d.group)

    def call(c):
        services.resource_need_report(actor=request.user, need_id=need_id, group_id=d.group.pk)

    done = _("The need is reported to the Global Coordinating Group.")
    return _button(request, slug, ButtonForm(request.POST), call, done)


@require_POST
def close(request, slug: str):
    """Close the group (the Secretariat, on the GCG's decision)."""
    d = _detail(slug)
    require(request.user, "groups.manage", d.group)

    def call(c):
        services.group_close(actor=request.user, group_id=d.group.pk, expected_version=c["version"])

    return _button(request, slug, CloseForm(request.POST), call, _("The group is closed."))


@require_http_methods(["GET", "POST"])
def propose(request):
    """The proposal form (GET) and sending it (POST)."""
    require(request.user, "groups.propose")
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        try:
            group = services.group_propose(
                actor=request.user,
                name=c["name"],
                kind=c["kind"],
                description=c["description"],
                language=_language(),
            )
        except SERVICE_ERRORS as exc:
            show_error(form, exc)
        else:
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
