from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "alliance87.partners"
    label = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from . import (
            events,  # noqa: F401  (registers the app's audit events)
            home,  # noqa: F401  (its boxes on the signed-in home page)
            messages,  # noqa: F401  (registers the words of the rules' refusal codes)
            permissions,  # noqa: F401  (registers the app's permission rules)
        )
