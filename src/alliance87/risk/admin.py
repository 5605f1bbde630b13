"""The admin shows the risk app's records to the Secretariat, read only; changes go through
the pages (uploads, runs, grants) so that they are checked and audited."""

from django.contrib import admin

from .models import Dataset, Grant, Run


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dataset)
class DatasetAdmin(ReadOnly):
    list_display = ("name", "kind", "country", "format", "size", "created_at")
    list_filter = ("kind", "format")
    exclude = ("profile",)


@admin.register(Run)
class RunAdmin(ReadOnly):
    list_display = ("title", "country", "status", "progress", "published_at", "created_at")
    list_filter = ("status", "engine")
    exclude = ("model", "summary", "validation", "geometry")


@admin.register(Grant)
class GrantAdmin(ReadOnly):
    list_display = ("country", "user", "created_at")
