"""GCG pages: thin views over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from alliance87.core.content import current_language
from alliance87.core.exceptions import DomainError, NotFound, ValidationError
from alliance87.core.forms import (
    SERVICE_ERRORS,
    errors_as_messages,
    show_error,
    show_message,
    step,
    submit,
)
from alliance87.core.htmx import is_htmx, render_page
from alliance87.core.permissions import can, require

from . import rules, selectors, services
from .documents import meetings_ical, minutes_pdf
from .forms import (
    ActionPointForm,
    ActionPointStatusForm,
    AgendaItemForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
    MinutesForm,
    ObserverForm,
    SeatAssignForm,
)
from .models import ActionPoint, Constituency, Meeting, Presence


def _seats_page(request, form=None, status=200):
    rows = selectors.seat_list()
    groups = [
        (label, [r for r in rows if r.seat.constituency == value])
        for value, label in Constituency.choices
    ]
    manage = can(request.user, "governance.manage")
    vacant = [r.seat for r in rows if not r.holder]
    if manage and form is None:
        chosen = request.GET.get("seat", "")
        initial = {"seat": int(chosen)} if chosen.isdigit() else {}
        form = SeatAssignForm(vacant=vacant, initial=initial)
    context = {
        "groups": groups,
        "warnings": selectors.composition_warnings(rows) if manage else [],
        "assign_form": form if manage else None,
        "assign_open": bool(form is not None and (form.errors or form.initial)),
        "held": sum(1 for r in rows if r.holder),
        "total": len(rows),
        "today": timezone.localdate(),
    }
    return render(request, "governance/seats.html", context, status=status)


@require_GET
def seats(request):
    return _seats_page(request)


@require_POST
def assign_seat(request):
    require(request.user, "governance.manage")
    vacant = [r.seat for r in selectors.seat_list() if not r.holder]
    form = SeatAssignForm(request.POST, vacant=vacant)
    if form.is_valid():
        c = form.cleaned_data
        try:
            member = services.seat_assign(
                actor=request.user,
                seat_id=c["seat"],
                term_start=c["term_start"],
                term_end=c["term_end"],
                country_iso3=c["country"].upper() or None,
                partner_id=c["partner"].pk if c["partner"] else None,
                person_id=c["person"].pk if c["person"] else None,
                nominated_by=c["nominated_by"],
            )
        except SERVICE_ERRORS as err:
            show_error(form, err)
        else:
            messages.success(
                request, _("%(holder)s now holds the seat.") % {"holder": member.holder_label}
            )
            return redirect("governance:seats")
    return _seats_page(request, form, status=400)


@require_GET
def dashboard(request):
    require(request.user, "governance.manage")
    return render(request, "governance/dashboard.html", {"d": selectors.dashboard()})


@require_GET
def meetings(request):
    form = MeetingForm() if can(request.user, "governance.manage") else None
    return render(
        request, "governance/meetings.html", {"meetings": selectors.meeting_list(), "form": form}
    )


@require_POST
def create_meeting(request):
    require(request.user, "governance.manage")
    form = MeetingForm(request.POST)
    if form.is_valid():
        c = dict(form.cleaned_data)
        # The form reads the times in the site's zone; they are the meeting's local times.
        c["starts_at"] = timezone.make_naive(c["starts_at"])
        c["ends_at"] = timezone.make_naive(c["ends_at"])
        c["time_zone"] = c["time_zone"] or "UTC"
        try:
            meeting = services.meeting_create(actor=request.user, **c)
        except SERVICE_ERRORS as err:
            show_error(form, err)
        else:
            return redirect("governance:meeting", meeting_id=meeting.pk)
    return render(
        request,
        "governance/meetings.html",
        {"meetings": selectors.meeting_list(), "form": form},
        status=400,
    )


@require_POST
def invite_observer(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.invite_observer", d.meeting)
    form = ObserverForm(request.POST)
    if submit(
        form, lambda c: services.observer_invite(actor=request.user, meeting_id=meeting_id, **c)
    ):
        messages.success(request, _("Observer invited."))
        return redirect("governance:meeting", meeting_id=meeting_id)
    return render(
        request, "governance/meeting.html", _context(request, d, observer_form=form), status=400
    )


@require_GET
def meetings_feed(request):
    from alliance87.groups.models import GroupMeeting

    group_meetings = GroupMeeting.objects.filter(date_precision="day").select_related("group")
    body = meetings_ical(
        selectors.meeting_list(),
        request.build_absolute_uri("/").rstrip("/"),
        group_meetings,
        language=current_language(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="gcg-meetings.ics"'
    return response


def _detail_or_404(meeting_id: int):
    d = selectors.meeting_get(meeting_id)
    if d is None:
        raise NotFound(_("There is no such meeting."))
    return d


def _points_to_mark_done(request, d) -> set[int]:
    """The action points on the page (carried over or this meeting's) that this person may
    mark done: those ``rules.ACTION_POINT`` lets become done, for the Secretariat only."""
    if not can(request.user, "governance.manage"):
        return set()
    done = rules.ActionPointStatus.DONE
    return {
        p.pk
        for p in [*d.carried_over, *d.action_points]
        if rules.ACTION_POINT.allowed(done, rules.ActionPointStatus(p.status))
    }


def _context(request, d, **extra):
    present = [r.member for r in d.rows if r.presence == Presence.PRESENT]
    minutes = d.minutes
    return {
        "d": d,
        "mark_done": _points_to_mark_done(request, d),
        "presences": Presence.choices,
        "quorum_text": selectors.quorum_text(d.quorum, with_missing=False),
        "missing": selectors.missing_group_labels(d.quorum),
        "can_manage": can(request.user, "governance.manage"),
        "can_write_minutes": can(request.user, "governance.write_minutes", d.meeting),
        "can_invite": can(request.user, "governance.invite_observer", d.meeting),
        "decision_form": extra.pop("decision_form", None) or DecisionForm(present=present),
        "action_point_form": extra.pop("action_point_form", None) or ActionPointForm(),
        "agenda_form": extra.pop("agenda_form", None) or AgendaItemForm(),
        "minutes_form": extra.pop("minutes_form", None)
        or MinutesForm(
            initial={
                "conclusions": minutes.conclusions if minutes else "",
                "prepared_by": minutes.prepared_by if minutes else "",
                "version": minutes.version if minutes else None,
            }
        ),
        **extra,
    }


@require_GET
def meeting(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.view_meeting", d.meeting)
    return render(request, "governance/meeting.html", _context(request, d))


@require_POST
def record_attendance(request, meeting_id: int):
    if not Meeting.objects.filter(pk=meeting_id).exists():
        raise NotFound(_("There is no such meeting."))
    form = AttendanceForm(request.POST)
    error = None
    if form.is_valid():
        try:
            services.meeting_record_attendance(
                actor=request.user,
                meeting_id=meeting_id,
                member_id=form.cleaned_data["member_id"],
                presence=form.cleaned_data["presence"],
            )
        except ValidationError as err:
            error = " ".join(err.messages)
        except NotFound:  # a missing meeting stays a 404
            raise
        except DomainError as err:
            error = err.message
    else:
        require(request.user, "governance.manage")
        error = _("Choose present, absent with prior notice or absent without notice.")
    if is_htmx(request):  # htmx swaps the attendance block and its quorum indicator
        d = _detail_or_404(meeting_id)
        return render_page(
            request,
            "governance/meeting.html",
            _context(request, d, attendance_error=error),
            fragment="attendance",
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_POST
def record_attendance_sheet(request, meeting_id: int):
    """The attendance of every member at once: one form, one ``presence_<member>`` select per
    member ("—" leaves a member as recorded)."""
    if not Meeting.objects.filter(pk=meeting_id).exists():
        raise NotFound(_("There is no such meeting."))
    require(request.user, "governance.manage")
    presences: dict[int, str] = {}
    error = None
    for key, value in request.POST.items():
        if key.startswith("presence_") and value:
            member = key.removeprefix("presence_")
            if not member.isdigit():
                error = _("This member did not hold a seat on the day of the meeting.")
                break
            presences[int(member)] = value
    if error is None:
        try:
            services.meeting_record_attendance_sheet(
                actor=request.user, meeting_id=meeting_id, presences=presences
            )
        except ValidationError as err:
            error = " ".join(err.messages)
    if is_htmx(request):
        d = _detail_or_404(meeting_id)
        return render_page(
            request,
            "governance/meeting.html",
            _context(request, d, attendance_error=error),
            fragment="attendance",
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_POST
def record_decision(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.manage")
    present = [r.member for r in d.rows if r.presence == Presence.PRESENT]
    form = DecisionForm(request.POST, present=present)
    if form.is_valid():
        c = form.cleaned_data
        try:
            decision = services.decision_record(
                actor=request.user,
                meeting_id=meeting_id,
                text=c["text"],
                kind=c["kind"],
                objector_ids=c["objector_ids"],
                country_iso3=c["country"].upper() or None,
                group_name=c["group_name"],
                group_id=c["group"].pk if c["group"] else None,
            )
        except SERVICE_ERRORS as err:
            show_error(form, err)
        else:
            messages.success(
                request,
                _("Decision %(ref)s recorded: %(outcome)s.")
                % {"ref": decision.reference, "outcome": decision.get_outcome_display()},
            )
            return redirect("governance:meeting", meeting_id=meeting_id)
    return render(
        request, "governance/meeting.html", _context(request, d, decision_form=form), status=400
    )


@require_POST
def add_agenda_item(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.manage")
    form = AgendaItemForm(request.POST)
    language = current_language()
    if submit(
        form,
        lambda c: services.agenda_item_add(
            actor=request.user, meeting_id=meeting_id, language=language, **c
        ),
    ):
        messages.success(request, _("Agenda item added."))
        return redirect("governance:meeting", meeting_id=meeting_id)
    return render(
        request, "governance/meeting.html", _context(request, d, agenda_form=form), status=400
    )


@require_POST
def add_action_point(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.manage")
    form = ActionPointForm(request.POST)
    if submit(
        form, lambda c: services.action_point_add(actor=request.user, meeting_id=meeting_id, **c)
    ):
        messages.success(request, _("Action point added."))
        return redirect("governance:meeting", meeting_id=meeting_id)
    return render(
        request, "governance/meeting.html", _context(request, d, action_point_form=form), status=400
    )


@require_POST
def set_action_point_status(request, meeting_id: int, action_point_id: int):
    """Change an action point's status, from its meeting's page or a later one."""
    form = ActionPointStatusForm(request.POST)
    require(request.user, "governance.manage")
    if not ActionPoint.objects.filter(pk=action_point_id).exists():
        raise NotFound(_("There is no such action point."))
    if form.is_valid():
        try:
            services.action_point_set_status(
                actor=request.user,
                meeting_id=meeting_id,
                action_point_id=action_point_id,
                status=form.cleaned_data["status"],
                expected_version=form.cleaned_data["version"],
            )
        except SERVICE_ERRORS as exc:
            show_message(request, exc)
        else:
            messages.success(request, _("Action point updated."))
    else:
        errors_as_messages(request, form)
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_POST
def save_minutes(request, meeting_id: int):
    d = _detail_or_404(meeting_id)
    require(request.user, "governance.write_minutes", d.meeting)
    form = MinutesForm(request.POST)
    if submit(
        form,
        lambda c: services.minutes_save(
            actor=request.user,
            meeting_id=meeting_id,
            conclusions=c["conclusions"],
            prepared_by=c["prepared_by"],
            expected_version=c["version"],
        ),
    ):
        messages.success(request, _("Minutes saved."))
        return redirect("governance:meeting", meeting_id=meeting_id)
    return render(
        request, "governance/meeting.html", _context(request, d, minutes_form=form), status=400
    )


@require_POST
def circulate_minutes(request, meeting_id: int):
    step(
        request,
        lambda: services.minutes_circulate(actor=request.user, meeting_id=meeting_id),
        lambda count: (
            ngettext(
                "Minutes sent by e-mail to %(count)d member.",
                "Minutes sent by e-mail to %(count)d members.",
                count,
            )
            % {"count": count}
        ),
    )
    return redirect("governance:meeting", meeting_id=meeting_id)


@require_GET
def minutes_pdf_view(request, meeting_id: int):
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFound(_("There is no such meeting."))
    require(request.user, "governance.view_meeting", meeting)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="gcg-minutes-{meeting.pk}.pdf"'
    return response


@require_POST
def confirm_forfeiture(request, member_id: int):
    """Confirm a forfeiture, then open the seat's assignment form for the replacement."""
    done = step(
        request,
        lambda: services.forfeiture_confirm(actor=request.user, member_id=member_id),
        lambda member: (
            _(
                "Forfeiture confirmed: the seat is open to another representative of the same "
                "stakeholder group (%(group)s)."
            )
            % {"group": member.seat.get_stakeholder_group_display()}
        ),
    )
    if done is None:
        return redirect("governance:dashboard")
    return redirect(f"{reverse('governance:seats')}?seat={done.value.seat_id}#assign")


@require_POST
def member_leave(request, member_id: int):
    """A member leaves before its term ends (seed 000: governments may leave early)."""
    step(
        request,
        lambda: services.member_leave(actor=request.user, member_id=member_id),
        lambda member: (
            _("%(holder)s has left the Group; the seat is vacant.")
            % {"holder": member.holder_label}
        ),
    )
    return redirect("governance:seats")


@require_POST
def observer_presence(request, meeting_id: int, observer_id: int):
    """Record whether an observer attended (it never changes the quorum)."""
    services.observer_record_presence(
        actor=request.user,
        meeting_id=meeting_id,
        observer_id=observer_id,
        present=request.POST.get("present") == "1",
    )
    messages.success(request, _("Observer's attendance recorded."))
    return redirect("governance:meeting", meeting_id=meeting_id)
