"""The admin shows the knowledge hub's rows read-only: every change goes through the pages
and services (audit row, workflow, optimistic locking), never around them."""

from django.contrib import admin

from .models import Event, EventAgendaItem, Resource, ResourceVersion


class ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class VersionInline(ReadOnly, admin.TabularInline):
    model = ResourceVersion
    extra = 0


@admin.register(Resource)
class ResourceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("slug", "kind", "status", "published_on")
    list_filter = ("status", "kind")
    exclude = ("theme_keys", "language_keys")
    inlines = [VersionInline]


class AgendaInline(ReadOnly, admin.TabularInline):
    model = EventAgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("slug", "kind", "start_date", "date_precision")
    list_filter = ("kind",)
    inlines = [AgendaInline]
