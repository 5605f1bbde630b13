"""The report's validation section: the agreement statistics, the confusion matrix and
the populations compared (:func:`.validate.population`), in the report's language."""

from __future__ import annotations

import html
from typing import Any

from .classify import LEVELS
from .errors import RiskModelError
from .i18n import decimal, gettext_for, percent
from .labels import level_name
from .scoring import Territories


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _num(x: float, lang: str, digits: int = 0) -> str:
    return decimal(x, lang, digits, grouping=True)


def _pct(x: float, lang: str, digits: int = 1) -> str:
    return percent(x, lang, digits)


def population_text(pop: dict | None, lang: str, table: Territories | None = None) -> str:
    """The populations a validation compared (validate.population), in words, and why the
    rest of the report concerns another one when it does."""
    if not pop:
        return ""
    _ = gettext_for(lang)

    def side(d: dict) -> str:
        text = _("filter: {where}").format(where=d["where"]) if d.get("where") else _("no filter")
        if d.get("ages"):
            ages = _("children aged {low} to {high}").format(
                low=_num(d["ages"][0], lang), high=_num(d["ages"][1], lang)
            )
            text = f"{ages} ({text})"
        return text

    pred = side(pop["predicted"]) if pop["predicted"].get("known") else _("filter not recorded")
    obs = side(pop["observed"])
    text = _("Population compared: observed, {observed}; predicted, {predicted}.").format(
        observed=obs, predicted=pred
    )
    if pop.get("same") is False:
        text += " " + _("Warning: the two sides do not concern the same population.")
    if table is not None and table.where_known:
        scored = (table.where or "").split()
        if scored != (pop["observed"].get("where") or "").split():
            report = side({"where": table.where})
            text += " " + _(
                "The validation concerns {validation}, where the census measures child labour "
                "directly; the rest of this report concerns the population scored ({report})."
            ).format(validation=obs, report=report)
    return text


def validation_section(res: dict | None, lang: str, table: Territories | None = None) -> str:
    """The validation summary as a section: the populations compared, statistics and the
    confusion matrix."""
    if not res:
        return ""
    _ = gettext_for(lang)
    try:
        lv = res["levels"]
        counts = lv["confusion_matrix"]["counts"]
        text = _(
            "Where the census measures child labour directly, the predicted and observed "
            "incidence of {territories} territories were compared: observed national rate "
            "{observed}, predicted {predicted}; rank correlation (Spearman) {spearman}, "
            "Pearson {pearson}; mean absolute error {mae} percentage points. Risk levels: "
            "{agree} of the territories classified alike; weighted kappa {kappa_l} (linear), "
            "{kappa_q} (quadratic)."
        ).format(
            territories=res["territories"],
            observed=_pct(res["national_observed"], lang),
            predicted=_pct(res["national_predicted"], lang),
            spearman=_num(res["spearman"], lang, 3),
            pearson=_num(res["pearson"], lang, 3),
            mae=_num(100 * res["mean_absolute_error"], lang, 2),
            agree=_pct(lv["percent_correctly_classified"] / 100, lang),
            kappa_l=_num(lv["kappa_linear"], lang, 3),
            kappa_q=_num(lv["kappa_quadratic"], lang, 3),
        )
    except (KeyError, TypeError) as exc:
        raise RiskModelError(f"the validation summary lacks {exc}") from None
    head = "".join(f'<th class="n">{_e(level_name(o, lang))}</th>' for o in LEVELS)
    rows = "".join(
        f"<tr><th>{_e(level_name(p, lang))}</th>"
        + "".join(f'<td class="n">{int(v)}</td>' for v in row)
        + "</tr>"
        for p, row in zip(LEVELS, counts, strict=True)
    )
    heading = _("Validation against the census")
    caption = _("Territories by predicted level (rows) and observed level (columns)")
    return (
        f"<section><h2>{_e(heading)}</h2><p>{_e(text)}</p>"
        + (
            f"<p>{_e(population_text(res.get('population'), lang, table))}</p>"
            if res.get("population")
            else ""
        )  # fmt: skip
        + f"<table><caption>{_e(caption)}</caption><thead><tr><th></th>{head}"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )
