"""The Secretariat's pages to add and edit the calendar's own events (global events, side
events, webinars: the recording and slides are added afterwards). Each save goes through
``services_events`` (audit row; optimistic locking on edit: the form carries the version)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import submit
from alliance87.core.permissions import require

from . import services_events
from .forms_events import FIELDS, EventForm
from .models import Event


@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "knowledge.manage_events")
    form = EventForm(request.POST or None)
    if request.method == "POST":
        if done := submit(
            form,
            lambda c: services_events.event_create(actor=request.user, **form.data_for_service()),
        ):
            messages.success(request, _("Event added to the calendar."))
            return redirect("knowledge:event", slug=done.value.slug)
        return render(request, "knowledge/event_form.html", {"form": form}, status=400)
    return render(request, "knowledge/event_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    require(request.user, "knowledge.manage_events")
    event = Event.objects.prefetch_related("hosts").filter(slug=slug).first()
    if event is None:
        raise NotFound(_("This event does not exist."))
    initial = {name: getattr(event, name) for name in FIELDS if name != "hosts"}
    initial.update(hosts=list(event.hosts.all()), group=event.group_id, version=event.version)
    form = EventForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST":

        def call(c):
            data = form.data_for_service()
            data.pop("slug")
            return services_events.event_update(
                actor=request.user,
                event_id=event.pk,
                expected_version=c.get("version"),
                data=data,
            )

        if submit(form, call):
            messages.success(request, _("Event saved."))
            return redirect("knowledge:event", slug=slug)
        ctx = {"form": form, "event": event}
        return render(request, "knowledge/event_form.html", ctx, status=400)
    return render(request, "knowledge/event_form.html", {"form": form, "event": event})
