"""One self-contained HTML report a ministry can e-mail.

Summary, choropleth map of the risk levels (inline SVG drawn from the GeoJSON boundaries,
projected here: equirectangular with the longitude scaled by the cosine of the mean
latitude, adequate at a country's scale), the thresholds and shares of each level, the model
(odds ratios with confidence intervals), the table of territories, and one profile per
territory with the factors that raise its risk, in plain words. CSS is inline; there is no
JavaScript and no address outside the file.
"""

from __future__ import annotations

import html
import json
import math
from importlib import metadata
from pathlib import Path
from string import Template
from typing import Any

import numpy as np

from .classify import LEVELS, classify
from .errors import RiskModelError
from .explain import explain, parse_top_factors
from .i18n import check_language, decimal, gettext_for, gettext_noop, percent
from .labels import (
    UNLABELLED_NOTE,
    factor_phrase,
    level_name,
    outcome_name,
    reference_name,
    term_name,
    unlabelled,
    with_variable_labels,
)
from .model import INTERCEPT
from .scoring import ScoringModel, Territories, load_boundaries, match_property
from .scoring.geojson import code_text

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"
COLORS = {"low": "#fdd49e", "medium": "#fc8d59", "high": "#b30000", "": "#d9d9d9"}
DISCLAIMER = gettext_noop(
    "The boundaries and names shown and the designations used on this map do not imply "
    "official endorsement or acceptance by the ILO or the Alliance 8.7."
)
#: How each classification method is named in the text on the risk levels.
METHODS = {
    "kmeans": gettext_noop("optimal statistical grouping (one-dimensional k-means, k = 3)"),
    "jenks": gettext_noop("optimal statistical grouping (one-dimensional k-means, k = 3)"),
    "dalenius-hodges": gettext_noop("Dalenius and Hodges' cumulative square root of the frequency"),
    "quantiles": gettext_noop("terciles"),
    "fixed": gettext_noop("fixed thresholds"),
}
NAME_KEYS = ("name", "nombre", "nome", "nom", "NAME", "NOMBRE", "Name")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _th(text: str, *, numeric: bool = False) -> str:
    """A table heading cell; ``numeric`` right-aligns it (class ``n``)."""
    return f'<th class="n">{_e(text)}</th>' if numeric else f"<th>{_e(text)}</th>"


def _num(x: float, lang: str, digits: int = 0) -> str:
    return decimal(x, lang, digits, grouping=True)


def _pct(x: float, lang: str, digits: int = 1) -> str:
    return percent(x, lang, digits)


def ensure_levels(
    table: Territories, *, method: str = "kmeans", thresholds: list[float] | None = None
) -> None:
    """Classify the table if it has no ``level`` column (a file from elsewhere)."""
    levels = table.columns.get("level")
    if not levels or any(v not in LEVELS for v in levels):
        table.columns["level"] = classify(
            table.columns["risk_index"], method=method, thresholds=thresholds
        ).levels


# ---------------------------------------------------------------------------------- map
def _rings(geometry: dict | None) -> list[list[list[float]]]:
    if not geometry:
        return []
    kind = geometry.get("type")
    coords = geometry.get("coordinates") or []
    if kind == "Polygon":
        return list(coords)
    if kind == "MultiPolygon":
        return [ring for poly in coords for ring in poly]
    return []


def svg_map(
    features: list[dict],
    *,
    codes_prop: str,
    levels: dict[str, str],
    titles: dict[str, str],
    width: int = 760,
    lang: str = "en",
) -> str:
    """An inline SVG choropleth of the features, filled by each territory's level."""
    _ = gettext_for(lang)
    pts = [p for f in features for r in _rings(f.get("geometry")) for p in r]
    if not pts:
        return ""
    lons = [p[0] for p in pts]
    lats = [p[1] for p in pts]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2))
    x0, x1 = min(lons) * kx, max(lons) * kx
    y0, y1 = min(lats), max(lats)
    scale = width / max(x1 - x0, 1e-9)
    height = max(1, round((y1 - y0) * scale))
    paths = []
    for f in features:
        code = code_text((f.get("properties") or {}).get(codes_prop))
        level = levels.get(code or "", "")
        d = []
        for ring in _rings(f.get("geometry")):
            seq = [f"{(p[0] * kx - x0) * scale:.1f},{(y1 - p[1]) * scale:.1f}" for p in ring]
            if seq:
                d.append("M" + " L".join(seq) + " Z")
        if not d:
            continue
        title = titles.get(code or "", f"{code} — {level_name('', lang)}")
        paths.append(
            f'<path d="{" ".join(d)}" fill="{COLORS[level]}" '
            f'data-level="{level or "none"}"><title>{_e(title)}</title></path>'
        )
    return f'<svg viewBox="0 0 {width} {height}" role="img">{"".join(paths)}</svg>'


