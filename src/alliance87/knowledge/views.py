"""Knowledge hub pages: the resource list and pages, the partner's submit form, the
Secretariat's review steps, and the platform-wide search. Thin: parse, call, render."""

from __future__ import annotations

from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import NotFound
from alliance87.core.files import download
from alliance87.core.forms import step, submit
from alliance87.core.htmx import render_page
from alliance87.core.permissions import can, require

from . import search, selectors, services
from .forms import RegistrationForm, ResourceEditForm, ResourceForm, ReturnForm, VersionForm
from .models import ResourceVersion
from .search.labels import EVENT_KIND_LABELS


@require_GET
def resource_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.ResourceFilters.from_params(request.GET)
    page = selectors.resource_page(filters, request.GET.get("page") or 1)
    return render_page(
        request,
        "knowledge/resource_list.html",
        {"filters": filters, "page": page, "facets": selectors.resource_facets(filters)},
        fragment="results",
    )


@require_GET
def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_get(slug, user=request.user)
    return render(
        request,
        "knowledge/resource_detail.html",
        {
            "resource": resource,
            "version_form": VersionForm(),
            "return_form": ReturnForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def resource_new(request: HttpRequest) -> HttpResponse:
    require(request.user, "knowledge.submit_resource")
    form = ResourceForm(request.POST or None, user=request.user)
    if request.method == "POST":
        done = submit(form, lambda c: services.resource_create(actor=request.user, **_fields(c)))
        if done:
            messages.success(
                request, _("Resource drafted. Add its files or links, then submit it.")
            )
            return redirect("knowledge:resource", slug=done.value.slug)
        return render(request, "knowledge/resource_form.html", {"form": form}, status=400)
    return render(request, "knowledge/resource_form.html", {"form": form})


def _fields(c: dict) -> dict:
    return {
        "titles": c["titles"],
        "summary": c.get("summary") or {},
        "kind": c["kind"],
        "publisher": c.get("publisher"),
        "themes": list(c.get("themes") or []),
        "languages": list(c.get("languages") or []),
        "countries": c.get("countries") or [],
        "published_on": c.get("published_on"),
    }


def _resource_id(slug: str, user) -> int:
    return selectors.resource_get(slug, user=user).pk


@require_POST
def version_add(request: HttpRequest, slug: str) -> HttpResponse:
    resource = selectors.resource_get(slug, user=request.user)
    require(request.user, "knowledge.edit_resource", resource)
    form = VersionForm(request.POST, request.FILES)
    if submit(
        form,
        lambda c: services.resource_add_version(
            actor=request.user,
            resource_id=resource.pk,
            language=c["language"],
            file=c.get("file"),
            url=c.get("url") or "",
        ),
    ):
        messages.success(request, _("Language version added."))
        return redirect("knowledge:resource", slug=slug)
    return render(
        request,
        "knowledge/resource_detail.html",
        {"resource": resource, "version_form": form, "return_form": ReturnForm()},
        status=400,
    )


def review_step(find, service, done: str, *, id_name: str, route: str, reason: bool = False):
    """The page of one review button (submit, publish, return, withdraw) of a resource or a
    news item: ``find(request, slug)`` gives the object's id (a 404 for one the user may not
    see), ``service(actor=..., <id_name>=id)`` takes the step (``reason=`` the form's reason
    when ``reason``); a refusal is shown as a message on the page it goes back to, ``route``."""

    @require_POST
    def view(request: HttpRequest, slug: str) -> HttpResponse:
        ids = {id_name: find(request, slug)}
        extra = {"reason": request.POST.get("reason", "")} if reason else {}
        step(request, lambda: service(actor=request.user, **ids, **extra), done)
        return redirect(route, slug=slug)

    return view


_resource_step = partial(
    review_step,
    lambda request, slug: _resource_id(slug, request.user),
    id_name="resource_id",
    route="knowledge:resource",
)

resource_submit = _resource_step(
    services.resource_submit, gettext_lazy("Submitted to the Secretariat for publication.")
)
resource_publish = _resource_step(services.resource_publish, gettext_lazy("Resource published."))
resource_return = _resource_step(
    services.resource_return, gettext_lazy("Resource returned to its publisher."), reason=True
)
resource_withdraw = _resource_step(services.resource_withdraw, gettext_lazy("Resource withdrawn."))


@require_GET
def version_file(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    resource = selectors.resource_get(slug, user=request.user)
    version = ResourceVersion.objects.filter(resource=resource, language=language).first()
    if version is None or not version.file:
        raise NotFound(_("This file does not exist."))
    ext = version.file.name.rsplit(".", 1)[-1]
    return download(version.file, filename=f"{resource.slug}-{language}.{ext}")


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    require(request.user, "knowledge.publish_resource")
    return render(request, "knowledge/review.html", {"resources": selectors.review_queue()})


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    """One search across the platform; the URL holds the query and filters (shareable)."""
    filters = search.Filters.from_params(request.GET)
    page = search.search(filters, request.GET.get("page") or 1) if filters.q else None
    return render_page(
        request,
        "knowledge/search.html",
        {
            "filters": filters,
            "page": page,
            "facets": search.facets(filters) if filters.q else None,
            "share_query": urlencode(filters.as_params()),
            "may_submit": can(request.user, "knowledge.submit_resource"),
        },
        fragment="results",
    )


# --- events -------------------------------------------------------------------------------


@require_GET
def calendar(request: HttpRequest) -> HttpResponse:
    """One calendar of GCG meetings, group meetings, global events, side events and webinars."""
    from . import calendars

    filters = calendars.CalendarFilters.from_params(request.GET)
    return render_page(
        request,
        "knowledge/calendar.html",
        {
            "filters": filters,
            "items": calendars.items(filters),
            "kinds": [(k, EVENT_KIND_LABELS[k]) for k in calendars.KINDS],
            "feed_query": urlencode(filters.as_params()),
        },
        fragment="results",
    )


@require_GET
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The calendar's iCalendar feed (RFC 5545) for the same filters as the page."""
    from alliance87.core.content import current_language

    from . import calendars

    filters = calendars.CalendarFilters.from_params(request.GET)
    body = calendars.ical(
        calendars.items(filters),
        base_url=request.build_absolute_uri("/").rstrip("/"),
        language=current_language(),
        name=_("Alliance 8.7 — calendar"),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="alliance87.ics"'
    return response


@require_GET
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get(slug)
    return render(request, "knowledge/event.html", {"event": event, "form": RegistrationForm()})


@require_POST
def event_register(request: HttpRequest, slug: str) -> HttpResponse:
    """Register for an event (RSVP); rate-limited per address of the request."""
    from alliance87.core import ratelimit

    from . import services_events

    event = selectors.event_get(slug)
    form = RegistrationForm(request.POST)
    ident = request.META.get("REMOTE_ADDR", "")
    if not ratelimit.hit("knowledge.register", ident, limit=10, window=3600):
        form.is_valid()
        form.add_error(None, _("Too many registrations from this address. Try again later."))
        status = 429
    elif submit(
        form,
        lambda c: services_events.register(
            event_id=event.pk, name=c["name"], email=c["email"], language=c["language"]
        ),
    ):
        messages.success(request, _("You are registered. A confirmation is on its way."))
        return redirect("knowledge:event", slug=slug)
    else:
        status = 400
    return render(request, "knowledge/event.html", {"event": event, "form": form}, status=status)


@require_http_methods(["GET", "POST"])
def resource_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit a resource's description (optimistic locking: the form carries the version)."""
    resource = selectors.resource_get(slug, user=request.user)
    require(request.user, "knowledge.edit_resource", resource)
    initial = {
        "titles": resource.titles,
        "summary": resource.summary,
        "kind": resource.kind,
        "publisher": str(resource.publisher_id or ""),
        "themes": resource.themes,
        "languages": resource.languages,
        "countries": [c.pk for c in resource.countries.all()],
        "published_on": resource.published_on,
        "version": resource.version,
    }
    form = ResourceEditForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST":

        def call(c):
            data = _fields(c)
            data.pop("publisher")  # the publisher does not change once drafted
            return services.resource_update(
                actor=request.user,
                resource_id=resource.pk,
                expected_version=c["version"],
                data=data,
            )

        if submit(form, call):
            messages.success(request, _("Resource saved."))
            return redirect("knowledge:resource", slug=slug)
        return render(
            request,
            "knowledge/resource_form.html",
            {"form": form, "resource": resource},
            status=400,
        )
    return render(request, "knowledge/resource_form.html", {"form": form, "resource": resource})
