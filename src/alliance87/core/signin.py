"""Sign-in protection with django-axes (decision 0003): who the client is, what counts as
the same account, what a locked-out person sees, and the audit rows of attempts.

Axes counts failed sign-ins per account and per client address in Django's cache (Redis, or
the database cache: shared by every worker) and refuses both for ``LOGIN_RATE_WINDOW``
seconds once either reaches ``LOGIN_RATE_LIMIT``. The client address is the peer of the
connection unless the request came through a proxy the operator declared trusted
(``TRUSTED_PROXY_COUNT`` or ``TRUSTED_PROXIES``, docs/operations.md): then it is read from
``X-Forwarded-For``, right to left, skipping those proxies, so a client cannot choose its
own address by sending the header itself.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse


def _ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip().strip("[]")))
    except ValueError:
        return None


def _trusted(address: str, networks) -> bool:
    ip = ipaddress.ip_address(address)
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client behind the trusted proxies (AXES_CLIENT_IP_CALLABLE)."""
    peer = _ip(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.TRUSTED_PROXY_COUNT
    networks = settings.TRUSTED_PROXY_NETWORKS
    if not peer or not (count or networks):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [h for h in (_ip(part) for part in forwarded.split(",")) if h] + [peer]
    if count:
        # The last ``count`` hops are our own proxies (the peer is the nearest); the hop
        # before them was added by the outermost proxy and is the client.
        return hops[max(len(hops) - 1 - count, 0)]
    if not _trusted(peer, networks):
        return peer  # not through a trusted proxy: the header is the client's own words
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            return hop
    return hops[0]


def failure_limit(request: HttpRequest, credentials: dict | None) -> int:
    """AXES_FAILURE_LIMIT: the one setting, ``LOGIN_RATE_LIMIT``."""
    return settings.LOGIN_RATE_LIMIT


def username(request: HttpRequest, credentials: dict | None) -> str | None:
    """One account whatever the case or spaces typed (AXES_USERNAME_CALLABLE)."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username") if request is not None else None
    return raw.strip().lower() if isinstance(raw, str) else raw


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What a locked-out person sees (AXES_LOCKOUT_CALLABLE): the sign-in page, refused, 429."""
    from django.contrib.auth.forms import AuthenticationForm
    from django.shortcuts import render
    from django.utils.translation import gettext as _

    form = AuthenticationForm(request, data={"username": username(request, credentials) or ""})
    form.errors.clear()  # a bound form, without running authentication again
    form.add_error(
        None, _("Too many failed sign-in attempts. Please wait a few minutes and try again.")
    )
    return render(request, "registration/login.html", {"form": form}, status=429)


def _record(event, request, username_tried: str | None) -> None:
    from . import audit
    from .models import User

    user = User.objects.filter(email__iexact=username_tried or "").first()
    audit.record(
        actor=None,
        event=event,
        obj=user,
        label=(username_tried or "")[:300],
        changes={"account": [None, username_tried or ""], "client": [None, client_ip(request)]},
    )


def audit_failed_sign_in(sender, credentials, request=None, **kwargs) -> None:
    """A failed sign-in, once per attempt counted (not the ones refused during a lockout)."""
    from .events import CoreEvent

    if request is None or getattr(request, "axes_locked_out", False):
        return
    _record(CoreEvent.SIGN_IN_FAILED, request, username(request, credentials))


def audit_lockout(sender, request, username=None, ip_address=None, **kwargs) -> None:
    """The attempt that locked an account or a client (not each refused one after it)."""
    from axes.helpers import get_failure_limit

    from .events import CoreEvent

    failures = getattr(request, "axes_failures_since_start", None)
    credentials = getattr(request, "axes_credentials", None)
    if failures is not None and failures == get_failure_limit(request, credentials):
        _record(CoreEvent.SIGN_IN_LOCKED_OUT, request, username)
