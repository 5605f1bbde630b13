"""The Global Coordinating Group's rules, as pure functions over plain values.

Every rule here comes from seed ``000_2527b5af5294b5f6.txt`` ("Alianza 8.7 – Mandato", the
mandate; "seed 000" below), section «Grupo de Coordinación Mundial». Each function quotes
the clause it implements in Spanish as written, with an English paraphrase.

Nothing here touches the database or a request: inputs are enums, dates, integers and small
frozen dataclasses. A refusal (or a composition warning) is a
:class:`~alliance87.core.transitions.Refusal`: a stable code and plain parameters; its words,
in the reader's language, are in ``messages.py``. No Django import here.

Interpretations, where the mandate leaves room, are stated where they are made and listed in
``docs/governance.md``:

- The stakeholder groups of the quorum clause are the five groups among which the 32 seats
  are shared: governments (chair, vice-chair and the 15 government seats), UN and
  intergovernmental organisations, employers, workers and NGOs.
- The regional seats, «uno de cada región geográfica reconocida por las Naciones Unidas,
  nombrados por los grupos regionales», are read as one per UN regional group (the groups
  that appoint them): African, Asia-Pacific, Eastern European, Latin American and Caribbean,
  Western European and Others. A country's group is :func:`regional_group_of`.
- The pathfinder seats' «en principio uno por región» keeps the five M49 regions (Africa
  002, Americas 019, Asia 142, Europe 150, Oceania 009): no group appoints those seats.
- An absence *with* prior notice breaks a run of absences without notice.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from alliance87.core.transitions import Refusal, TransitionTable, refusal

# The UN regional groups: a table of their own (re-exported: ``rules.regional_group_of``).
from .regional_groups import EASTERN_EUROPEAN_STATES as EASTERN_EUROPEAN_STATES
from .regional_groups import WEOG_OUTSIDE_EUROPE as WEOG_OUTSIDE_EUROPE
from .regional_groups import RegionalGroup as RegionalGroup
from .regional_groups import regional_group_of as regional_group_of

#: «El Grupo tiene 32 puestos» -- the Group has 32 seats.
TOTAL_SEATS = 32

#: «El cuórum consiste en al menos 16 representantes del Grupo» -- quorum: at least 16.
QUORUM_MINIMUM = 16

#: «Los miembros gubernamentales deberían rotar cada tres años» and the chair and vice-chair
#: «aprobados por consenso por el Grupo cada tres años» -- three-year terms.
TERM_YEARS = 3

#: The dashboard looks this many months ahead for terms ending.
TERM_WARNING_MONTHS = 6

#: «no participa en tres reuniones consecutivas del Grupo sin previo aviso».
FORFEIT_AFTER_ABSENCES = 3

#: «El Grupo se reúne al menos dos veces al año» -- at least twice a year.
MINIMUM_MEETINGS_PER_YEAR = 2


class Constituency(enum.StrEnum):
    """The kinds of seat among which the 32 are shared (seed 000, «Composición»)."""

    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    PATHFINDER = "pathfinder"
    DEVELOPMENT_PARTNER = "development_partner"
    REGIONAL = "regional"
    UN_IGO = "un_igo"
    EMPLOYERS = "employers"
    WORKERS = "workers"
    NGO = "ngo"


class StakeholderGroup(enum.StrEnum):
    """The stakeholder groups («grupos de partes interesadas») the seats belong to."""

    GOVERNMENTS = "governments"
    UN_IGO = "un_igo"
    EMPLOYERS = "employers"
    WORKERS = "workers"
    NGOS = "ngos"


class NominatingBody(enum.StrEnum):
    """Who nominates the holders of a constituency's seats."""

    GOVERNMENTS = "governments"  # chair and vice-chair: «elegidos por consenso por los Gobiernos»
    REGIONAL_GROUP = "regional_group"  # «nombrados por los grupos regionales»
    IOE = "ioe"  # «nombrados por la OIE»
    ITUC = "ituc"  # «y la CSI»
    NGO_FORUM = "ngo_forum"  # «nombrados por el Foro de ONG de la Alianza 8.7»


