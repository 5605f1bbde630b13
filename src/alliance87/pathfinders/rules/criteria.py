"""The five criteria of insufficient progress (seed 003, "Detalles del proceso de revisión")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .deadlines import first_report_year, report_due_date
from .vocabulary import YEARLY_EVENTS, Criterion, Event, EventType, Status


@dataclass(frozen=True)
class CycleRecord:
    """What a country had done for one reporting cycle, as known on an assessment date.

    Dates are those of the first matching event; ``evidence_of_progress`` and
    ``evidence_of_collaboration`` count evidence items recorded for the cycle.
    """

    year: int
    report_submitted_on: dt.date | None = None
    indicator_framework_on: dt.date | None = None
    commented_on: dt.date | None = None
    finalised_on: dt.date | None = None
    evidence_of_progress: int = 0
    evidence_of_collaboration: int = 0


def _by(day: dt.date | None, as_of: dt.date) -> bool:
    return day is not None and day <= as_of


def fails_no_progress_report(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 1 for one cycle: no progress report.

    Seed 003, "Detalles del proceso de revisión": "el país pionero no presentó ningún informe
    sobre los progresos realizados durante dos años consecutivos" (no progress report in two
    consecutive years). A cycle fails once its deadline has passed with no report submitted
    by ``as_of``; a late report, once submitted, cures the year (it was presented).
    """
    return as_of > report_due_date(cycle.year) and not _by(cycle.report_submitted_on, as_of)


def fails_report_not_finalised(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 2 for one cycle: the Working Group's comments were not answered.

    Seed 003, "Detalles del proceso de revisión": "no respondió a los comentarios formulados
    por el Grupo de Trabajo ... (es decir, no ha finalizado el informe) durante dos años
    consecutivos" (did not respond to the Working Group's comments, i.e. did not finalise the
    report, in two consecutive years). The seed sets no deadline for finalising, so a cycle
    fails only when its report was commented and is still not finalised when the next
    cycle's deadline (30 April of the following year) has passed. A cycle with no report at
    all is judged by criterion 1, not this one; a report the Working Group never commented
    on is not the country's failure.
    """
    if not _by(cycle.commented_on, as_of):
        return False
    if as_of <= report_due_date(cycle.year + 1):
        return False
    return not _by(cycle.finalised_on, as_of)


def fails_indicator_framework(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 3 for one cycle: indicator framework not submitted or updated.

    Seed 003, "Detalles del proceso de revisión": "no presentó ni actualizó el marco de
    indicadores de los países pioneros durante dos años consecutivos". Judged like
    criterion 1: the framework is due with the report (footnote 1).
    """
    return as_of > report_due_date(cycle.year) and not _by(cycle.indicator_framework_on, as_of)


