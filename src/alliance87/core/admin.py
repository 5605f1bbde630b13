from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AuditEntry, Country, Region, RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("email", "full_name", "is_active", "last_login")
    search_fields = ("email", "full_name", "username")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        ("Profile", {"fields": ("full_name", "preferred_language")}),
        ("Status", {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "username", "password1", "password2")}),
    )


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "scope_type", "scope_id", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email",)


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ("iso3", "iso2", "name_en", "region", "subregion")
    search_fields = ("iso3", "iso2", "name_en", "name_es", "name_fr", "name_pt")
    list_filter = ("region",)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_en", "level", "parent")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_label", "event", "object_label")
    list_filter = ("event",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
