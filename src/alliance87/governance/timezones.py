"""Time zones of meetings (IANA names)."""

from __future__ import annotations

import zoneinfo


def zone(name: str):
    """The time zone called ``name`` (IANA), or ``None``."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
