from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from . import audit, roles, services
from .audit import plain
from .models import AuditEntry, Country, Region, Role, RoleAssignment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("email", "full_name", "is_active", "last_login")
    search_fields = ("email", "full_name", "username")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "username", "password")}),
        (_("Profile"), {"fields": ("full_name", "preferred_language")}),
        (_("Status"), {"fields": ("is_active", "is_staff", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "username", "password1", "password2")}),
    )

    def save_model(self, request, obj, form, change):
        """Saved, then audited like any change made on a page (the password never recorded)."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            changed = {
                name: [plain(form.initial.get(name)), plain(form.cleaned_data.get(name))]
                for name in form.changed_data
                if name not in ("password1", "password2")
            }
            if not change:
                changed = {"email": [None, obj.email]}
            services.user_record_admin_change(
                actor=request.user, user=obj, changed=changed, created=not change
            )


class RoleAssignmentForm(forms.ModelForm):
    """The scope type is one of the kinds of object roles are held on (``core.roles``), not
    any of the platform's models; ``RoleAssignment.clean`` checks it fits the role and exists."""

    class Meta:
        model = RoleAssignment
        fields = ("user", "role", "scope_type", "scope_id")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = {roles.scope_kind(r) for r in Role.values} - {None}
        self.fields["scope_type"].queryset = ContentType.objects.filter(
            pk__in={kind.content_type().pk for kind in kinds}
        )
        self.fields["scope_type"].required = False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    """Roles given, changed and taken away here go through the same services as the roles
    page, so each writes its audit row."""

    form = RoleAssignmentForm
    list_display = ("user", "role", "scope_type", "scope_id", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email",)

    def save_model(self, request, obj, form, change):
        if change:
            services.role_change(
                actor=request.user, assignment_id=obj.pk, role=obj.role, scope_id=obj.scope_id
            )
            obj.refresh_from_db()
            return
        scope = roles.resolve(obj.role, obj.scope_id) if obj.scope_type_id else None
        saved = services.role_assign(actor=request.user, user=obj.user, role=obj.role, scope=scope)
        obj.pk = saved.pk
        obj.created_at = saved.created_at

    def delete_model(self, request, obj):
        services.role_revoke_assignment(actor=request.user, assignment_id=obj.pk)

    def delete_queryset(self, request, queryset):
        for pk in queryset.order_by("pk").values_list("pk", flat=True):
            services.role_revoke_assignment(actor=request.user, assignment_id=pk)


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
    list_display = ("created_at", "actor_label", "event_words", "object_label")
    list_filter = ("event",)

    @admin.display(description=_("event"), ordering="event")
    def event_words(self, entry: AuditEntry) -> str:
        """The event in the reader's language, not its code."""
        return audit.event_label(entry.event)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