#: «El Grupo tiene 32 puestos compartidos entre los siguientes grupos:
#: - Un Presidente gubernamental y un Vicepresidente gubernamental [...]
#: - 15 representantes gubernamentales: cinco puestos para los representantes de los países
#:   pioneros [...], cinco puestos para los países socios para el desarrollo, cinco puestos
#:   para los gobiernos (uno de cada región geográfica reconocida por las Naciones Unidas [...]).
#: - Seis representantes de los organismos de las Naciones Unidas y las organizaciones
#:   intergubernamentales [...]
#: - Tres representantes de las organizaciones de empleadores y tres [...] de las
#:   organizaciones de trabajadores, nombrados por la OIE y la CSI, respectivamente.
#: - Tres representantes de las organizaciones no gubernamentales [...]»
SEATS: dict[Constituency, int] = {
    Constituency.CHAIR: 1,
    Constituency.VICE_CHAIR: 1,
    Constituency.PATHFINDER: 5,
    Constituency.DEVELOPMENT_PARTNER: 5,
    Constituency.REGIONAL: 5,
    Constituency.UN_IGO: 6,
    Constituency.EMPLOYERS: 3,
    Constituency.WORKERS: 3,
    Constituency.NGO: 3,
}

STAKEHOLDER_GROUP: dict[Constituency, StakeholderGroup] = {
    Constituency.CHAIR: StakeholderGroup.GOVERNMENTS,
    Constituency.VICE_CHAIR: StakeholderGroup.GOVERNMENTS,
    Constituency.PATHFINDER: StakeholderGroup.GOVERNMENTS,
    Constituency.DEVELOPMENT_PARTNER: StakeholderGroup.GOVERNMENTS,
    Constituency.REGIONAL: StakeholderGroup.GOVERNMENTS,
    Constituency.UN_IGO: StakeholderGroup.UN_IGO,
    Constituency.EMPLOYERS: StakeholderGroup.EMPLOYERS,
    Constituency.WORKERS: StakeholderGroup.WORKERS,
    Constituency.NGO: StakeholderGroup.NGOS,
}

#: Constituencies whose holders are governments (held by a country).
GOVERNMENT_CONSTITUENCIES = frozenset(
    c for c, g in STAKEHOLDER_GROUP.items() if g is StakeholderGroup.GOVERNMENTS
)

#: The body that must have nominated a holder, where the mandate names one.
NOMINATED_BY: dict[Constituency, NominatingBody] = {
    Constituency.CHAIR: NominatingBody.GOVERNMENTS,
    Constituency.VICE_CHAIR: NominatingBody.GOVERNMENTS,
    Constituency.REGIONAL: NominatingBody.REGIONAL_GROUP,
    Constituency.EMPLOYERS: NominatingBody.IOE,
    Constituency.WORKERS: NominatingBody.ITUC,
    Constituency.NGO: NominatingBody.NGO_FORUM,
}


#: The five M49 regions, for the pathfinder seats' «en principio uno por región».
UN_REGIONS: dict[str, str] = {
    "002": "Africa",
    "019": "Americas",
    "142": "Asia",
    "150": "Europe",
    "009": "Oceania",
}

assert sum(SEATS.values()) == TOTAL_SEATS


def seat_codes() -> list[tuple[Constituency, int]]:
    """The 32 seats as ``(constituency, number)``, numbered from 1 within a constituency."""
    return [(c, n) for c, count in SEATS.items() for n in range(1, count + 1)]


# ---------------------------------------------------------------------------------------------
# Composition
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Holding:
    """One seat as held (or about to be held).

    ``country`` is the ISO alpha-2 code of a government holder; ``region`` its M49 region;
    ``organisation`` an identifier of a non-government holder; ``nominated_by`` the body that
    nominated it (``None`` when not recorded); ``is_pathfinder`` whether the country is a
    pathfinder country (``None`` when unknown); ``regional_group`` the UN regional group a
    regional seat speaks for, and ``country_group`` the group of the holder's country (a
    regional seat is held by a country of the group that appoints it).
    """

    constituency: Constituency
    country: str | None = None
    region: str | None = None
    organisation: str | None = None
    nominated_by: NominatingBody | None = None
    is_pathfinder: bool | None = None
    regional_group: str | None = None
    country_group: str | None = None
    organisation_group: StakeholderGroup | None = None


