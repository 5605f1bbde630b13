"""Reads for the pathfinder pages and API, each with a fixed number of queries."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import timezone

from alliance87.core import collation

from . import rules
from .models import (
    Document,
    LessonLearned,
    Pathfinder,
    PathfinderEvent,
    Priority,
    Status,
)


@dataclass(frozen=True)
class Row:
    """A country and where it stands on ``as_of``."""

    pathfinder: Pathfinder
    assessment: rules.Assessment
    has_history: bool

    @property
    def status(self) -> str:
        a = self.assessment
        return a.status.value if a.status else self.pathfinder.status

    @property
    def stage(self) -> str:
        a = self.assessment
        return a.stage.value if a.stage else self.pathfinder.stage

    @property
    def region_name(self) -> str:
        region = self.pathfinder.country.region
        return region.name if region else ""

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def stage_label(self) -> str:
        from .models import Stage

        return Stage(self.stage).label


def history_from_events(pathfinder: Pathfinder, events) -> rules.History:
    return rules.History(
        country=pathfinder.country_id,
        events=tuple(e if isinstance(e, rules.Event) else e.to_rule() for e in events),
        name=pathfinder.country.name_en,
    )


_EVENT_FIELDS = (
    "pathfinder_id",
    "type",
    "on",
    "year",
    "kind",
    "items",
    "addressed_to",
    "ref",
    "note",
)


def _events_by_country(pathfinders) -> dict[str, list[rules.Event]]:
    """All events of these countries in one query, as plain rule events (no model instances:
    13,000 rows for 200 countries x 10 years)."""
    out: dict[str, list[rules.Event]] = {}
    rows = PathfinderEvent.objects.filter(pathfinder__in=pathfinders, on__isnull=False).values_list(
        *_EVENT_FIELDS
    )
    for iso3, etype, on, year, kind, items, addressed_to, ref, note in rows:
        out.setdefault(iso3, []).append(
            rules.Event(
                type=rules.EventType(etype),
                on=on,
                year=year,
                kind=kind or None,
                items=tuple(sorted(set(items or []))),
                addressed_to=addressed_to or None,
                ref=ref or None,
                note=note or None,
            )
        )
    return out


NO_HISTORY_STEP = rules.NextStep("record_expression_of_interest")


def _row_from(pathfinder: Pathfinder, events: list[rules.Event], as_of: dt.date) -> Row:
    """A country's row. Countries loaded from the seeds have no dated history yet: their
    stored status and stage stand, and the next step is to record the expression of
    interest with its date (docs/pathfinders.md)."""
    hist = history_from_events(pathfinder, events)
    has = any(e.type is rules.EventType.EXPRESSION_OF_INTEREST for e in events)
    assessment = rules.assess(hist, as_of)
    if not has:
        assessment = dataclasses.replace(
            assessment,
            status=rules.Status(pathfinder.status),
            stage=rules.Stage(pathfinder.stage),
            next_steps=(NO_HISTORY_STEP,),
        )
    return Row(pathfinder, assessment, has)


def effective_assessment(iso3: str, history: rules.History, as_of: dt.date) -> rules.Assessment:
    """``rules.assess`` of a stored country, with the seed-loaded fallback of the pages."""
    p = _base_qs().get(country_id=iso3.upper())
    return _row_from(p, list(history.events), as_of).assessment


def _base_qs():
    return Pathfinder.objects.select_related("country", "country__region")


def pathfinder_rows(
    *,
    as_of: dt.date | None = None,
    status: str | None = None,
    stage: str | None = None,
    region: str | None = None,
    at_risk: bool | None = None,
    overdue: bool | None = None,
    q: str | None = None,
    published_only: bool = False,
) -> list[Row]:
    """Every pathfinder country with its assessment: two queries whatever the number of
    countries and years (countries with their region, then all their events)."""
    day = as_of or timezone.localdate()
    qs = _base_qs()
    if region:
        qs = qs.filter(country__region_id=region)
    if q:
        qs = qs.filter(
            Q(country__name_en__icontains=q)
            | Q(country__name_es__icontains=q)
            | Q(country__name_fr__icontains=q)
            | Q(country__name_pt__icontains=q)
            | Q(country__iso3__iexact=q)
        )
    pathfinders = list(qs)
    events = _events_by_country(qs) if pathfinders else {}
    rows = [_row_from(p, events.get(p.country_id, []), day) for p in pathfinders]
    if status:
        rows = [r for r in rows if r.status == status]
    if stage:
        rows = [r for r in rows if r.stage == stage]
    if at_risk is not None:
        rows = [r for r in rows if r.assessment.at_risk == at_risk]
    if overdue is not None:
        rows = [r for r in rows if bool(r.assessment.overdue) == overdue]
    rows.sort(key=lambda r: collation.key(r.pathfinder.country.name))
    return rows


def pathfinder_row(iso3: str, *, as_of: dt.date | None = None) -> Row:
    """One country with its assessment (two queries). Raises ``Pathfinder.DoesNotExist``."""
    p = _base_qs().get(country_id=iso3.upper())
    events = _events_by_country([p]).get(p.country_id, [])
    return _row_from(p, events, as_of or timezone.localdate())


def pathfinder_history(iso3: str) -> rules.History:
    """A country's history in the documented format (docs/pathfinder-history-format.md)."""
    p = _base_qs().get(country_id=iso3.upper())
    return history_from_events(p, _events_by_country([p]).get(p.country_id, []))


