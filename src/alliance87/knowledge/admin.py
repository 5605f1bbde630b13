from django.contrib import admin

from .models import Resource, ResourceVersion


class VersionInline(admin.TabularInline):
    model = ResourceVersion
    extra = 0


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ("slug", "kind", "status", "published_on")
    list_filter = ("status", "kind")
    exclude = ("theme_keys", "language_keys")
    inlines = [VersionInline]
