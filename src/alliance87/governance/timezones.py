"""Time zones of meetings (IANA names)."""

from __future__ import annotations

import zoneinfo


def zone(name: str):
    """The time zone called ``name`` (IANA), or ``None``."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


#: The time zones a meeting is usually held in, offered on the meeting form, each with the
#: city people know it by: Geneva and New York for the GCG and the ILO, and cities of the
#: regions the partners and pathfinder countries are in. The API still takes any IANA name.
COMMON = (
    ("UTC", "UTC"),
    ("Europe/Zurich", "Geneva"),  # Geneva has no zone of its own in the IANA database
    ("Europe/London", "London"),
    ("Europe/Paris", "Paris"),
    ("Europe/Brussels", "Brussels"),
    ("Europe/Amsterdam", "The Hague"),
    ("America/New_York", "New York"),
    ("America/Mexico_City", "Mexico City"),
    ("America/Bogota", "Bogotá"),
    ("America/Lima", "Lima"),
    ("America/Santiago", "Santiago"),
    ("America/Sao_Paulo", "Brasília"),
    ("America/Argentina/Buenos_Aires", "Buenos Aires"),
    ("Africa/Abidjan", "Abidjan"),
    ("Africa/Lagos", "Lagos"),
    ("Africa/Addis_Ababa", "Addis Ababa"),
    ("Africa/Nairobi", "Nairobi"),
    ("Africa/Johannesburg", "Johannesburg"),
    ("Indian/Antananarivo", "Antananarivo"),
    ("Asia/Dubai", "Dubai"),
    ("Asia/Kolkata", "New Delhi"),
    ("Asia/Kathmandu", "Kathmandu"),
    ("Asia/Bangkok", "Bangkok"),
    ("Asia/Manila", "Manila"),
    ("Asia/Tokyo", "Tokyo"),
    ("Australia/Sydney", "Sydney"),
    ("Pacific/Fiji", "Suva"),
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
    rows = sorted((_minutes(name, now), city, name) for name, city in names if zone(name))
    return [(name, f"{city} ({_utc(minutes)})") for minutes, city, name in rows]
