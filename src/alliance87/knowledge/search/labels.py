"""The words for the kinds of search result."""

from django.utils.translation import gettext_lazy as _

KIND_LABELS = {
    "partner": _("Partners"),
    "resource": _("Resources"),
    "pathfinder": _("Pathfinder countries"),
    "group": _("Groups"),
    "indicator": _("Indicators"),
}
