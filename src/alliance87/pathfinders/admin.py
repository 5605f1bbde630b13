"""Read-only admin views: every change to a pathfinder goes through the services."""

from django.contrib import admin

from .models import Document, DocumentVersion, IndicatorValue, Pathfinder, PathfinderEvent, Priority


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Pathfinder)
class PathfinderAdmin(ReadOnly):
    list_display = ("country", "status", "stage", "became_active_on", "profile_published")
    list_filter = ("status", "stage")
    search_fields = ("country__iso3", "country__name_en")


@admin.register(PathfinderEvent)
class PathfinderEventAdmin(ReadOnly):
    list_display = ("pathfinder", "type", "on", "year", "created_by")
    list_filter = ("type",)
    search_fields = ("pathfinder__country__iso3",)


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ("pathfinder", "kind", "year", "state", "published", "version")
    list_filter = ("kind", "state")


@admin.register(DocumentVersion)
class DocumentVersionAdmin(ReadOnly):
    list_display = ("document", "number", "submitted_by", "submitted_at")


@admin.register(Priority)
class PriorityAdmin(ReadOnly):
    list_display = ("pathfinder", "kind", "theme", "position")
    list_filter = ("kind",)


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnly):
    list_display = ("pathfinder", "code", "year", "value")
