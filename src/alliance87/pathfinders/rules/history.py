"""The history format (docs/pathfinder-history-format.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .vocabulary import (
    HISTORY_FORMAT_VERSION,
    YEARLY_EVENTS,
    Event,
    EventType,
    EvidenceKind,
    History,
    HistoryError,
)


def _parse_date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise HistoryError(where, "not_a_date", value=str(value))
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HistoryError(where, "not_a_date", value=value) from None


#: The longest text each field of an event holds (the columns of ``PathfinderEvent``).
TEXT_LIMITS = {"kind": 40, "addressed_to": 40, "ref": 200, "note": 5000, "item": 60}


def event_from_dict(data: Mapping[str, Any], where: str = "event") -> Event:
    """One event from its dict form (see :func:`history_from_dict`)."""
    if not isinstance(data, Mapping):
        raise HistoryError(where, "expected_object")
    unknown = set(data) - {"type", "date", "year", "kind", "items", "addressed_to", "ref", "note"}
    if unknown:
        raise HistoryError(where, "unknown_keys", keys=", ".join(sorted(unknown)))
    try:
        etype = EventType(str(data.get("type")))
    except ValueError:
        raise HistoryError(
            f"{where}.type", "unknown_event_type", type=str(data.get("type"))
        ) from None
    on = _parse_date(data.get("date"), f"{where}.date")
    year = data.get("year")
    if etype in YEARLY_EVENTS:
        if not isinstance(year, int) or isinstance(year, bool):
            raise HistoryError(f"{where}.year", "year_needed")
        if not 2000 <= year <= 2200:
            raise HistoryError(f"{where}.year", "year_out_of_range")
    elif year is not None:
        raise HistoryError(f"{where}.year", "year_not_taken")
    if etype is EventType.EVIDENCE_OF_PROGRESS:
        try:
            EvidenceKind(str(data.get("kind")))
        except ValueError:
            raise HistoryError(
                f"{where}.kind", "evidence_kind_needed", kinds=", ".join(EvidenceKind)
            ) from None
    items = data.get("items") or []
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        raise HistoryError(f"{where}.items", "expected_list_of_text")
    for i, item in enumerate(items):
        if len(item) > TEXT_LIMITS["item"]:
            raise HistoryError(f"{where}.items[{i}]", "text_too_long", limit=TEXT_LIMITS["item"])
    for key in ("kind", "addressed_to", "ref", "note"):
        if data.get(key) is not None and not isinstance(data.get(key), str):
            raise HistoryError(f"{where}.{key}", "expected_text")
        if data.get(key) is not None and len(data[key]) > TEXT_LIMITS[key]:
            raise HistoryError(f"{where}.{key}", "text_too_long", limit=TEXT_LIMITS[key])
    return Event(
        type=etype,
        on=on,
        year=year,
        kind=data.get("kind"),
        items=tuple(sorted(set(items))),
        addressed_to=data.get("addressed_to"),
        ref=data.get("ref"),
        note=data.get("note"),
    )


def event_to_dict(e: Event) -> dict[str, Any]:
    """One event as a JSON-ready dict; empty optional fields are left out."""
    out: dict[str, Any] = {"type": e.type.value, "date": e.on.isoformat()}
    if e.year is not None:
        out["year"] = e.year
    if e.kind is not None:
        out["kind"] = e.kind
    if e.items:
        out["items"] = list(e.items)
    if e.addressed_to is not None:
        out["addressed_to"] = e.addressed_to
    if e.ref is not None:
        out["ref"] = e.ref
    if e.note is not None:
        out["note"] = e.note
    return out


def history_from_dict(data: Mapping[str, Any]) -> History:
    """Read one country's history (format version 1, see the docs).

    ``{"format": 1, "country": "NPL", "name": "Nepal", "events": [{"type": ..., "date":
    "YYYY-MM-DD", ...}]}``. Raises :class:`HistoryError` naming the offending field.
    """
    if not isinstance(data, Mapping):
        raise HistoryError("history", "expected_object")
    fmt = data.get("format", HISTORY_FORMAT_VERSION)
    if fmt != HISTORY_FORMAT_VERSION:
        raise HistoryError("format", "unsupported_format", format=str(fmt))
    country = data.get("country")
    if not isinstance(country, str) or len(country) != 3 or not country.isalpha():
        raise HistoryError("country", "expected_iso3")
    events = data.get("events", [])
    if not isinstance(events, list):
        raise HistoryError("events", "expected_list")
    parsed = tuple(event_from_dict(e, f"events[{i}]") for i, e in enumerate(events))
    name = data.get("name")
    return History(
        country=country.upper(), events=parsed, name=name if isinstance(name, str) else None
    )


def history_to_dict(history: History) -> dict[str, Any]:
    """Write one country's history in the documented format, events in replay order."""
    out: dict[str, Any] = {"format": HISTORY_FORMAT_VERSION, "country": history.country}
    if history.name:
        out["name"] = history.name
    out["events"] = [event_to_dict(e) for e in history.ordered()]
    return out


def histories_from_document(data: Any) -> list[History]:
    """A file holds one history object, a list of them, or ``{"countries": [...]}``."""
    if isinstance(data, list):
        return [history_from_dict(h) for h in data]
    if isinstance(data, Mapping) and "countries" in data:
        countries = data["countries"]
        if not isinstance(countries, list):
            raise HistoryError("countries", "expected_list")
        return [history_from_dict(h) for h in countries]
    return [history_from_dict(data)]
