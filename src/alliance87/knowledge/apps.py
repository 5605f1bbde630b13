from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "alliance87.knowledge"
    label = "knowledge"
    verbose_name = "Knowledge hub: resources and search"

    def ready(self) -> None:
        from alliance87.core import changes

        from . import events, freshness, messages, permissions  # noqa: F401

        changes.after_write(freshness.after_write)