#: The stakeholder group of an organisation, from its partner category (seed 000, «Socios de
#: la Alianza 8.7», against «Composición»): UN entities and intergovernmental organisations sit
#: on the UN/intergovernmental seats, employers' organisations on the employers' seats,
#: workers' organisations on the workers' seats, civil society organisations on the NGO seats.
#: The seeds place no other category (regional initiatives, business networks, academia,
#: others) in a stakeholder group: those are not refused on this ground (a gap, shown in
#: docs/governance.md).
ORGANISATION_GROUP: dict[str, StakeholderGroup] = {
    "country": StakeholderGroup.GOVERNMENTS,
    "un_entity": StakeholderGroup.UN_IGO,
    "intergovernmental": StakeholderGroup.UN_IGO,
    "employers": StakeholderGroup.EMPLOYERS,
    "workers": StakeholderGroup.WORKERS,
    "civil_society": StakeholderGroup.NGOS,
}

#: Seats whose holders are «nombrados por» a body (seed 000): the holder needs its nomination.
NOMINATED_SEATS = frozenset(
    {Constituency.REGIONAL, Constituency.EMPLOYERS, Constituency.WORKERS, Constituency.NGO}
)


def organisation_group(category: str | None) -> StakeholderGroup | None:
    """The stakeholder group an organisation of partner ``category`` belongs to, if the seeds
    say (:data:`ORGANISATION_GROUP`)."""
    return ORGANISATION_GROUP.get(category or "")


def assignment_refusal(current: Iterable[Holding], new: Holding) -> Refusal | None:
    """Why assigning ``new`` beside the ``current`` holdings breaks the composition, or ``None``.

    Seed 000, «Composición»: «El Grupo tiene 32 puestos compartidos entre los siguientes
    grupos» (the 32 seats are shared as :data:`SEATS` says); the chair and vice-chair are
    governments («Un Presidente gubernamental y un Vicepresidente gubernamental»); the five
    regional seats are «uno de cada región geográfica reconocida por las Naciones Unidas,
    nombrados por los grupos regionales» (one per UN regional group); employers' and workers' seats are «nombrados por la OIE y la CSI,
    respectivamente» and NGO seats «nombrados por el Foro de ONG».
    """
    current = list(current)
    c = new.constituency
    taken = sum(1 for h in current if h.constituency is c)
    if taken >= SEATS[c]:
        return refusal("governance.seat.constituency_full", count=SEATS[c])
    if c in GOVERNMENT_CONSTITUENCIES:
        if not new.country:
            return refusal("governance.seat.government_needs_country")
        if new.organisation:
            return refusal("governance.seat.government_not_organisation")
        same = [
            h
            for h in current
            if h.constituency in GOVERNMENT_CONSTITUENCIES and h.country == new.country
        ]
        if same:
            return refusal("governance.seat.country_already_seated")
    elif new.country and not new.organisation:
        return refusal("governance.seat.organisation_not_government")
    elif not new.organisation:
        return refusal("governance.seat.needs_organisation")
    group = STAKEHOLDER_GROUP[c]
    if new.organisation and new.organisation_group not in (None, group):
        # «32 puestos compartidos entre los siguientes grupos»: a seat belongs to one group.
        return refusal(
            "governance.seat.organisation_of_another_group",
            group=new.organisation_group,
            seat_group=group,
        )
    if c is Constituency.REGIONAL:
        if new.regional_group not in set(RegionalGroup):
            return refusal("governance.seat.regional_needs_region")
        if new.country_group and new.country_group != new.regional_group:
            return refusal("governance.seat.country_outside_region")
        if any(h.constituency is c and h.regional_group == new.regional_group for h in current):
            return refusal("governance.seat.region_already_held")
    wanted = NOMINATED_BY.get(c)
    if c in NOMINATED_SEATS and new.nominated_by is None:
        # «nombrados por los grupos regionales», «por la OIE y la CSI», «por el Foro de ONG».
        return refusal("governance.seat.nomination_needed", body=wanted)
    if (
        wanted not in (None, NominatingBody.GOVERNMENTS)
        and new.nominated_by is not None
        and new.nominated_by is not wanted
    ):
        return refusal("governance.seat.wrong_nominating_body", body=wanted)
    return None


