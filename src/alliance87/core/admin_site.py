from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _

from .permissions import is_secretariat


class SecretariatAdminSite(admin.AdminSite):
    """The Django admin, for the data no page edits yet; the Secretariat only."""

    site_header = _("Alliance 8.7 administration")
    site_title = _("Alliance 8.7 administration")

    def has_permission(self, request) -> bool:
        return bool(request.user.is_active and is_secretariat(request.user))

    def login(self, request, extra_context=None):
        """One sign-in page for the whole platform (the rate-limited one)."""
        return redirect_to_login(
            request.GET.get("next") or request.get_full_path(), settings.LOGIN_URL
        )