def fails_evidence_of_progress(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 4 for one cycle: no evidence of progress on the roadmap.

    Seed 003, "Detalles del proceso de revisión": "no presentó pruebas de los progresos
    realizados en relación con la hoja de ruta durante dos años consecutivos". Evidence of
    any kind named under "Pruebas de los progresos" counts (formal evaluation, survey, case
    study, focus group, interview, anecdotal, third party). Judged after the deadline.
    """
    return as_of > report_due_date(cycle.year) and cycle.evidence_of_progress == 0


def fails_evidence_of_collaboration(cycle: CycleRecord, as_of: dt.date) -> bool:
    """Criterion 5 for one cycle: no evidence of collaborative efforts.

    Seed 003, "Detalles del proceso de revisión": "no presentó pruebas de los esfuerzos de
    colaboración para atender las prioridades durante dos años consecutivos"; what counts is
    described under "Participación de las partes interesadas" (national and international
    stakeholders). Judged after the deadline.
    """
    return as_of > report_due_date(cycle.year) and cycle.evidence_of_collaboration == 0


CRITERION_RULES = {
    Criterion.NO_PROGRESS_REPORT: fails_no_progress_report,
    Criterion.REPORT_NOT_FINALISED: fails_report_not_finalised,
    Criterion.INDICATOR_FRAMEWORK_NOT_UPDATED: fails_indicator_framework,
    Criterion.NO_EVIDENCE_OF_PROGRESS: fails_evidence_of_progress,
    Criterion.NO_EVIDENCE_OF_COLLABORATION: fails_evidence_of_collaboration,
}


@dataclass(frozen=True)
class CriterionFinding:
    """One criterion met over two consecutive required cycles (``years``)."""

    criterion: Criterion
    years: tuple[int, int]
    current: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "criterion": self.criterion.value,
            "years": list(self.years),
            "current": self.current,
        }


def criteria_triggered(
    cycles: Mapping[int, CycleRecord], required_years: Iterable[int], as_of: dt.date
) -> list[CriterionFinding]:
    """Each criterion met in two consecutive required years, with the years.

    Seed 003, "Detalles del proceso de revisión": each of the five indicators counts when it
    holds "durante dos años consecutivos" (for two consecutive years). Only years in which
    the country had to report (active on that year's deadline, from its first cycle) count,
    and the two years must be consecutive calendar years. A finding is ``current`` when its
    second year is the most recent judged year for that criterion: the country has not yet
    cured it with a good year since.
    """
    required = sorted(set(required_years))
    findings: list[CriterionFinding] = []
    for criterion, rule in CRITERION_RULES.items():
        failed = [y for y in required if rule(cycles.get(y) or CycleRecord(year=y), as_of)]
        judged = [y for y in required if _is_judged(criterion, y, as_of)]
        last_judged = judged[-1] if judged else None
        failed_set = set(failed)
        for y in failed:
            if y - 1 in failed_set and y - 1 in required:
                findings.append(CriterionFinding(criterion, (y - 1, y), current=(y == last_judged)))
    return findings


def _is_judged(criterion: Criterion, year: int, as_of: dt.date) -> bool:
    if criterion is Criterion.REPORT_NOT_FINALISED:
        return as_of > report_due_date(year + 1)
    return as_of > report_due_date(year)


def at_risk_of_inactivity(status: Status, findings: Iterable[CriterionFinding]) -> bool:
    """Whether an active pathfinder is at risk of being declared inactive.

    Seed 003, "Procedimiento en caso de que los progresos de un país pionero sean
    insuficientes o nulos": when the criteria show insufficient or no progress the GCG
    opens a dialogue and, "si el progreso ... se considera insuficiente y el proceso de
    diálogo ... no conduce a un resultado positivo", declares the country inactive. A
    country is therefore at risk when it is active and at least one of the five criteria
    currently holds over two consecutive years.
    """
    return status is Status.ACTIVE and any(f.current for f in findings)


def cycle_records(events: Iterable[Event], as_of: dt.date) -> dict[int, CycleRecord]:
    """The per-cycle records built from yearly events dated on or before ``as_of``."""
    acc: dict[int, dict[str, Any]] = {}
    for e in sorted(events, key=Event.sort_key):
        if e.type not in YEARLY_EVENTS or e.year is None or e.on > as_of:
            continue
        r = acc.setdefault(e.year, {"year": e.year})
        if e.type is EventType.REPORT_SUBMITTED:
            r.setdefault("report_submitted_on", e.on)
        elif e.type is EventType.INDICATOR_FRAMEWORK_UPDATED:
            r.setdefault("indicator_framework_on", e.on)
        elif e.type is EventType.REPORT_COMMENTED:
            r.setdefault("commented_on", e.on)
        elif e.type is EventType.REPORT_FINALISED:
            r.setdefault("finalised_on", e.on)
        elif e.type is EventType.EVIDENCE_OF_PROGRESS:
            r["evidence_of_progress"] = r.get("evidence_of_progress", 0) + 1
        elif e.type is EventType.EVIDENCE_OF_COLLABORATION:
            r["evidence_of_collaboration"] = r.get("evidence_of_collaboration", 0) + 1
    return {y: CycleRecord(**r) for y, r in acc.items()}


def required_years(
    active_periods: Iterable[tuple[dt.date, dt.date | None]], as_of: dt.date
) -> list[int]:
    """The cycles a country had to report for, up to the next deadline after ``as_of``.

    Seed 003, "Etapa de seguimiento y presentación de informes": "Todos los países que
    tengan el estatus de país pionero deberán participar en el ciclo anual". A cycle is
    required when the country was active on its deadline, counting from the first cycle of
    each period of active status (footnote 1, see :func:`first_report_year`). Only deadlines
    up to ``as_of`` are returned.
    """
    years: set[int] = set()
    for start, end in active_periods:
        y = first_report_year(start)
        while report_due_date(y) <= as_of:
            due = report_due_date(y)
            if end is None or due < end:
                years.add(y)
            y += 1
    return sorted(years)
