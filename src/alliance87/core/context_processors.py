from urllib.parse import urlsplit

from django.conf import settings
from django.urls import translate_url
from django.utils.text import capfirst
from django.utils.translation import get_language_info

from .permissions import is_secretariat


def _page_path(request) -> str | None:
    """The page the reader is on. A form refused with its errors is shown at the address it
    was sent to (``/es/accounts/people/invite/``), which answers only POST: there the links
    lead back to the page the form is on (the referring page of this site), else (None) to
    the home page."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = urlsplit(request.META.get("HTTP_REFERER", ""))
    if referer.path.startswith("/") and referer.netloc in ("", request.get_host()):
        return referer.path + (f"?{referer.query}" if referer.query else "")
    return None


def platform(request):
    """Language switcher links that keep the current page (and its query string); each
    language named in itself, capitalised as a menu item ("Español", "Français")."""
    path = _page_path(request)
    languages = [
        {
            "code": code,
            "name": capfirst(get_language_info(code)["name_local"]),
            "url": translate_url(path, code) if path else f"/{code}/",
        }
        for code, _name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    return {"language_links": languages, "is_secretariat": bool(user and is_secretariat(user))}
