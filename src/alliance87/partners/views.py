"""Partner pages: the public directory, its exports, profiles, profile editing, the public
application form and the Secretariat's vetting queue. Thin: parse, call a service or a
selector, render."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core import content
from alliance87.core.content import current_language
from alliance87.core.exceptions import NotFound
from alliance87.core.exports import table_response
from alliance87.core.forms import step, submit
from alliance87.core.htmx import render_page
from alliance87.core.permissions import can, require

from . import rules, selectors, services
from .forms import (
    ApplicationForm,
    PersonAccessForm,
    PersonForm,
    ProfileForm,
    ReplyForm,
    VersionForm,
    VettingForm,
)
from .models import Application, Category, Partner, Person, Theme


def _partner_or_404(slug: str) -> Partner:
    """The partner (any status: the caller checks who may act on it)."""
    partner = Partner.objects.filter(slug=slug).first()
    if partner is None:
        raise NotFound(_("This partner does not exist."))
    return partner


def _person_or_404(partner: Partner, pk: int) -> Person:
    person = Person.objects.filter(partner=partner, pk=pk).select_related("user").first()
    if person is None:
        raise NotFound(_("This person does not exist."))
    return person


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """The public directory: search, filters with counts, pagination; the URL keeps the filters."""
    filters = selectors.DirectoryFilters.from_params(request.GET)
    page = selectors.partner_page(filters, request.GET.get("page") or 1)
    facets = selectors.directory_facets(filters)
    return render_page(
        request,
        "partners/directory.html",
        {
            "filters": filters,
            "page": page,
            "facets": facets,
            "export_query": urlencode(filters.as_params()),
        },
        fragment="results",
    )


EXPORT_HEADERS = [
    "name",
    "acronym",
    "category",
    "government_kind",
    "headquarters",
    "countries_of_work",
    "regions_of_work",
    "themes",
    "website",
    "description",
    "date_joined",
    "profile",
]


def _export_rows(request: HttpRequest) -> list[list[object]]:
    """Public fields only (never people, e-mails or phones); core.exports neutralises formulas."""
    filters = selectors.DirectoryFilters.from_params(request.GET)
    lang = current_language()
    rows = []
    for p in selectors.partner_export_rows(filters):
        rows.append(
            [
                content.text(p.names, lang),
                content.text(p.acronym, lang),
                str(Category(p.category).label),
                p.get_government_kind_display() if p.government_kind else "",
                p.headquarters.name if p.headquarters else "",
                "; ".join(sorted(c.name for c in p.countries_of_work.all())),
                "; ".join(sorted(r.name for r in p.regions_of_work.all())),
                "; ".join(str(Theme(t).label) for t in p.themes if t in Theme.values),
                p.website,
                content.text(p.description, lang),
                p.date_joined.isoformat() if p.date_joined else "",
                request.build_absolute_uri(reverse("partners:profile", args=[p.slug])),
            ]
        )
    return rows


@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    return table_response(
        "csv",
        stem="alliance87-partners",
        sheet_title=_("Partners"),
        header=EXPORT_HEADERS,
        rows=_export_rows(request),
    )


@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return table_response(
        "xlsx",
        stem="alliance87-partners",
        sheet_title=_("Partners"),
        header=EXPORT_HEADERS,
        rows=_export_rows(request),
    )


@require_GET
def profile(request: HttpRequest, slug: str) -> HttpResponse:
    partner = selectors.partner_get(slug, user=request.user)
    may_change_status = can(request.user, "partners.change_status", partner)
    can_see_contacts = can(request.user, "partners.view_contacts", partner)
    people = list(partner.people.all())
    return render(
        request,
        "partners/profile.html",
        {
            "partner": partner,
            "can_edit": can(request.user, "partners.edit_profile", partner),
            "can_see_contacts": can_see_contacts,
            "can_manage_people": can(request.user, "partners.manage_people", partner),
            # The public sees focal points' names and positions only (seed 004 names them in a
            # public report); the partner's own people and the Secretariat see everyone.
            "people": people if can_see_contacts else [p for p in people if p.is_focal_point],
            "status_actions": [
                (action, STATUS_ACTION_LABELS[action])
                for action in rules.PARTNER_STATUS.actions_from(partner.status)
            ]
            if may_change_status
            else [],
        },
    )


#: The buttons of the Secretariat's status steps (``rules.PARTNER_STATUS``).
STATUS_ACTION_LABELS = {
    "activate": gettext_lazy("Make active"),
    "suspend": gettext_lazy("Suspend"),
    "withdraw": gettext_lazy("Withdraw"),
}


def _status_step(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    """The Secretariat moves a partner along ``rules.PARTNER_STATUS`` and goes back to it."""
    partner = _partner_or_404(slug)
    step(  # the profile has no form: the refusal is shown at its top
        request,
        lambda: services.partner_set_status(
            actor=request.user, partner_id=partner.pk, status=rules.PARTNER_STATUS[action].target
        ),
        _("The partner's status was changed."),
    )
    return redirect("partners:profile", slug=partner.slug)


@require_POST
def partner_activate(request: HttpRequest, slug: str) -> HttpResponse:
    """An applicant becomes, or a suspended partner becomes again, an active partner."""
    return _status_step(request, slug, "activate")


@require_POST
def partner_suspend(request: HttpRequest, slug: str) -> HttpResponse:
    return _status_step(request, slug, "suspend")


@require_POST
def partner_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """Withdrawal is final."""
    return _status_step(request, slug, "withdraw")


@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _partner_or_404(slug)
    require(request.user, "partners.edit_profile", partner)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if submit(
            form,
            lambda c: services.partner_update(
                actor=request.user,
                partner_id=partner.pk,
                data=form.service_data(),
                expected_version=c["version"],
                logo=c.get("logo") or None,
                remove_logo=c.get("remove_logo", False),
                language=get_language(),
            ),
        ):
            messages.success(request, _("The profile was saved."))
            return redirect("partners:profile", slug=partner.slug)
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(partner))
    return render(request, "partners/edit.html", {"partner": partner, "form": form})


APPLICATIONS_PER_HOUR = 20


def application_rate_ok(request: HttpRequest) -> bool:
    """At most 20 applications an hour from one address (a guard against automated spam)."""
    from alliance87.core import ratelimit
    from alliance87.core.signin import client_ip

    return ratelimit.hit(
        "partners.apply",
        client_ip(request),  # the client behind the trusted proxies, not the proxy
        limit=APPLICATIONS_PER_HOUR,
        window=3600,
    )


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """The public application to become a partner."""
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if not application_rate_ok(request):
            form.add_error(
                None, _("Too many applications were sent from your network. Try again later.")
            )
        elif submit(
            form,
            lambda c: services.application_submit(
                actor=request.user if request.user.is_authenticated else None,
                data={**c, "language": current_language()},
            ),
        ):
            email = form.cleaned_data["contact_email"]
            return render(request, "partners/apply_done.html", {"email": email})
    else:
        form = ApplicationForm()
    return render(request, "partners/apply.html", {"form": form})


@require_http_methods(["GET", "POST"])
def application_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The applicant answers a request for more information (link sent by e-mail)."""
    application = Application.objects.filter(token=token).first()
    if application is None:
        raise NotFound(_("This application does not exist."))
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and submit(
        form, lambda c: services.application_resubmit(token=token, reply=c["reply"])
    ):
        messages.success(request, _("Thank you. The Secretariat will continue the review."))
        return redirect("partners:application_reply", token=token)
    return render(request, "partners/reply.html", {"application": application, "form": form})


