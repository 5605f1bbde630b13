from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "alliance87.results"
    label = "results"
    verbose_name = "Results frameworks"

    def ready(self) -> None:
        from . import events, messages, permissions  # noqa: F401
