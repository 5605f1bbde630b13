"""The admin shows groups to the Secretariat; changes go through the pages and the API."""

from django.contrib import admin

from .models import Group, Membership, Task


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(ReadOnly):
    list_display = ("slug", "kind", "status", "decision_ref")
    list_filter = ("kind", "status")


@admin.register(Membership)
class MembershipAdmin(ReadOnly):
    list_display = ("group", "person", "partner", "role", "joined_on", "left_on")
    list_filter = ("role", "group")


@admin.register(Task)
class TaskAdmin(ReadOnly):
    list_display = ("objective", "owner", "due_on", "status")
    list_filter = ("status",)
