from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "alliance87.governance"
    label = "governance"
    verbose_name = "Global Coordinating Group"

    def ready(self) -> None:
        from . import events, home, messages, permissions  # noqa: F401  (register at start-up)