@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    """The Secretariat's vetting queue."""
    require(request.user, "partners.vet_application")
    state = request.GET.get("state", "")
    if state not in Application.State.values:
        state = ""
    page = Paginator(selectors.application_queue(state=state), 25).get_page(
        request.GET.get("page") or 1
    )
    return render(
        request,
        "partners/queue.html",
        {
            "page": page,
            "state": state,
            "states": Application.State.choices,
            "flagged": selectors.existing_partners_for(page.object_list),
        },
    )


def _application_or_404(pk: int) -> Application:
    application = Application.objects.select_related("country", "partner").filter(pk=pk).first()
    if application is None:
        raise NotFound(_("This application does not exist."))
    return application


def _application_page(request: HttpRequest, application: Application, form, status=200):
    return render(
        request,
        "partners/application.html",
        {
            "application": application,
            "form": form,
            "actions": rules.VETTING.actions_from(application.state),
            "same_as": selectors.existing_partners_for([application]).get(application.pk, []),
        },
        status=status,
    )


@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An application and, while it is open, the Secretariat's decision form: one button per
    step, each posting to its own view."""
    application = _application_or_404(pk)
    require(request.user, "partners.vet_application", application)
    form = VettingForm(initial={"version": application.version, "notes": application.vetting_notes})
    return _application_page(request, application, form)


def _vetting_step(request: HttpRequest, pk: int, step, *, with_reason: bool) -> HttpResponse:
    """Run one vetting step from the decision form; on a refusal show the form again with
    the reason next to the field at fault."""
    application = _application_or_404(pk)
    require(request.user, "partners.vet_application", application)
    form = VettingForm(request.POST)
    if submit(
        form,
        lambda d: step(
            actor=request.user,
            application_id=pk,
            notes=d["notes"],
            expected_version=d["version"],
            **({"reason": d["reason"]} if with_reason else {}),
        ),
    ):
        messages.success(
            request, _("Decision recorded; the applicant has been informed by e-mail.")
        )
        return redirect("partners:application", pk=pk)
    return _application_page(request, application, form)


@require_POST
def application_request_info(request: HttpRequest, pk: int) -> HttpResponse:
    return _vetting_step(request, pk, services.application_request_info, with_reason=True)


@require_POST
def application_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _vetting_step(request, pk, services.application_approve, with_reason=False)


@require_POST
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _vetting_step(request, pk, services.application_reject, with_reason=True)


# --- People of a partner ------------------------------------------------------------------------


@require_GET
def people(request: HttpRequest, slug: str) -> HttpResponse:
    """A partner's people with their contact details: its own people and the Secretariat."""
    partner = _partner_or_404(slug)
    require(request.user, "partners.view_contacts", partner)
    return render(
        request,
        "partners/people.html",
        {
            "partner": partner,
            "people": selectors.partner_people(partner),
            "can_manage": can(request.user, "partners.manage_people", partner),
            "access_form": PersonAccessForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def person_add(request: HttpRequest, slug: str) -> HttpResponse:
    partner = _partner_or_404(slug)
    require(request.user, "partners.manage_people", partner)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda c: services.person_add(
            actor=request.user, partner_id=partner.pk, data=form.service_data()
        ),
    ):
        messages.success(request, _("The person was added."))
        return redirect("partners:people", slug=partner.slug)
    return render(
        request, "partners/person_form.html", {"partner": partner, "form": form, "person": None}
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partner = _partner_or_404(slug)
    require(request.user, "partners.manage_people", partner)
    person = _person_or_404(partner, pk)
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid() and form.cleaned_data["version"] is None:
            form.add_error(None, _("The form is incomplete. Reload the page and try again."))
        elif submit(
            form,
            lambda c: services.person_update(
                actor=request.user,
                person_id=person.pk,
                partner_id=partner.pk,
                data=form.service_data(),
                expected_version=c["version"],
            ),
        ):
            messages.success(request, _("The changes were saved."))
            return redirect("partners:people", slug=partner.slug)
    else:
        form = PersonForm(initial=PersonForm.initial_for(person))
    return render(
        request, "partners/person_form.html", {"partner": partner, "form": form, "person": person}
    )


def _person_step(
    request: HttpRequest, slug: str, pk: int, service, form_class, success: str
) -> HttpResponse:
    """Run one of the people page's buttons (invite, remove access, remove) and go back."""
    partner = _partner_or_404(slug)
    require(request.user, "partners.manage_people", partner)
    person = _person_or_404(partner, pk)
    step(  # the people page has no form to show a refusal on: it is a message
        request,
        lambda c: service(actor=request.user, person_id=person.pk, partner_id=partner.pk, **c),
        success,
        form=form_class(request.POST),
    )
    return redirect("partners:people", slug=partner.slug)


def _grant(*, version: int, **kwargs):
    return services.person_grant_access(expected_version=version, **kwargs)


def _remove_access(*, version: int, **kwargs):
    return services.person_remove_access(expected_version=version, **kwargs)


def _remove(*, version: int, **kwargs):
    return services.person_remove(expected_version=version, **kwargs)


@require_POST
def person_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Invite a person to sign in as a member or an administrator (an e-mail goes out)."""
    return _person_step(
        request,
        slug,
        pk,
        _grant,
        PersonAccessForm,
        _("Access given; the person has been sent an e-mail to sign in."),
    )


@require_POST
def person_remove_access(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _person_step(
        request, slug, pk, _remove_access, VersionForm, _("The person's access was removed.")
    )


@require_POST
def person_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _person_step(request, slug, pk, _remove, VersionForm, _("The person was removed."))
