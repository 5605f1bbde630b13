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
