from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from . import audit, ratelimit, selectors, services
from .htmx import render_page
from .permissions import require


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


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
    return request.META.get("REMOTE_ADDR", "")


class LoginView(auth_views.LoginView):
    """Sign-in, rate limited per account and per client address (settings.LOGIN_RATE_LIMIT)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        limit = settings.LOGIN_RATE_LIMIT
        account = (request.POST.get("username") or "").strip().lower()
        ip = _client_ip(request)
        if ratelimit.blocked("login-account", account, limit=limit) or ratelimit.blocked(
            "login-ip", ip, limit=limit * 4
        ):
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _("Too many failed sign-in attempts. Please wait a few minutes and try again."),
            )
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 429
            return response
        response = super().post(request, *args, **kwargs)
        if request.user.is_authenticated:
            ratelimit.reset("login-account", account)
        else:
            ratelimit.hit("login-account", account, limit=limit, window=settings.LOGIN_RATE_WINDOW)
            ratelimit.hit("login-ip", ip, limit=limit * 4, window=settings.LOGIN_RATE_WINDOW)
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
