"""API twin of the network page (``api.router`` adds this router). Texts are the seed's
Spanish words; ``seed_line`` is the line of seed 004 they come from; an empty string or
``null`` is what the seed does not state."""

from __future__ import annotations

import datetime

from ninja import Router, Schema

from alliance87.core import content
from alliance87.core.api_support import PUBLIC_READ, optional_auth

from . import selectors_network

router = Router(tags=["results"])


class NetworkBodyOut(Schema):
    code: str
    quote: str
    government_seats: int | None
    employer_seats: int | None
    worker_seats: int | None
    seed_line: int


class NetworkQuoteOut(Schema):
    code: str
    quote: str
    seed_line: int


class NetworkPhaseOut(Schema):
    number: str
    start_year: int
    end_year: int
    quote: str
    seed_line: int


class NetworkMeetingOut(Schema):
    number: str
    place: str
    country: str | None
    year: int
    start_date: datetime.date | None
    end_date: datetime.date | None
    status: str
    quote: str
    seed_line: int


class NetworkPersonOut(Schema):
    country: str | None
    body: str | None
    name: str
    constituency: str
    institution: str
    is_focal_point: bool
    is_new: bool
    email: str
    quote: str
    seed_line: int


class NetworkOut(Schema):
    seed: str
    bodies: list[NetworkBodyOut]
    milestones: list[NetworkQuoteOut]
    phases: list[NetworkPhaseOut]
    meetings: list[NetworkMeetingOut]
    members: list[str]
    people: list[NetworkPersonOut]


def _es(values) -> str:
    return content.text(values, "es")


def _person(p, country: str | None, body: str | None) -> NetworkPersonOut:
    return NetworkPersonOut(
        country=country,
        body=body,
        name=p.name,
        constituency=p.constituency,
        institution=p.institution,
        is_focal_point=p.is_focal_point,
        is_new=p.is_new,
        email=p.email,
        quote=_es(p.quote),
        seed_line=p.seed_line,
    )


@router.get("/results/network", response={200: NetworkOut, **PUBLIC_READ}, auth=optional_auth)
def network(request):
    """The Regional Initiative's structure, history, phases, meetings, member countries and
    focal points, as seed 004 states them."""
    v = selectors_network.network_get()
    return NetworkOut(
        seed=v.seed,
        bodies=[
            NetworkBodyOut(
                code=b.code,
                quote=_es(b.quote),
                government_seats=b.government_seats,
                employer_seats=b.employer_seats,
                worker_seats=b.worker_seats,
                seed_line=b.seed_line,
            )
            for b in v.bodies
        ],
        milestones=[
            NetworkQuoteOut(code=m.code, quote=_es(m.quote), seed_line=m.seed_line)
            for m in v.milestones
        ],
        phases=[
            NetworkPhaseOut(
                number=p.number,
                start_year=p.start_year,
                end_year=p.end_year,
                quote=_es(p.quote),
                seed_line=p.seed_line,
            )
            for p in v.phases
        ],
        meetings=[
            NetworkMeetingOut(
                number=m.number,
                place=m.place,
                country=m.country_id,
                year=m.year,
                start_date=m.start_date,
                end_date=m.end_date,
                status=m.status,
                quote=_es(m.quote),
                seed_line=m.seed_line,
            )
            for m in v.meetings
        ],
        members=[m.country_id for m in v.members],
        people=[_person(p, m.country_id, None) for m in v.members for p in m.people.all()]
        + [_person(p, None, b.code) for b in v.bodies for p in b.people.all()],
    )
