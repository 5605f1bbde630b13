"""The admin shows GCG data to the Secretariat; changes go through the pages and the API so
that the mandate's rules and the audit log apply."""

from django.contrib import admin

from .models import ActionPoint, Decision, Meeting, Member, Seat


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Seat)
class SeatAdmin(ReadOnly):
    list_display = ("constituency", "number", "region", "regional_group")
    list_filter = ("constituency",)


@admin.register(Member)
class MemberAdmin(ReadOnly):
    list_display = ("seat", "country", "partner", "person", "term_start", "term_end", "status")
    list_filter = ("status", "seat__constituency")


@admin.register(Meeting)
class MeetingAdmin(ReadOnly):
    list_display = ("number", "starts_at", "mode", "city", "language")


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ("reference", "meeting", "kind", "outcome", "present_count")
    list_filter = ("outcome", "kind")


@admin.register(ActionPoint)
class ActionPointAdmin(ReadOnly):
    list_display = ("text", "owner", "due_on", "status", "meeting")
    list_filter = ("status",)
