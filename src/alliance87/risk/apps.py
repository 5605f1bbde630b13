from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "alliance87.risk"
    label = "risk"
    verbose_name = "Child labour risk model"

    def ready(self) -> None:
        from . import events, messages, permissions  # noqa: F401
