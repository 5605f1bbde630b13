from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "alliance87.results"
    label = "results"
    verbose_name = "Results frameworks"

    def ready(self) -> None:
        from alliance87.pathfinders.selectors import register_indicator_reader

        from . import events, messages, permissions  # noqa: F401
        from .selectors_pathfinders import profile_series

        register_indicator_reader(profile_series)
