from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    default = True
    name = "alliance87.core"
    label = "core"
    verbose_name = _("Platform core")

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .collation import register_sqlite_collations

        # SQLite has no language collations: give it ours (core.collation.collated).
        connection_created.connect(register_sqlite_collations, dispatch_uid="core.collations")
        # Sign-in attempts go to the audit log (core.signin; axes does the counting).
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import signin

        user_login_failed.connect(signin.audit_failed_sign_in, dispatch_uid="core-audit-signin")
        user_locked_out.connect(signin.audit_lockout, dispatch_uid="core-audit-lockout")


class PlatformAdminConfig(admin_apps.AdminConfig):
    default = False
    """The Django admin, open to the Secretariat only."""

    default_site = "alliance87.core.admin_site.SecretariatAdminSite"
