from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language_info

from .permissions import is_secretariat


def platform(request):
    """Language switcher links that keep the current page (and its query string)."""
    path = request.get_full_path()
    languages = [
        {
            "code": code,
            "name": get_language_info(code)["name_local"],
            "url": translate_url(path, code),
        }
        for code, _name in settings.LANGUAGES
    ]
    user = getattr(request, "user", None)
    return {"language_links": languages, "is_secretariat": bool(user and is_secretariat(user))}
