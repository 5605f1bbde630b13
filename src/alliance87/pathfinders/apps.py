from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PathfindersConfig(AppConfig):
    name = "alliance87.pathfinders"
    label = "pathfinders"
    verbose_name = _("Pathfinder countries")

    def ready(self) -> None:
        # Register the audit events, the words of the refusal codes and the permission rules.
        from alliance87.core import files

        from . import events, home, messages, permissions  # noqa: F401
        from .models import DocumentVersion

        # A submitted version keeps its file when the draft's file is replaced.
        files.keep_files_named_by(
            lambda name: DocumentVersion.objects.filter(file_name=name).exists()
        )