def composition_warnings(holdings: Iterable[Holding]) -> list[Refusal]:
    """Where the composition does not meet a principle of the mandate (allowed, but flagged),
    as codes and parameters (``messages.py`` words them).

    Seed 000, «Composición»: «cinco puestos para los representantes de los países pioneros
    (en principio uno por región)» -- five pathfinder seats, *in principle* one per region; a
    pathfinder seat held by a country that is not a pathfinder; a seat whose nominating body is
    not recorded; and seats left vacant.
    """
    holdings = list(holdings)
    warnings: list[Refusal] = []
    pathfinder_regions = Counter(
        h.region for h in holdings if h.constituency is Constituency.PATHFINDER and h.region
    )
    for region, count in sorted(pathfinder_regions.items()):
        if count > 1:
            warnings.append(
                refusal("governance.warning.pathfinder_region_shared", count=count, region=region)
            )
    for h in holdings:
        if h.constituency is Constituency.PATHFINDER and h.is_pathfinder is False:
            warnings.append(
                refusal("governance.warning.pathfinder_seat_not_pathfinder", country=h.country)
            )
        wanted = NOMINATED_BY.get(h.constituency)
        if wanted not in (None, NominatingBody.GOVERNMENTS) and h.nominated_by is None:
            warnings.append(
                refusal("governance.warning.nominating_body_unknown", constituency=h.constituency)
            )
    vacant = TOTAL_SEATS - len(holdings)
    if vacant > 0:
        warnings.append(refusal("governance.warning.vacant_seats", count=vacant))
    return warnings


# ---------------------------------------------------------------------------------------------
# Quorum and consensus
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attendee:
    """Someone in the room: a member (with their seat's stakeholder group) or an observer."""

    key: str
    group: StakeholderGroup | None
    observer: bool = False


@dataclass(frozen=True)
class Quorum:
    holds: bool
    present: int
    missing_groups: tuple[StakeholderGroup, ...]
    short_by: int


def quorum(present: Iterable[Attendee]) -> Quorum:
    """Whether the representatives present form a quorum, and which groups are missing.

    Seed 000, «Toma de decisiones»: «El cuórum consiste en al menos 16 representantes del
    Grupo, y debe estar presente al menos un miembro de cada grupo de partes interesadas» --
    at least 16 representatives and at least one member of every stakeholder group.
    Observers («observadores sin derecho al uso de la palabra») are not representatives and
    never count. Each representative counts once.
    """
    members = {a.key: a.group for a in present if not a.observer and a.group is not None}
    groups = set(members.values())
    missing = tuple(g for g in StakeholderGroup if g not in groups)
    count = len(members)
    return Quorum(
        holds=count >= QUORUM_MINIMUM and not missing,
        present=count,
        missing_groups=missing,
        short_by=max(0, QUORUM_MINIMUM - count),
    )


class Outcome(enum.StrEnum):
    ADOPTED = "adopted"
    NOT_ADOPTED = "not_adopted"  # an objection was recorded
    NO_QUORUM = "no_quorum"  # refused: no decision can be taken


def consensus(quorum_holds: bool, objections: int) -> Outcome:
    """The outcome of a proposal put to the members present.

    Seed 000, «Toma de decisiones»: «Las decisiones se toman por consenso, basadas en los
    representantes presentes y siempre que se alcance un cuórum» -- decisions by consensus of
    those present, and only with quorum. Consensus means no member present objects: one
    recorded objection and the proposal is not adopted.
    """
    if objections < 0:
        raise ValueError("objections cannot be negative")
    if not quorum_holds:
        return Outcome.NO_QUORUM
    return Outcome.NOT_ADOPTED if objections else Outcome.ADOPTED


