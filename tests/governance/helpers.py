"""Build a Global Coordinating Group through the services, as the Secretariat would."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from alliance87.governance import seed, selectors, services
from alliance87.governance.models import Member, Seat
from alliance87.partners.models import Partner, Person

TODAY = timezone.localdate()

# (constituency, country iso3, region of the seat)
GOVERNMENTS = [
    ("pathfinder", "NPL"),
    ("pathfinder", "MDG"),
    ("pathfinder", "CHL"),
    ("pathfinder", "ALB"),
    ("pathfinder", "FJI"),
    ("development_partner", "DEU"),
    ("development_partner", "NOR"),
    ("development_partner", "NLD"),
    ("development_partner", "GBR"),
    ("development_partner", "USA"),
    ("regional", "NGA"),
    ("regional", "BRA"),
    ("regional", "JPN"),
    ("regional", "POL"),
    ("regional", "AUS"),
]
ORGANISATIONS = [
    ("un_igo", "un_entity", "", 6),
    ("employers", "employers", "ioe", 3),
    ("workers", "workers", "ituc", 3),
    ("ngo", "civil_society", "ngo_forum", 3),
]


def seat(constituency: str, number: int = 1) -> Seat:
    return Seat.objects.get(constituency=constituency, number=number)


def fill_gcg(actor, start: dt.date | None = None) -> list[Member]:
    """Load the seeded structure and give every one of the 32 seats a holder."""
    seed.load()
    start = start or TODAY - dt.timedelta(days=30)
    numbers: dict[str, int] = {}
    regional = {
        "NGA": "african",
        "BRA": "latin_american_caribbean",
        "JPN": "asia_pacific",
        "POL": "eastern_european",
        "AUS": "western_european_others",
    }
    for constituency, iso3 in GOVERNMENTS:
        if constituency == "regional":
            s = Seat.objects.get(constituency="regional", regional_group=regional[iso3])
        else:
            numbers[constituency] = numbers.get(constituency, 0) + 1
            s = seat(constituency, numbers[constituency])
        person = Person.objects.create(
            full_name=f"Delegate of {iso3}", email=f"{iso3.lower()}@gov.example"
        )
        services.seat_assign(
            actor=actor,
            seat_id=s.pk,
            country_iso3=iso3,
            person_id=person.pk,
            term_start=start,
            nominated_by="regional_group" if constituency == "regional" else "",
        )
    for constituency, category, body, count in ORGANISATIONS:
        for n in range(1, count + 1):
            partner = Partner.objects.create(
                slug=f"{constituency}-{n}",
                names={"en": f"{constituency} org {n}"},
                category=category,
            )
            person = Person.objects.create(
                full_name=f"Rep {constituency} {n}",
                partner=partner,
                email=f"{constituency}{n}@org.example",
            )
            services.seat_assign(
                actor=actor,
                seat_id=seat(constituency, n).pk,
                partner_id=partner.pk,
                person_id=person.pk,
                nominated_by=body,
                term_start=start,
            )
    return selectors.members_on(TODAY)


def quorum_members(members: list[Member], size: int = 16) -> list[Member]:
    """``size`` members covering every stakeholder group (five groups first)."""
    by_group: dict[str, list[Member]] = {}
    for m in members:
        by_group.setdefault(m.seat.stakeholder_group, []).append(m)
    chosen = [ms[0] for ms in by_group.values()]
    rest = [m for m in members if m not in chosen]
    return (chosen + rest)[:size]


def make_meeting(actor, day: dt.date | None = None, **kw):
    day = day or TODAY
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    return services.meeting_create(
        actor=actor,
        title=kw.pop("title", "GCG meeting"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        **kw,
    )


def mark_present(actor, meeting, members) -> None:
    for m in members:
        services.meeting_record_attendance(
            actor=actor, meeting_id=meeting.pk, member_id=m.pk, presence="present"
        )
