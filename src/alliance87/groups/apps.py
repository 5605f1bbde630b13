from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "alliance87.groups"
    label = "groups"
    verbose_name = "Action groups and working groups"

    def ready(self) -> None:
        from . import events, home, messages, permissions  # noqa: F401
