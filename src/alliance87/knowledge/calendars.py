"""One calendar: the knowledge hub's events, the GCG meetings (read from governance) and the
groups' meetings (read from groups), with filters and an iCalendar feed (RFC 5545) per filter.

Three queries whatever the number of events (one per source). Times are kept in the time zone
the source states; a feed carries them with ``TZID`` and the zone's ``VTIMEZONE``, or as
floating local time where the source states no zone. Events known only to the month stay on
the page but out of the feeds (``rules.calendar_feed_includes``).
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field, replace
from typing import Any

from django.urls import reverse

from alliance87.core import content

from . import rules
from .models import Event

#: The calendar's kinds, in the order the filter lists them.
KINDS = ("gcg_meeting", "group_meeting", "global_event", "side_event", "webinar")


@dataclass(frozen=True)
class CalendarFilters:
    kind: str = ""
    year: str = ""

    @classmethod
    def from_params(cls, params: Any) -> CalendarFilters:
        kind = (params.get("kind") or "").strip()
        year = (params.get("year") or "").strip()
        return cls(
            kind=kind if kind in KINDS else "",
            year=year if len(year) == 4 and year.isdigit() else "",
        )

    def as_params(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}

    def without(self, name: str) -> CalendarFilters:
        return replace(self, **{name: ""})


@dataclass
class Item:
    kind: str
    uid: str
    titles: dict
    date: dt.date
    precision: str
    url: str
    end_date: dt.date | None = None
    starts: dt.datetime | None = None  # aware when the zone is known, naive (floating) if not
    ends: dt.datetime | None = None
    timezone: str = ""
    place: str = ""
    hosts: list[str] = field(default_factory=list)

    @property
    def in_feed(self) -> bool:
        return rules.calendar_feed_includes(self.precision)


def _combine(day: dt.date, time: dt.time | None, tz: str) -> dt.datetime | None:
    if time is None:
        return None
    naive = dt.datetime.combine(day, time)
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(tz)) if tz else naive


def item_of(e: Event) -> Item:
    return Item(
        kind=e.kind,
        uid=f"event-{e.slug}@alliance87",
        titles=e.titles,
        date=e.start_date,
        end_date=e.end_date,
        precision=e.date_precision,
        starts=_combine(e.start_date, e.starts, e.timezone),
        ends=_combine(e.end_date or e.start_date, e.ends, e.timezone),
        timezone=e.timezone,
        place=e.location(),  # the city in the page's (or feed's) language
        url=reverse("knowledge:event", args=[e.slug]),
    )


def _events(filters: CalendarFilters) -> list[Item]:
    qs = Event.objects.all()
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(start_date__year=int(filters.year))
    return [item_of(e) for e in qs]


def _gcg_meetings(filters: CalendarFilters) -> list[Item]:
    from alliance87.governance.models import Meeting

    qs = Meeting.objects.all()
    if filters.year:
        qs = qs.filter(starts_at__year=int(filters.year))
    items = []
    for m in qs:
        tz = zoneinfo.ZoneInfo(m.timezone or "UTC")
        starts, ends = m.starts_at.astimezone(tz), m.ends_at.astimezone(tz)
        items.append(
            Item(
                kind="gcg_meeting",
                uid=f"gcg-meeting-{m.pk}@alliance87",
                titles=m.titles,
                date=starts.date(),
                precision="day",
                starts=starts,
                ends=ends,
                timezone=m.timezone,
                place=m.location(),  # in the page's language
                url=reverse("governance:meeting", args=[m.pk]),
            )
        )
    return items


def _group_meetings(filters: CalendarFilters) -> list[Item]:
    from alliance87.groups.models import GroupMeeting

    qs = GroupMeeting.objects.select_related("group")
    if filters.year:
        qs = qs.filter(date__year=int(filters.year))
    return [
        Item(
            kind="group_meeting",
            uid=f"group-meeting-{gm.pk}@alliance87",
            titles={
                lang: f"{content.text(gm.group.names, lang)}: {text}"
                for lang, text in content.texts(gm.titles).items()
            },
            date=gm.date,
            precision=gm.date_precision,
            place=gm.place,
            url=reverse("groups:detail", args=[gm.group.slug]),
        )
        for gm in qs
    ]


def items(filters: CalendarFilters) -> list[Item]:
    """Every calendar item matching ``filters``, by date (at most one query per source)."""
    found: list[Item] = []
    if filters.kind in ("", "gcg_meeting"):
        found += _gcg_meetings(filters)
    if filters.kind in ("", "group_meeting"):
        found += _group_meetings(filters)
    if filters.kind not in ("gcg_meeting", "group_meeting"):
        found += _events(filters)
    return sorted(found, key=_order)


def _order(i: Item) -> tuple:
    return (i.date, i.starts.replace(tzinfo=None) if i.starts else dt.datetime.min, i.uid)


def ical(found: list[Item], *, base_url: str, language: str, name: str) -> bytes:
    """The items known to the day as an iCalendar feed, in ``language``."""
    from icalendar import Calendar
    from icalendar import Event as VEvent

    cal = Calendar()
    cal.add("prodid", "-//Alliance 8.7 Platform//Calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = dt.datetime.now(dt.UTC)
    for item in found:
        if not item.in_feed:
            continue
        ev = VEvent()
        ev.add("uid", item.uid)
        ev.add("summary", content.text(item.titles, language))
        ev.add("dtstamp", stamp)
        if item.starts is not None:
            ev.add("dtstart", item.starts)
            if item.ends is not None:
                ev.add("dtend", item.ends)
        else:
            ev.add("dtstart", item.date)  # an all-day event (VALUE=DATE)
            ev.add("dtend", (item.end_date or item.date) + dt.timedelta(days=1))
        if item.place:
            ev.add("location", item.place)
        ev.add("url", base_url + item.url)
        cal.add_component(ev)
    cal.add_missing_timezones()
    return cal.to_ical()
