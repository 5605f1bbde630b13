"""One view serves a page and its htmx fragment (django-template-partials).

A filtered list marks its results with ``{% partialdef results inline %}...{% endpartialdef %}``
and its filter form with ``hx-get`` (same URL), ``hx-target="#results"``, ``hx-swap="outerHTML"`` (the fragment carries its own
``<div id="results">``),
``hx-push-url="true"``; the view renders through :func:`render_page`, which answers an htmx
request with the fragment only and a plain request (JavaScript off, a shared link) with the
whole page::

    return render_page(request, "partners/directory.html", context, fragment="results")
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request for a fragment (not a boosted navigation, which wants the page)."""
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-Boosted")


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    fragment: str = "results",
    status: int = 200,
) -> HttpResponse:
    """The page, or only its ``fragment`` partial when htmx asks for it. A fragment also
    brings the language links, swapped out of band, so that switching language after
    filtering keeps the new filters (the address htmx pushed)."""
    if not is_htmx(request):
        response = render(request, template, context or {}, status=status)
    else:
        body = render_to_string(f"{template}#{fragment}", context or {}, request=request)
        links = render_to_string("core/language_links.html", {"oob": True}, request=request)
        response = HttpResponse(body + links, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response
