"""Due dates and lateness (seed 003, footnote 1)."""

from __future__ import annotations

import datetime as dt

from .vocabulary import REPORT_DUE_DAY, REPORT_DUE_MONTH


def report_due_date(cycle_year: int) -> dt.date:
    """The deadline of the report and indicator framework of a reporting cycle.

    Seed 003, "Etapa de seguimiento y presentación de informes", footnote 1: "Los informes de
    progreso y los marcos de indicadores deben presentarse a finales de abril de cada año."
    (Progress reports and indicator frameworks are due at the end of April every year.)
    We identify a cycle by the year of its deadline, 30 April.
    """
    return dt.date(cycle_year, REPORT_DUE_MONTH, REPORT_DUE_DAY)


def first_report_year(became_pathfinder_on: dt.date) -> int:
    """The first reporting cycle of a country that became a pathfinder on the given date.

    Seed 003, footnote 1: "Si un país se convierte en país pionero entre enero y mayo, deberá
    presentar el correspondiente informe a partir de abril del año siguiente." (A country
    that becomes a pathfinder between January and May reports from April of the following
    year.) For June to December the seed gives no exception, so the general rule applies:
    the report is due "a finales de abril de cada año", and the first end of April after
    the grant is also April of the following year. Either way the first cycle is the year
    after the grant; the footnote matters because it spares a country granted in
    January-April the deadline that falls a few weeks later in the same year.

    The same rule is applied from the date a country is reinstated as active
    ("Proceso de recuperación del estatus de país pionero activo"), since the seed gives no
    other.
    """
    return became_pathfinder_on.year + 1


def next_report_due(became_pathfinder_on: dt.date, as_of: dt.date) -> dt.date:
    """The next 30 April deadline on or after ``as_of`` for an active pathfinder (footnote 1)."""
    year = max(first_report_year(became_pathfinder_on), as_of.year)
    if report_due_date(year) < as_of:
        year += 1
    return report_due_date(year)


def is_late(due: dt.date, submitted_on: dt.date) -> bool:
    """Whether a submission missed its deadline ("dentro del plazo establecido", footnote 1).

    Seed 003, "Etapa de seguimiento y presentación de informes": the report is presented
    "dentro del plazo establecido (actualmente a finales de abril)" (within the set deadline,
    currently the end of April). Submitting on the due date itself is on time.
    """
    return submitted_on > due


def is_overdue(due: dt.date, submitted_on: dt.date | None, as_of: dt.date) -> bool:
    """Whether, on ``as_of``, an item is past its deadline and still not submitted.

    Same clause as :func:`is_late`. A submission dated after ``as_of`` does not exist yet
    on that date.
    """
    if as_of <= due:
        return False
    return submitted_on is None or submitted_on > as_of


def days_overdue(due: dt.date, as_of: dt.date) -> int:
    """Days elapsed since the deadline (0 when not yet past)."""
    return max(0, (as_of - due).days)