# ------------------------------------------------------------------------------- report
def render_report(
    model: ScoringModel | dict | str | Path | None,
    table: Territories,
    *,
    boundaries: str | Path | None = None,
    lang: str = "en",
    method: str = "kmeans",
    labels: dict | None = None,
    title: str | None = None,
    validation: dict | None = None,
    index_summary: dict | None = None,
) -> str:
    """Render the HTML report for a model and its territories table.

    ``validation``: the summary written by ``alliance87 risk validate --out`` (optional).
    ``index_summary``: for a vulnerability index, the summary ``ivti --summary`` wrote
    (its indicators, directions, dimensions and weights; :mod:`.report_index`).
    """
    lang = check_language(lang)
    _ = gettext_for(lang)
    if model is not None and not isinstance(model, ScoringModel):
        model = ScoringModel.from_json(model)
    if model is not None:  # the file's variable labels name the determinants too
        labels = with_variable_labels(labels, model.raw)
    ensure_levels(table, method=method)
    if model is not None and "top_factors" not in table.columns:
        explain(table, model)
    codes = table.columns["territory"]
    n = len(table)
    risk = np.asarray(table.columns["risk_index"], dtype=float)
    is_index = "index" in table.columns  # a vulnerability index (0-100), not a probability
    fmt_risk = (lambda x: _num(x, lang, 1)) if is_index else (lambda x: _pct(x, lang))
    from .report_index import WORDS, indicator_numbers, indicator_phrase, indicators_section

    def ix(key: str, risk_text: str) -> str:  # the index's own words where it has them
        return _(WORDS[key]) if is_index else risk_text

    numbers = indicator_numbers(table, index_summary) if is_index else {}
    nat = table.national
    national_risk = nat["risk_index"]

    names: dict[str, str] = {}
    features: list[dict] = []
    prop = None
    if boundaries is not None:
        features = load_boundaries(boundaries).get("features") or []
        prop = match_property(features, codes)
        if prop is None:
            raise RiskModelError(
                f"no property of the features in {boundaries} matches the territory codes"
            )
        for f in features:
            props = f.get("properties") or {}
            key = next((k for k in NAME_KEYS if k in props), None)
            if key:
                names[code_text(props.get(prop)) or ""] = str(props[key])
    if "name" in table.columns:
        names.update(dict(zip(codes, table.columns["name"], strict=True)))
    display = {c: (f"{names[c]} ({c})" if c in names else c) for c in codes}
    levels = dict(zip(codes, table.columns["level"], strict=True))
    counts = {lv: sum(1 for v in table.columns["level"] if v == lv) for lv in LEVELS}

    summary = _(
        "{territories} territories, {children} children. Expected number in child labour:"
        " {expected} ({rate} of the children). Risk levels: {high} high, {medium} medium,"
        " {low} low."
    ).format(
        territories=_num(n, lang),
        children=_num(nat["children"], lang),
        expected=_num(nat["expected_child_labour"], lang),
        rate=_pct(nat["risk_index"], lang),
        high=counts["high"],
        medium=counts["medium"],
        low=counts["low"],
    )
    if is_index:
        summary = _(WORDS["summary"]).format(
            territories=_num(n, lang),
            index=fmt_risk(national_risk),
            high=counts["high"],
            medium=counts["medium"],
            low=counts["low"],
        )

    # map
    map_section = ""
    if features:
        titles = {
            c: f"{display[c]} — {fmt_risk(r)} — {level_name(levels[c], lang)}"
            for c, r in zip(codes, risk, strict=True)
        }
        legend = "".join(
            f'<span><i style="background:{COLORS[lv]}"></i>{_e(level_name(lv, lang))}</span>'
            for lv in LEVELS
        )
        map_heading = _("Map of risk levels")
        legend += f'<span><i style="background:{COLORS[""]}"></i>{_e(level_name("", lang))}</span>'
        map_section = (
            f'<section class="map"><h2>{_e(map_heading)}</h2>'
            + svg_map(features, codes_prop=prop or "", levels=levels, titles=titles, lang=lang)
            + f'<p class="legend">{legend}</p>'
            f'<p class="disclaimer">{_e(_(DISCLAIMER))}</p></section>'
        )

    # levels
    rows = []
    for lv in LEVELS:
        vals = risk[[i for i in range(n) if table.columns["level"][i] == lv]]
        if vals.size == 0:
            continue
        rows.append(
            f'<tr><td><span class="lv lv-{lv}">{_e(level_name(lv, lang))}</span></td>'
            f'<td class="n">{_e(fmt_risk(vals.min()))} – {_e(fmt_risk(vals.max()))}</td>'
            f'<td class="n">{vals.size}</td>'
            f'<td class="n">{_e(_pct(vals.size / n, lang, 0))}</td></tr>'
        )
    levels_table = (
        "<table><thead><tr>"
        + _th(_("Level"))
        + _th(ix("range", _("Range of the risk index")), numeric=True)
        + _th(_("Territories"), numeric=True)
        + _th(_("Share"), numeric=True)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )

    # model
    model_section = indicators_section(index_summary, lang, labels, _e, _num) if is_index else ""
    if model is not None and model.raw.get("coefficients"):
        raw = model.raw
        design = raw.get("design") or {}
        fit = raw.get("fit") or {}
        trs = []
        referenced: set[str] = set()
        for c in raw["coefficients"]:
            if c.get("term") == INTERCEPT:
                continue
            est = float(c["estimate"])
            orr = c.get("odds_ratio", math.exp(est))
            lo = c.get("odds_ratio_ci_low", math.exp(c["ci_low"]) if "ci_low" in c else None)
            hi = c.get("odds_ratio_ci_high", math.exp(c["ci_high"]) if "ci_high" in c else None)
            ci = (
                f"{_num(lo, lang, 2)} – {_num(hi, lang, 2)}"
                if lo is not None and hi is not None
                else ""
            )
            p = c.get("p_value")
            ptxt = (
                ""
                if p is None
                else ("< 0,001" if lang != "en" else "< 0.001")
                if p < 0.001
                else _num(p, lang, 3)
            )
            det = c["term"].split("[", 1)[0] if c["term"].endswith("]") else None
            if det in model.levels and det not in referenced:  # its reference level first
                referenced.add(det)
                trs.append(
                    f"<tr><td>{_e(reference_name(det, model.levels[det][0], lang, labels))}</td>"
                    f'<td class="n">{_num(1, lang, 2)}</td><td class="n">–</td>'
                    '<td class="n"></td></tr>'
                )
            name = term_name(c["term"], lang, labels)
            trs.append(
                f"<tr><td>{_e(name)}</td>"
                f'<td class="n">{_num(orr, lang, 2)}</td><td class="n">{ci}</td>'
                f'<td class="n">{ptxt}</td></tr>'
            )
        stats = ""
        if fit.get("auc") is not None:
            stats = (
                "<p>"
                + _e(
                    _("AUC {auc}; pseudo-R² {r2}; {psus} PSUs in {strata} strata.").format(
                        auc=_num(fit.get("auc", float("nan")), lang, 3),
                        r2=_num(fit.get("pseudo_r2", float("nan")), lang, 3),
                        psus=design.get("psus", "–"),
                        strata=design.get("strata", "–"),
                    )
                )
                + "</p>"
            )
        records = design.get("records") or design.get("n") or "–"
        model_heading = _("The model")
        model_section = (
            f"<section><h2>{_e(model_heading)}</h2><p>"
            + _e(
                _(
                    "Survey-weighted logistic regression of {outcome} on the determinants below "
                    "({records} survey records). Odds ratios above 1 mark risk factors, below 1 "
                    "protective factors; 95 % confidence intervals use the survey design."
                ).format(
                    outcome=outcome_name(model.outcome, lang, labels),
                    records=_num(records, lang) if isinstance(records, (int, float)) else records,
                )
            )
            + "</p><table><thead><tr>"
            + _th(_("Determinant"))
            + _th(_("Odds ratio"), numeric=True)
            + _th(_("95 % CI"), numeric=True)
            + _th(_("p-value"), numeric=True)
            + "</tr></thead><tbody>"
            + "".join(trs)
            + "</tbody></table>"
            + stats
            + "</section>"
        )

    # territory table and profiles, by rank
    order = sorted(range(n), key=lambda i: (table.columns["rank"][i], codes[i]))

    has_expected = "expected_child_labour" in table.columns

    def expected(i: int) -> str:
        if not has_expected:
            return ""
        return f'<td class="n">{_num(table.columns["expected_child_labour"][i], lang)}</td>'

    # the small-area option (pipeline.add_small_area): each territory's EBP and its RMSE
    # (the bootstrap's RMSE where the table has it, else the analytic one)
    has_ebp = not is_index and "risk_index_ebp" in table.columns
    has_boot = has_ebp and "risk_index_ebp_rmse_bootstrap" in table.columns
    rmse_column = "risk_index_ebp_rmse_bootstrap" if has_boot else "risk_index_ebp_rmse"

    def ebp_cells(i: int) -> str:
        if not has_ebp:
            return ""
        e, r = table.columns["risk_index_ebp"][i], table.columns[rmse_column][i]
        if not np.isfinite(e):
            return '<td class="n">–</td><td class="n">–</td>'
        return f'<td class="n">{_e(fmt_risk(e))}</td><td class="n">{_e(fmt_risk(r))}</td>'

    trows = []
    profiles = []
    named: list[str] = []  # the determinants the profiles name, for the note on labels
    factors_heading = _("Factors raising the risk above the national level")
    no_factors = _("No factor raises the risk above the national level.")
    below_heading = _("Its risk is below the national level; factors that still push it up")
    below_none = _("Its risk is below the national level; no factor pushes it up.")
    profile_text = _(
        "Risk index {risk} (national {national}); rank {rank} of {total}; level {level}."
    ).format
    if is_index:
        factors_heading, no_factors = _(WORDS["factors"]), _(WORDS["no_factors"])
        below_heading, below_none = _(WORDS["below"]), _(WORDS["below_none"])
        profile_text = _(WORDS["profile"]).format
    # the fit's sampling uncertainty (uncertainty.py), when the table has it
    has_ci = not is_index and "risk_index_ci_low" in table.columns
    has_prob = not is_index and "level_probability" in table.columns
    ci_text = _("Interval of the risk index (95%): {low} to {high}.").format
    prob_text = _(
        "Probability of keeping this level under the survey's sampling uncertainty: {probability}."
    ).format
    for i in order:
        c = codes[i]
        lv = table.columns["level"][i]
        trows.append(
            f'<tr><td class="n">{int(table.columns["rank"][i])}</td>'
            f"<td>{_e(display[c])}</td>"
            f'<td class="n">{_num(table.columns["children"][i], lang)}</td>'
            f"{expected(i)}"
            f'<td class="n">{_e(fmt_risk(risk[i]))}</td>{ebp_cells(i)}'
            f'<td><span class="lv lv-{lv}">{_e(level_name(lv, lang))}</span></td></tr>'
        )
        factors = parse_top_factors(table.columns.get("top_factors", [""] * n)[i])
        items = "".join(
            "<li>"
            + _e(
                indicator_phrase(term, d, lang, numbers, labels)
                if is_index
                else factor_phrase(term, d, lang, labels)
            )
            + "</li>"
            for term, d in factors
        )
        named += [term for term, _d in factors if term not in named]
        below = risk[i] < national_risk
        body = (
            f"<p>{_e(below_heading if below else factors_heading)}:</p><ul>{items}</ul>"
            if items
            else f"<p>{_e(below_none if below else no_factors)}</p>"
        )
        profiles.append(
            f'<details id="t-{_e(c)}"><summary><strong>{_e(display[c])}</strong> — '
            f'<span class="lv lv-{lv}">{_e(level_name(lv, lang))}</span></summary>'
            f"<p>{_e(profile_text(risk=fmt_risk(risk[i]), national=fmt_risk(national_risk), rank=int(table.columns['rank'][i]), total=n, level=level_name(lv, lang).lower()))}"
            + (
                " "
                + _e(
                    ci_text(
                        low=fmt_risk(table.columns["risk_index_ci_low"][i]),
                        high=fmt_risk(table.columns["risk_index_ci_high"][i]),
                    )
                )
                if has_ci
                else ""
            )
            + (
                " "
                + _e(prob_text(probability=_pct(table.columns["level_probability"][i], lang, 0)))
                if has_prob
                else ""
            )
            + f"</p>{body}</details>"
        )
    replicates = (getattr(table, "small_area", None) or {}).get("bootstrap_replicates")
    mse_text = (
        (
            _(
                "The root mean squared error is a parametric bootstrap's ({replicates} "
                "replicates of the model refitted on simulated survey outcomes)."
            ).format(replicates=_num(replicates, lang))
            if replicates
            else _(
                "The root mean squared error is a parametric bootstrap's (the model refitted "
                "on simulated survey outcomes)."
            )
        )
        if has_boot
        else _(
            "The root mean squared error is an analytic approximation that leaves out the "
            "uncertainty of the territory effect's spread, so it is somewhat understated "
            "where the survey has few records."
        )
    )
    ebp_note = (
        "<p>"
        + _e(
            _(
                "Small-area estimates are model predictions, not measurements: the empirical "
                "best predictor of each territory's risk index under a logistic model with a "
                "random territory effect, which also uses the territory's own survey records, "
                "with its approximate root mean squared error."
            )
            + " "
            + mse_text
            + " "
            + _(
                "This model does not use the survey weights or the sample design: each "
                "survey record counts once."
            )
        )
        + "</p>"
        if has_ebp
        else ""
    )
    # the profiles name a determinant without a label in quotes: the note says so
    missing = "" if is_index else unlabelled(named, lang, labels)
    labels_note = (
        f'<p class="note">{_e(_(UNLABELLED_NOTE).format(names=missing))}</p>' if missing else ""
    )
    territory_table = (
        ebp_note
        + "<table><thead><tr>"
        + _th(_("Rank"), numeric=True)
        + _th(_("Territory"))
        + _th(_("Children"), numeric=True)
        + (_th(_("Expected in child labour"), numeric=True) if has_expected else "")
        + _th(ix("column", _("Risk index")), numeric=True)
        + (
            _th(_("Small-area estimate (EBP)"), numeric=True)
            + _th(_("Root mean squared error"), numeric=True)
            if has_ebp
            else ""
        )
        + _th(_("Level"))
        + "</tr></thead><tbody>"
        + "".join(trows)
        + "</tbody></table>"
    )
    try:
        version = metadata.version("alliance87")
    except metadata.PackageNotFoundError:
        version = "dev"
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        lang=lang,
        title=_e(
            title
            or (
                _("Child labour vulnerability index by territory")
                if is_index
                else _("Child labour risk by territory")
            )
        ),
        subtitle=_e(ix("subtitle", _("Child Labour Risk Identification Model (ILO–ECLAC method)"))),
        summary_heading=_e(_("Summary")),
        summary=_e(summary),
        map_section=map_section,
        levels_heading=_e(_("Risk levels")),
        levels_text=_e(
            ix(
                "levels",
                _(
                    "Territories are grouped into three levels by {method}; each level is a contiguous range of the risk index."
                ),
            ).format(method=_(METHODS[method]))
            + (
                " "
                + _(
                    "Under the sampling uncertainty of the survey fit, {count} of {total} territories are expected to change level."
                ).format(
                    count=_num(
                        float(
                            np.sum(1 - np.asarray(table.columns["level_probability"], dtype=float))
                        ),
                        lang,
                        1,
                    ),
                    total=n,
                )
                if has_prob
                else ""
            )
        ),
        levels_table=levels_table,
        model_section=model_section + _validation_section(validation, lang, table),
        table_heading=_e(_("Territories by risk")),
        territory_table=territory_table,
        profiles_heading=_e(_("Territory profiles")),
        profiles=labels_note + "\n".join(profiles),
        footer=_e(
            _("Generated by the Alliance 8.7 Platform risk model, version {version}.").format(
                version=version
            )
        ),
    )


