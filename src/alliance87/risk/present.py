"""What the pages say about a run, in the reader's language: the library's refusal, the
levels, the factors behind a territory's risk (the library's explanation, in words), and the
comparison of two runs."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Run, Territory


def level_label(level: str) -> str:
    from .models import Level

    return str(Level(level).label) if level in Level.values else _("No data")


def error_text(run: Run, lang: str) -> str:
    """The library's message, in ``lang`` where the library has words for its code (the
    command line's messages, ``riskmodel.cli_errors.ERROR_MESSAGES``), else as the library wrote it."""
    if run.error_code == "unexpected":
        return _("The run stopped on an unexpected error: %(error)s") % {"error": run.error}
    if run.error_code == "boundaries_unmatched":  # the app's own refusal (runner._geometry)
        return _(
            "No property of the boundaries' features matches the census's territory codes "
            "(%(codes)s…): upload the boundaries of these territories, with the same codes, "
            "or choose the census column that holds those codes."
        ) % {"codes": (run.error_params or {}).get("codes", "")}
    from alliance87.riskmodel.cli_errors import error_text as library_text
    from alliance87.riskmodel.errors import RiskModelError

    exc = RiskModelError(run.error, code=run.error_code or None, params=run.error_params)
    return library_text(exc, lang)


def factors_of(territory: Territory, lang: str, variable_labels: dict | None = None) -> list[dict]:
    """The determinants that push the territory's risk up most, each in plain words (the
    library's ``top_factors`` and ``labels.factor_phrase``), with its part of the gap to the
    national risk in percentage points (``risk_gap_<determinant>``); ``variable_labels``: the
    survey file's own labels of the determinants (the model's ``specification``)."""
    from alliance87.riskmodel.explain import parse_top_factors
    from alliance87.riskmodel.labels import factor_phrase, with_variable_labels

    spec = {"variable_labels": variable_labels or {}}  # the survey file's own labels
    labels = with_variable_labels(None, {"specification": spec})
    out = []
    for term, direction in parse_top_factors(territory.top_factors or ""):
        determinant = term.split("[", 1)[0]
        part = territory.data.get(f"risk_gap_{determinant}")
        out.append(
            {
                "phrase": factor_phrase(term, direction, lang, labels),
                "points": part * 100 if isinstance(part, int | float) else None,
            }
        )
    return out


def comparison(a: Run, b: Run) -> dict:
    """Coefficients side by side (by term), the count of territories per level in each run,
    and the territories whose level differs (those in both runs)."""
    coef_a = {c["term"]: c for c in (a.model or {}).get("coefficients", [])}
    coef_b = {c["term"]: c for c in (b.model or {}).get("coefficients", [])}
    terms = list(coef_a) + [t for t in coef_b if t not in coef_a]
    rows_a = {t.code: t for t in a.territories.all().defer("data")}
    rows_b = {t.code: t for t in b.territories.all().defer("data")}
    levels = ("low", "medium", "high")
    changed = [
        {
            "code": code,
            "name": rows_a[code].name or rows_b[code].name,
            "a": level_label(rows_a[code].level),
            "b": level_label(rows_b[code].level),
        }
        for code in sorted(rows_a)
        if code in rows_b and rows_a[code].level != rows_b[code].level
    ]
    return {
        "coefficients": [{"term": t, "a": coef_a.get(t), "b": coef_b.get(t)} for t in terms],
        "levels": [
            {
                "label": level_label(lv),
                "a": sum(1 for t in rows_a.values() if t.level == lv),
                "b": sum(1 for t in rows_b.values() if t.level == lv),
            }
            for lv in levels
        ],
        "changed": changed,
        "common": sum(1 for c in rows_a if c in rows_b),
    }
