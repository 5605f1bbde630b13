"""Read-only admin views for the Secretariat: every change to partners and applications goes
through the services (audited), from the partner pages or the API."""

from django.contrib import admin

from .models import Application, Partner, Person


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Partner)
class PartnerAdmin(ReadOnly):
    list_display = ("slug", "acronym", "category", "government_kind", "status", "date_joined")
    list_filter = ("category", "status", "government_kind")
    search_fields = ("slug", "search_text")
    exclude = ("search_text", "theme_keys", "region_keys")


@admin.register(Person)
class PersonAdmin(ReadOnly):
    list_display = ("full_name", "partner", "position", "is_focal_point", "is_partner_admin")
    list_filter = ("is_focal_point", "is_partner_admin")
    search_fields = ("full_name", "email", "partner__slug")


@admin.register(Application)
class ApplicationAdmin(ReadOnly):
    list_display = ("organisation_name", "category", "country", "state", "created_at", "decided_at")
    list_filter = ("state", "category")
    search_fields = ("organisation_name", "contact_email")
    exclude = ("token",)