def _validation_section(res: dict | None, lang: str, table: Territories) -> str:
    from .report_validation import validation_section

    return validation_section(res, lang, table)


def write_report(
    out: str | Path,
    model: Any,
    territories: str | Path | Territories,
    *,
    boundaries: str | Path | None = None,
    lang: str = "en",
    method: str = "kmeans",
    labels_file: str | Path | None = None,
    validation: str | Path | dict | None = None,
    index_summary: str | Path | dict | None = None,
) -> Path:
    """Render and write the report; ``labels_file`` is an optional JSON of term labels,
    ``validation`` a validation summary (a dict or the JSON file ``validate --out`` wrote)."""
    table = territories if isinstance(territories, Territories) else Territories.read(territories)
    labels = None
    if labels_file:
        try:
            labels = json.loads(Path(labels_file).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RiskModelError(f"cannot read the labels file {labels_file}: {exc}") from None
    if validation is not None and not isinstance(validation, dict):
        try:
            validation = json.loads(Path(validation).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RiskModelError(f"cannot read the validation file {validation}: {exc}") from None
    if index_summary is not None and not isinstance(index_summary, dict):
        try:
            index_summary = json.loads(Path(index_summary).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RiskModelError(f"cannot read the index summary {index_summary}: {exc}") from None
    text = render_report(
        model,
        table,
        boundaries=boundaries,
        lang=lang,
        method=method,
        labels=labels,
        validation=validation,
        index_summary=index_summary,
    )
    out = Path(out)
    out.write_text(text, encoding="utf-8")
    return out
