"""Time zones of meetings (IANA names)."""

from __future__ import annotations

import zoneinfo

from django.utils.translation import pgettext_lazy


def zone(name: str):
    """The time zone called ``name`` (IANA), or ``None``."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


#: The time zones a meeting is usually held in, offered on the meeting form, each with the
#: city people know it by: Geneva and New York for the GCG and the ILO, and cities of the
#: regions the partners and pathfinder countries are in, named in the reader's language. The
#: API still takes any IANA name.
COMMON = (
    ("UTC", "UTC"),
    (
        "Europe/Zurich",
        pgettext_lazy("city", "Geneva"),
    ),  # Geneva has no zone of its own in the IANA database
    ("Europe/London", pgettext_lazy("city", "London")),
    ("Europe/Paris", pgettext_lazy("city", "Paris")),
    ("Europe/Brussels", pgettext_lazy("city", "Brussels")),
    ("Europe/Amsterdam", pgettext_lazy("city", "The Hague")),
    ("America/New_York", pgettext_lazy("city", "New York")),
    ("America/Mexico_City", pgettext_lazy("city", "Mexico City")),
    ("America/Bogota", pgettext_lazy("city", "Bogotá")),
    ("America/Lima", pgettext_lazy("city", "Lima")),
    ("America/Santiago", pgettext_lazy("city", "Santiago")),
    ("America/Sao_Paulo", pgettext_lazy("city", "Brasília")),
    ("America/Argentina/Buenos_Aires", pgettext_lazy("city", "Buenos Aires")),
    ("Africa/Abidjan", pgettext_lazy("city", "Abidjan")),
    ("Africa/Lagos", pgettext_lazy("city", "Lagos")),
    ("Africa/Addis_Ababa", pgettext_lazy("city", "Addis Ababa")),
    ("Africa/Nairobi", pgettext_lazy("city", "Nairobi")),
    ("Africa/Johannesburg", pgettext_lazy("city", "Johannesburg")),
    ("Indian/Antananarivo", pgettext_lazy("city", "Antananarivo")),
    ("Asia/Dubai", pgettext_lazy("city", "Dubai")),
    ("Asia/Kolkata", pgettext_lazy("city", "New Delhi")),
    ("Asia/Kathmandu", pgettext_lazy("city", "Kathmandu")),
    ("Asia/Bangkok", pgettext_lazy("city", "Bangkok")),
    ("Asia/Manila", pgettext_lazy("city", "Manila")),
    ("Asia/Tokyo", pgettext_lazy("city", "Tokyo")),
    ("Australia/Sydney", pgettext_lazy("city", "Sydney")),
    ("Pacific/Fiji", pgettext_lazy("city", "Suva")),
)


def _minutes(name: str, when) -> int:
    delta = when.astimezone(zoneinfo.ZoneInfo(name)).utcoffset()
    return int(delta.total_seconds() // 60) if delta is not None else 0


def _utc(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def choices(current: str | None = None) -> list[tuple[str, str]]:
    """The usual zones as ``(IANA name, "Lima (UTC-05:00)")``, ordered by today's offset;
    ``current`` (an existing meeting's zone outside the list) is kept so that editing does
    not change it. Names the machine's time zone database lacks are left out."""
    import datetime as dt

    now = dt.datetime.now(dt.UTC)
    names = list(COMMON)
    if current and current not in dict(COMMON) and zone(current):
        names.append((current, current))
    # The cities in the reader's language ("Ginebra", "La Haye").
    rows = sorted((_minutes(name, now), str(city), name) for name, city in names if zone(name))
    return [(name, f"{city} ({_utc(minutes)})") for minutes, city, name in rows]
