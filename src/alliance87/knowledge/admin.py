from django.contrib import admin

from .models import Event, EventAgendaItem, Resource, ResourceVersion


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "status", "published_on")
    list_filter = ("status", "kind")
    exclude = ("theme_keys", "language_keys")
    inlines = [VersionInline]


class AgendaInline(admin.TabularInline):
    model = EventAgendaItem
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "start_date", "date_precision")
    list_filter = ("kind",)
    inlines = [AgendaInline]
