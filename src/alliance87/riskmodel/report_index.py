"""The report of a vulnerability index (:mod:`.ivti`): its words and its indicators.

The index's report says "vulnerability index" where the risk model's says "risk index",
lists each indicator with its dimension, its direction and its weight (from the summary
``ivti --summary`` writes), and names an indicator in prose by its label (``report
--labels``) or else by its number in that list, never by its column.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .i18n import gettext_for, gettext_noop

#: The messages of the risk report that the index's report says in its own words.
WORDS = {
    "summary": gettext_noop(
        "{territories} territories; national vulnerability index {index} (0 to 100). "
        "Levels: {high} high, {medium} medium, {low} low."
    ),
    "range": gettext_noop("Range of the vulnerability index"),
    "column": gettext_noop("Vulnerability index"),
    "levels": gettext_noop(
        "Territories are grouped into three levels by {method}; each level is a contiguous "
        "range of the vulnerability index."
    ),
    "profile": gettext_noop(
        "Vulnerability index {risk} (national {national}); rank {rank} of {total}; level {level}."
    ),
    "factors": gettext_noop("Indicators raising the index above the national level"),
    "no_factors": gettext_noop("No indicator raises the index above the national level."),
    "below": gettext_noop(
        "Its index is below the national level; indicators that still push it up"
    ),
    "below_none": gettext_noop("Its index is below the national level; no indicator pushes it up."),
    "subtitle": gettext_noop("Child Labour Vulnerability Index (ILO–ECLAC method)"),
}


def indicator_numbers(table, summary: Mapping[str, Any] | None) -> dict[str, int]:
    """Each indicator's number in the report's list (the summary's order, else the
    table's ``score_*`` columns)."""
    names = list((summary or {}).get("indicators") or [])
    if not names:
        names = [c[len("score_") :] for c in table.columns if c.startswith("score_")]
    return {name: k + 1 for k, name in enumerate(names)}


def _label(name: str, lang: str, labels: Mapping | None) -> str | None:
    if labels and name in labels:
        return labels[name].get(lang) or labels[name].get("en")
    return None


def indicator_phrase(
    name: str, direction: str, lang: str, numbers: Mapping[str, int], labels: Mapping | None
) -> str:
    """A profile's line: "Higher <label> than the national average", or without a label
    "Indicator 3: more vulnerable than the national average"."""
    _ = gettext_for(lang)
    label = _label(name, lang, labels)
    if label:
        message = (
            _("Higher {label} than the national average")
            if direction == "higher"
            else _("Lower {label} than the national average")
        )
        return message.format(label=label)
    return _("Indicator {number}: more vulnerable than the national average").format(
        number=numbers.get(name, "?")
    )


def indicators_section(
    summary: Mapping[str, Any] | None, lang: str, labels: Mapping | None, esc, num
) -> str:
    """The section listing the indicators: number, indicator (its label, and its column
    in the table only), dimension, direction and weight in the index."""
    if not summary or not summary.get("indicators"):
        return ""
    _ = gettext_for(lang)
    protective = set(summary.get("protective") or [])
    weights = summary.get("weights") or {}
    dims = summary.get("dimensions") or {}
    dim_of = {i: d for d, v in dims.items() for i in v.get("indicators", [])}
    rows = []
    for k, name in enumerate(summary["indicators"], start=1):
        label = _label(name, lang, labels)
        shown = f"{label} ({name})" if label else name
        direction = (
            _("protective: a higher value means less vulnerability")
            if name in protective
            else _("a higher value means more vulnerability")
        )
        dim = f"<td>{esc(dim_of.get(name, ''))}</td>" if dims else ""
        rows.append(
            f'<tr><td class="n">{k}</td><td>{esc(shown)}</td>{dim}<td>{esc(direction)}</td>'
            f'<td class="n">{esc(num(100 * float(weights.get(name, 0.0)), lang, 1))} %</td></tr>'
        )
    weighting = {
        "equal": _("equal weights"),
        "pca": _("weights from the first principal component"),
        "given": _("weights given by the user"),
    }.get(summary.get("weighting", ""), "")
    text = _(
        "The vulnerability index is the weighted mean of {count} indicators, each scaled "
        "from 0 (least vulnerable territory) to 100 (most vulnerable); {weighting}."
    ).format(count=len(summary["indicators"]), weighting=weighting)
    if dims:
        parts = "; ".join(
            f"{d} {num(100 * float(v.get('weight', 0.0)), lang, 1)} %" for d, v in dims.items()
        )
        text += " " + _(
            "The indicators are grouped in {count} dimensions, weighted: {dimensions}; an "
            "indicator's weight is its dimension's weight times its weight within it."
        ).format(count=len(dims), dimensions=parts)
    number, indicator, dimension = _("No."), _("Indicator"), _("Dimension")
    direction_word, weight = _("Direction"), _("Weight")
    head = (
        f'<th class="n">{esc(number)}</th><th>{esc(indicator)}</th>'
        + (f"<th>{esc(dimension)}</th>" if dims else "")
        + f'<th>{esc(direction_word)}</th><th class="n">{esc(weight)}</th>'
    )
    heading = _("The vulnerability index")
    return (
        f"<section><h2>{esc(heading)}</h2><p>{esc(text)}</p><table><thead><tr>{head}"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></section>"
    )