def all_histories() -> list[rules.History]:
    pathfinders = list(_base_qs())
    events = _events_by_country(pathfinders)
    return [history_from_events(p, events.get(p.country_id, [])) for p in pathfinders]


#: How the profile reads the country's indicator framework: the results app, which keeps it
#: (framework ``pathfinder-<iso3>``), registers its reader when it starts (``results.apps``);
#: this app never imports results. The reader gives, per indicator title, its unit and the
#: country's (year, value) points: published values only unless ``include_unpublished``.
_indicator_reader: list[Callable[[str, bool], dict[str, tuple[str, list[tuple[int, float]]]]]] = []


def register_indicator_reader(
    reader: Callable[[str, bool], dict[str, tuple[str, list[tuple[int, float]]]]],
) -> None:
    """Set the function that reads a country's indicator series for its profile."""
    _indicator_reader[:] = [reader]


@dataclass(frozen=True)
class Profile:
    """A country profile as one viewer may see it.

    ``published``: the Secretariat has published it. ``full``: the reports and indicator
    series are included (published, or a viewer allowed to see the unpublished profile).
    Priorities, next steps and achievements come from the seeds' published documents (the
    GCG information pack, seed 003) and are public whether or not the profile is published.
    """

    row: Row
    priorities: list[Priority]
    next_steps: list[Priority]
    achievements: list[Priority]
    reports: list[Document]
    indicators: dict[str, tuple[str, list[tuple[int, float]]]]
    published: bool = False
    full: bool = False
    seed_steps: tuple[PathfinderEvent, ...] = ()


def profile_reports(p: Pathfinder, *, include_unpublished: bool = False) -> list[Document] | None:
    """The country's finalised (published) reports, newest first, as its profile shows them:
    only once the Secretariat has published the profile, or when ``include_unpublished``
    (``pathfinders.view_unpublished_profile``); ``None`` when they are not to be seen (one
    query, none when hidden). The page and the API both read them here."""
    if not (p.profile_published or include_unpublished):
        return None
    return list(p.documents.filter(kind=Document.Kind.REPORT, published=True).order_by("-year"))


def pathfinder_profile(iso3: str, *, include_unpublished: bool = False) -> Profile:
    """The profile: seed priorities always; finalised reports and indicator series only once
    the Secretariat has published the profile, or when ``include_unpublished`` (the
    Secretariat and the country's focal points, ``pathfinders.view_unpublished_profile``)."""
    row = pathfinder_row(iso3)
    p = row.pathfinder
    full = p.profile_published or include_unpublished
    items = list(p.priorities.all())
    reports: list[Document] = []
    # The steps the seeds state, in the cycle's order (most have no date to sort by).
    rank = {t: i for i, t in enumerate(rules.EventType)}
    steps = sorted(
        p.events.exclude(seed_key=""),
        key=lambda e: (rank[rules.EventType(e.type)], e.on or dt.date.max, e.pk),
    )
    series: dict[str, tuple[str, list[tuple[int, float]]]] = {}
    if full:
        reports = profile_reports(p, include_unpublished=include_unpublished) or []
        if _indicator_reader:
            series = _indicator_reader[0](p.country_id, include_unpublished)
    return Profile(
        row=row,
        priorities=[i for i in items if i.kind == Priority.Kind.PRIORITY],
        next_steps=[i for i in items if i.kind == Priority.Kind.NEXT_STEP],
        achievements=[i for i in items if i.kind == Priority.Kind.ACHIEVEMENT],
        reports=reports,
        indicators=series,
        published=p.profile_published,
        full=full,
        seed_steps=tuple(steps),
    )


def lessons_learned() -> list[LessonLearned]:
    """The lessons learned the GCG was told of (seed 001), in the seed's order (one query)."""
    return list(LessonLearned.objects.order_by("position"))


def workspace_documents(pathfinder: Pathfinder) -> list[Document]:
    """A country's documents with their submitted versions and comments (three queries)."""
    return list(
        pathfinder.documents.prefetch_related("versions", "comments").order_by(
            "kind", "-year", "-id"
        )
    )


def documents_for_review(user) -> list[Document]:
    """The submitted documents (never drafts) assigned to ``user`` -- every one for the
    Secretariat, which assigns them -- for the reviewer workspace (one query)."""
    from alliance87.core.permissions import is_secretariat

    qs = Document.objects.select_related("pathfinder__country").exclude(state=Document.State.DRAFT)
    if not is_secretariat(user):
        qs = qs.filter(reviewer=user)
    documents = list(qs.order_by("state", F("year").desc(nulls_last=True), "pk"))
    # Countries as the reader's language sorts them (stable: year and pk order stay).
    documents.sort(key=lambda d: (d.state, collation.key(d.pathfinder.country.name)))
    return documents


def document_get(document_id: int) -> Document:
    return (
        Document.objects.select_related("pathfinder__country")
        .prefetch_related("versions", "comments")
        .get(pk=document_id)
    )