def decision_refusal(q: Quorum) -> Refusal | None:
    """Why no decision can be taken, or ``None``: without quorum (seed 000, «siempre que se
    alcance un cuórum»). The parameters say how many are present and which groups miss."""
    if q.holds:
        return None
    return refusal(
        "governance.decision.no_quorum",
        present=q.present,
        missing=tuple(g.value for g in q.missing_groups),
    )


def circulation_refusal(conclusions: str | None) -> Refusal | None:
    """Minutes are circulated once they are written."""
    if not (conclusions or "").strip():
        return refusal("governance.minutes.not_written")
    return None


#: Every code a rule above can return (``tests/governance/test_messages.py`` checks each has
#: words in every language).
CODES = frozenset(
    {
        "governance.seat.constituency_full",
        "governance.seat.government_needs_country",
        "governance.seat.government_not_organisation",
        "governance.seat.country_already_seated",
        "governance.seat.organisation_not_government",
        "governance.seat.needs_organisation",
        "governance.seat.regional_needs_region",
        "governance.seat.country_outside_region",
        "governance.seat.region_already_held",
        "governance.seat.wrong_nominating_body",
        "governance.seat.nomination_needed",
        "governance.seat.organisation_of_another_group",
        "governance.seat.forfeited_by_holder",
        "governance.warning.pathfinder_region_shared",
        "governance.warning.pathfinder_seat_not_pathfinder",
        "governance.warning.nominating_body_unknown",
        "governance.warning.vacant_seats",
        "governance.term.ends_before_start",
        "governance.term.too_long",
        "governance.member.not_allowed_from",
        "governance.member.not_forfeited",
        "governance.decision.no_quorum",
        "governance.minutes.not_written",
    }
)


