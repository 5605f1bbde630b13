"""The words for the kinds of search result."""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "partner": _("Partners"),
    "resource": _("Resources"),
    "event": _("Events"),
    "news": _("News"),
    "pathfinder": _("Pathfinder countries"),
    "group": _("Groups"),
    "indicator": _("Indicators"),
}

#: The kinds of calendar item (knowledge.calendars.KINDS).
EVENT_KIND_LABELS = {
    "gcg_meeting": _("GCG meetings"),
    "group_meeting": _("Group meetings"),
    "global_event": _("Global events"),
    "side_event": _("Side events"),
    "webinar": _("Webinars"),
}
