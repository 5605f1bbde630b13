from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "alliance87.governance"
    label = "governance"
    verbose_name = "Global Coordinating Group"

    def ready(self) -> None:
        from alliance87.pathfinders.services.common import register_decision_reader

        from . import events, home, messages, permissions  # noqa: F401  (register at start-up)
        from .selectors import decision_facts

        # The pathfinders app reads the GCG's decisions through this (it never imports us).
        register_decision_reader(decision_facts)