# ---------------------------------------------------------------------------------------------
# Terms and rotation
# ---------------------------------------------------------------------------------------------


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` plus whole years; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of the month."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def term_end(start: dt.date, constituency: Constituency) -> dt.date | None:
    """The day after which a term starting on ``start`` ends, or ``None`` where open-ended.

    Seed 000, «Composición»: «Los miembros gubernamentales deberían rotar cada tres años»
    (government members rotate every three years) and the chair and vice-chair are endorsed
    «cada tres años». The other groups decide their own rotation («La decisión sobre las
    modalidades de rotación de los representantes incumbe a cada grupo»), so their terms have
    no end fixed by the mandate.
    """
    if constituency in GOVERNMENT_CONSTITUENCIES:
        return add_years(start, TERM_YEARS) - dt.timedelta(days=1)
    return None


def term_ending_soon(
    end: dt.date | None, today: dt.date, months: int = TERM_WARNING_MONTHS
) -> bool:
    """Whether a term ending on ``end`` ends within ``months`` of ``today`` (and has not ended)."""
    return end is not None and today <= end <= add_months(today, months)


def term_refusal(start: dt.date, end: dt.date | None, constituency: Constituency) -> Refusal | None:
    """Why a term from ``start`` to ``end`` is not allowed, or ``None``.

    A term ends after it starts; a government term is at most three years, though a
    government may leave early: «Los Gobiernos que deseen desvincularse del Grupo antes de
    finalizar su mandato de tres años pueden hacerlo».
    """
    if end is not None and end < start:
        return refusal("governance.term.ends_before_start")
    longest = term_end(start, constituency)
    if longest is not None and end is not None and end > longest:
        return refusal("governance.term.too_long", date=longest.isoformat())
    return None


# ---------------------------------------------------------------------------------------------
# Attendance and forfeiture
# ---------------------------------------------------------------------------------------------


class Presence(enum.StrEnum):
    """A member's attendance at one meeting."""

    PRESENT = "present"
    ABSENT_WITH_NOTICE = "absent_with_notice"
    ABSENT_WITHOUT_NOTICE = "absent_without_notice"


def unexcused_run(history: Sequence[Presence]) -> int:
    """The number of consecutive absences without notice at the end of ``history``.

    ``history`` is the member's attendance at the Group's meetings in date order.
    """
    run = 0
    for presence in reversed(history):
        if presence is not Presence.ABSENT_WITHOUT_NOTICE:
            break
        run += 1
    return run


def forfeits_seat(history: Sequence[Presence]) -> bool:
    """Whether a member has lost the seat by absence.

    Seed 000, «Composición»: «Si un miembro del Grupo no participa en tres reuniones
    consecutivas del Grupo sin previo aviso, su puesto se concederá a otro representante del
    grupo de partes interesadas respectivo» -- three consecutive meetings missed without prior
    notice and the seat goes to another representative of the same stakeholder group. Any
    such run of three in the member's history forfeits the seat; attending or sending notice
    breaks the run.
    """
    run = 0
    for presence in history:
        run = run + 1 if presence is Presence.ABSENT_WITHOUT_NOTICE else 0
        if run >= FORFEIT_AFTER_ABSENCES:
            return True
    return False


class MemberStatus(enum.StrEnum):
    """A member's standing: holding the seat, term ended (or left), or seat forfeited."""

    ACTIVE = "active"
    ENDED = "ended"
    FORFEITED = "forfeited"


#: A member holds the seat until its term ends, it leaves early or it forfeits the seat by
#: absence; after that nothing changes it (a new holder is a new member).
MEMBER = TransitionTable(
    "governance.member",
    {
        "end_term": ({MemberStatus.ACTIVE}, MemberStatus.ENDED),
        "leave": ({MemberStatus.ACTIVE}, MemberStatus.ENDED),
        "forfeit": ({MemberStatus.ACTIVE}, MemberStatus.FORFEITED),
    },
)


class ActionPointStatus(enum.StrEnum):
    """Where an action point of the minutes stands (``models.ActionPoint.Status``)."""

    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


#: An action point of the minutes: an open point is done or dropped (until then it carries
#: over to the next meetings); a done or dropped point is reopened. Each status is the action
#: that sets it, as for a group's tasks; a point never "changes" to the status it has.
ACTION_POINT = TransitionTable(
    "governance.action_point",
    {
        ActionPointStatus.DONE: ({ActionPointStatus.OPEN}, ActionPointStatus.DONE),
        ActionPointStatus.DROPPED: ({ActionPointStatus.OPEN}, ActionPointStatus.DROPPED),
        ActionPointStatus.OPEN: (
            {ActionPointStatus.DONE, ActionPointStatus.DROPPED},
            ActionPointStatus.OPEN,
        ),
    },
)


def forfeiture_refusal(status: MemberStatus, history: Sequence[Presence]) -> Refusal | None:
    """Why a member's seat cannot be declared forfeited, or ``None``: only a member holding
    the seat, and only after three consecutive absences without notice (:func:`forfeits_seat`)."""
    if reason := MEMBER.refusal("forfeit", status):
        return reason
    if not forfeits_seat(history):
        return refusal("governance.member.not_forfeited", absences=FORFEIT_AFTER_ABSENCES)
    return None


def replacement_refusal(forfeited_holders: Iterable[str], new_holder: str) -> Refusal | None:
    """Why ``new_holder`` may not take a seat its earlier holder ``forfeited_holders`` lost by
    absence, or ``None``.

    Seed 000, «Composición»: «su puesto se concederá a otro representante del grupo de partes
    interesadas respectivo» -- the seat goes to *another* representative of the same
    stakeholder group. The seat's constituency fixes the stakeholder group; this rule refuses
    giving the seat back to the country or organisation that forfeited it.
    """
    if new_holder and new_holder in set(forfeited_holders):
        return refusal("governance.seat.forfeited_by_holder")
    return None


# ---------------------------------------------------------------------------------------------
# Meeting frequency
# ---------------------------------------------------------------------------------------------


def years_below_minimum(
    meeting_dates: Iterable[dt.date], first_year: int, last_year: int
) -> dict[int, int]:
    """The calendar years from ``first_year`` to ``last_year`` with fewer than two meetings,
    with the number held.

    Seed 000, «Frecuencia de las reuniones»: «El Grupo se reúne al menos dos veces al año,
    en persona o virtualmente» -- the Group meets at least twice a year.
    """
    held = Counter(d.year for d in meeting_dates)
    return {
        year: held.get(year, 0)
        for year in range(first_year, last_year + 1)
        if held.get(year, 0) < MINIMUM_MEETINGS_PER_YEAR
    }
