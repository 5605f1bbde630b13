from django.contrib import admin

from .models import Framework, Indicator, IndicatorValue, Result, TargetValue, ValueRevision
from .models_network import (
    NetworkBody,
    NetworkMeeting,
    NetworkMember,
    NetworkMilestone,
    NetworkPerson,
    NetworkPhase,
)
from .models_plans import OperationalPlan, PlanActivity, PlanProduct, PlanResource, RoadmapLine


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("code", "kind", "start_year", "end_year")


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ("framework", "number", "order")
    list_filter = ("framework",)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "result", "unit", "direction")
    list_filter = ("result__framework",)


@admin.register(TargetValue)
class TargetValueAdmin(admin.ModelAdmin):
    list_display = ("indicator", "year", "is_baseline", "value")


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    """Read only: values change through the services (review, revisions, audit)."""

    list_display = ("indicator", "country", "year", "disaggregation_key", "status", "version")
    list_filter = ("status",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ValueRevision)
class ValueRevisionAdmin(admin.ModelAdmin):
    list_display = ("value", "version", "status", "changed_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NetworkBody)
class NetworkBodyAdmin(admin.ModelAdmin):
    list_display = ("code", "government_seats", "employer_seats", "worker_seats", "seed_line")


@admin.register(NetworkMilestone)
class NetworkMilestoneAdmin(admin.ModelAdmin):
    list_display = ("code", "seed_line", "order")


@admin.register(NetworkPhase)
class NetworkPhaseAdmin(admin.ModelAdmin):
    list_display = ("number", "start_year", "end_year", "seed_line")


@admin.register(NetworkMeeting)
class NetworkMeetingAdmin(admin.ModelAdmin):
    list_display = ("number", "place", "country", "year", "start_date", "end_date", "status")


class NetworkPersonInline(admin.TabularInline):
    model = NetworkPerson
    fk_name = "member"
    extra = 0
    fields = ("key", "name", "constituency", "institution", "is_focal_point", "is_new", "email")


@admin.register(NetworkMember)
class NetworkMemberAdmin(admin.ModelAdmin):
    list_display = ("country", "seed_line")
    inlines = [NetworkPersonInline]


@admin.register(NetworkPerson)
class NetworkPersonAdmin(admin.ModelAdmin):
    """The Secretariat completes what the seed leaves out (a name, an e-mail) from a source."""

    list_display = ("key", "name", "member", "body", "constituency", "is_focal_point", "seed_line")
    list_filter = ("constituency", "is_focal_point")


@admin.register(RoadmapLine)
class RoadmapLineAdmin(admin.ModelAdmin):
    list_display = ("key", "level", "number", "parent", "seed_line")
    list_filter = ("level",)


@admin.register(OperationalPlan)
class OperationalPlanAdmin(admin.ModelAdmin):
    list_display = ("code", "framework", "start_year", "end_year")


class ReadOnlyThroughServices(admin.ModelAdmin):
    """Products, activities and resources change through the services (versions, audit)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanProduct)
class PlanProductAdmin(ReadOnlyThroughServices):
    list_display = ("plan", "result", "text", "responsible")


@admin.register(PlanActivity)
class PlanActivityAdmin(ReadOnlyThroughServices):
    list_display = ("product", "text", "status", "start_date", "end_date")


@admin.register(PlanResource)
class PlanResourceAdmin(ReadOnlyThroughServices):
    list_display = ("activity", "availability", "kind", "amount", "currency")
