from django.contrib import admin

from .models import Framework, Indicator, IndicatorValue, Result, TargetValue, ValueRevision


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
