from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import audit, ratelimit, roles, selectors, services
from .account_forms import InviteForm, RoleForm
from .forms import step, submit
from .htmx import render_page
from .permissions import require


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The public home; signed in, what is waiting for this person first (``core.home``)."""
    from . import home as waiting

    boxes = waiting.waiting_for(request.user) if request.user.is_authenticated else []
    return render(request, "core/home.html", {"waiting": boxes})


@require_GET
def about(request: HttpRequest) -> HttpResponse:
    """The mandate's mission, objectives and means of action (seed 000), as on the home page."""
    return render(request, "core/about.html")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For operators and load balancers: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": str(exc.__class__.__name__)}, status=503
        )
    return JsonResponse({"status": "ok", "database": "ok"})


def _client_ip(request: HttpRequest) -> str:
    from .signin import client_ip

    return client_ip(request)


class LoginView(auth_views.LoginView):
    """Sign-in. Failed attempts are counted per account and per client by django-axes
    (``core.signin``, settings.LOGIN_RATE_LIMIT); a locked-out attempt answers 429."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link of an invitation or a password reset: the person chooses a password, then
    signs in and lands on their home. The link is signed, expires after
    PASSWORD_RESET_TIMEOUT and is spent once the password is set (Django's token covers the
    password hash)."""

    template_name = "registration/set_password.html"
    success_url = reverse_lazy("core:login")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request,
            _("Your password is saved. Sign in with your e-mail address and your new password."),
        )
        return response


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log for the Secretariat, filterable by object and person."""
    require(request.user, "core.view_audit_log")
    filters = {
        "object_type": request.GET.get("object_type", "").strip(),
        "object_id": request.GET.get("object_id", "").strip(),
        "actor": request.GET.get("actor", "").strip(),
        "event": request.GET.get("event", "").strip(),
    }
    page = Paginator(selectors.audit_entries(**filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "object_types": selectors.audit_object_types(),
        "events": audit.event_choices(),
    }
    return render_page(request, "core/audit_log.html", context, fragment="results")


class PasswordResetForm(forms.Form):
    email = forms.EmailField(max_length=254)


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Self-service password reset. The answer is the same whether or not the address has an
    account (nothing is revealed); requests are rate limited per client like sign-in."""
    if request.method == "POST":
        form = PasswordResetForm(request.POST)
        ip = _client_ip(request)
        limit = settings.LOGIN_RATE_LIMIT
        if ratelimit.blocked("reset-ip", ip, limit=limit):
            form.add_error(None, _("Too many requests. Please wait a few minutes and try again."))
            return render(request, "registration/password_reset.html", {"form": form}, status=429)
        if form.is_valid():
            ratelimit.hit("reset-ip", ip, limit=limit, window=settings.LOGIN_RATE_WINDOW)
            services.password_reset_request(email=form.cleaned_data["email"])
            return render(request, "registration/password_reset.html", {"sent": True})
        return render(request, "registration/password_reset.html", {"form": form}, status=400)
    return render(request, "registration/password_reset.html", {"form": PasswordResetForm()})


# People and their roles: the Secretariat invites, and changes or takes away roles.


@require_GET
def people(request: HttpRequest) -> HttpResponse:
    """Everyone with an account and their roles, and the invitation form."""
    require(request.user, "core.view_people")
    # The invitation's language starts as the page's: a Spanish page invites in Spanish.
    form = InviteForm(initial={"preferred_language": request.LANGUAGE_CODE})
    return render(request, "core/people.html", _people_context(request, form))


def _people_context(request: HttpRequest, form) -> dict:
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.people(search=search), 50).get_page(request.GET.get("page"))
    users = list(page)
    return {
        "page": page,
        "rows": _rows(users),
        "form": form,
        "q": search,
    }


def _rows(users) -> list[tuple]:
    by_user = selectors.role_rows(users)
    return [(u, by_user.get(u.pk, [])) for u in users]


@require_POST
def invite(request: HttpRequest) -> HttpResponse:
    require(request.user, "core.invite")
    form = InviteForm(request.POST)
    if submit(form, lambda c: services.user_invite(actor=request.user, **c)):
        messages.success(
            request,
            _("%(email)s is invited: the invitation is on its way.")
            % {"email": form.cleaned_data["email"]},
        )
        return redirect("core:people")
    return render(request, "core/people.html", _people_context(request, form), status=400)


def _person_or_404(user_id: int):
    from django.shortcuts import get_object_or_404

    return get_object_or_404(selectors.people(), pk=user_id)


def _person_context(person, add_form=None, failed: tuple | None = None) -> dict:
    rows = []
    for assignment, role, scope in selectors.role_rows([person]).get(person.pk, []):
        form = RoleForm(
            initial={"role": roles.choice_value(assignment.role, assignment.scope_id)},
            auto_id=f"change-{assignment.pk}-%s",
        )
        if failed and failed[0] == assignment.pk:
            form = failed[1]
        rows.append((assignment, role, scope, form))
    return {"person": person, "rows": rows, "add_form": add_form or RoleForm()}


@require_GET
def person(request: HttpRequest, user_id: int) -> HttpResponse:
    """One person's roles: change each, take it away, or give another."""
    require(request.user, "core.view_people")
    return render(request, "core/person.html", _person_context(_person_or_404(user_id)))


@require_POST
def role_add(request: HttpRequest, user_id: int) -> HttpResponse:
    require(request.user, "core.assign_role")
    target = _person_or_404(user_id)
    form = RoleForm(request.POST)

    def give(c):
        scope = roles.resolve(c["role"], c["scope_id"])
        return services.role_assign(actor=request.user, user=target, role=c["role"], scope=scope)

    if submit(form, give):
        messages.success(request, _("Role given."))
        return redirect("core:person", user_id=user_id)
    return render(request, "core/person.html", _person_context(target, add_form=form), status=400)


@require_POST
def role_change(request: HttpRequest, assignment_id: int) -> HttpResponse:
    require(request.user, "core.assign_role")
    assignment = _assignment_or_404(assignment_id)
    form = RoleForm(request.POST, auto_id=f"change-{assignment_id}-%s")
    if submit(
        form,
        lambda c: services.role_change(actor=request.user, assignment_id=assignment_id, **c),
    ):
        messages.success(request, _("Role changed."))
        return redirect("core:person", user_id=assignment.user_id)
    target = _person_or_404(assignment.user_id)
    context = _person_context(target, failed=(assignment.pk, form))
    return render(request, "core/person.html", context, status=400)


@require_POST
def role_revoke(request: HttpRequest, assignment_id: int) -> HttpResponse:
    require(request.user, "core.assign_role")
    assignment = _assignment_or_404(assignment_id)
    step(
        request,
        lambda: services.role_revoke_assignment(actor=request.user, assignment_id=assignment_id),
        _("Role taken away."),
    )
    return redirect("core:person", user_id=assignment.user_id)


def _assignment_or_404(assignment_id: int):
    from django.shortcuts import get_object_or_404

    from .models import RoleAssignment

    return get_object_or_404(RoleAssignment, pk=assignment_id)
