from django.utils.translation import gettext_lazy as _

from alliance87.core.audit import Events, register_events


@register_events
class ResultsEvent(Events):
    VALUE_ENTERED = "results.value.entered", _("Indicator value entered")
    VALUE_EDITED = "results.value.edited", _("Indicator value edited")
    VALUE_SUBMITTED = "results.value.submitted", _("Indicator value submitted")
    VALUE_RETURNED = "results.value.returned", _("Indicator value returned to draft")
    VALUE_PUBLISHED = "results.value.published", _("Indicator value published")
    VALUE_REOPENED = "results.value.reopened", _("Published indicator value reopened")
    VALUES_IMPORTED = "results.values.imported", _("Indicator values imported from a file")
    PLAN_PRODUCT_ADDED = "results.plan.product_added", _("Operational plan product added")
    PLAN_PRODUCT_EDITED = "results.plan.product_edited", _("Operational plan product edited")
    PLAN_ACTIVITY_ADDED = "results.plan.activity_added", _("Operational plan activity added")
    PLAN_ACTIVITY_EDITED = "results.plan.activity_edited", _("Operational plan activity edited")
    PLAN_RESOURCE_ADDED = "results.plan.resource_added", _("Operational plan resource added")
    PLAN_RESOURCE_EDITED = "results.plan.resource_edited", _("Operational plan resource edited")
    FRAMEWORK_CREATED = "results.framework.created", _("Country indicator framework created")
    INDICATOR_ADDED = "results.indicator.added", _("Indicator added to a country's framework")
