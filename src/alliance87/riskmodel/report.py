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
from .i18n import check_language, factor_phrase, t, term_name
from .score import INTERCEPT, ScoringModel, Territories, _code, load_boundaries, match_property

TEMPLATE = Path(__file__).resolve().parent / "templates" / "report.html"
COLORS = {"low": "#fdd49e", "medium": "#fc8d59", "high": "#b30000", "": "#d9d9d9"}
NAME_KEYS = ("name", "nombre", "nome", "nom", "NAME", "NOMBRE", "Name")


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _num(x: float, lang: str, digits: int = 0) -> str:
    s = f"{x:,.{digits}f}"
    if lang in ("es", "pt", "fr"):
        sep = "\u202f" if lang == "fr" else "."
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", sep)
    return s


def _pct(x: float, lang: str, digits: int = 1) -> str:
    return _num(100 * x, lang, digits) + ("\u00a0%" if lang in ("fr", "es", "pt") else "%")


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
        code = _code((f.get("properties") or {}).get(codes_prop))
        level = levels.get(code or "", "")
        d = []
        for ring in _rings(f.get("geometry")):
            seq = [f"{(p[0] * kx - x0) * scale:.1f},{(y1 - p[1]) * scale:.1f}" for p in ring]
            if seq:
                d.append("M" + " L".join(seq) + " Z")
        if not d:
            continue
        title = titles.get(code or "", f"{code} — {t('no_data', lang)}")
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
) -> str:
    """Render the HTML report for a model and its territories table.

    ``validation``: the summary written by ``alliance87 risk validate --out`` (optional).
    """
    lang = check_language(lang)
    if model is not None and not isinstance(model, ScoringModel):
        model = ScoringModel.from_json(model)
    ensure_levels(table, method=method)
    if model is not None and "top_factors" not in table.columns:
        explain(table, model)
    codes = table.columns["territory"]
    n = len(table)
    risk = np.asarray(table.columns["risk_index"], dtype=float)
    is_index = "index" in table.columns  # a vulnerability index (0-100), not a probability
    fmt_risk = (lambda x: _num(x, lang, 1)) if is_index else (lambda x: _pct(x, lang))
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
                names[_code(props.get(prop)) or ""] = str(props[key])
    if "name" in table.columns:
        names.update(dict(zip(codes, table.columns["name"], strict=True)))
    display = {c: (f"{names[c]} ({c})" if c in names else c) for c in codes}
    levels = dict(zip(codes, table.columns["level"], strict=True))
    counts = {lv: sum(1 for v in table.columns["level"] if v == lv) for lv in LEVELS}

    summary = t(
        "summary_text",
        lang,
        territories=_num(n, lang),
        children=_num(nat["children"], lang),
        expected=_num(nat["expected_child_labour"], lang),
        rate=_pct(nat["risk_index"], lang),
        high=counts["high"],
        medium=counts["medium"],
        low=counts["low"],
    )
    if is_index:
        summary = (
            f"{_num(n, lang)} {t('territories', lang).lower()}. "
            f"{t('risk_index', lang)}: {fmt_risk(national_risk)}. "
            f"{t('high', lang)} {counts['high']}, {t('medium', lang)} "
            f"{counts['medium']}, {t('low', lang)} {counts['low']}."
        )

    # map
    map_section = ""
    if features:
        titles = {
            c: f"{display[c]} — {fmt_risk(r)} — {t(levels[c] or 'no_data', lang)}"
            for c, r in zip(codes, risk, strict=True)
        }
        legend = "".join(
            f'<span><i style="background:{COLORS[lv]}"></i>{_e(t(lv, lang))}</span>'
            for lv in LEVELS
        )
        legend += f'<span><i style="background:{COLORS[""]}"></i>{_e(t("no_data", lang))}</span>'
        map_section = (
            f'<section class="map"><h2>{_e(t("map", lang))}</h2>'
            + svg_map(features, codes_prop=prop or "", levels=levels, titles=titles, lang=lang)
            + f'<p class="legend">{legend}</p>'
            f'<p class="disclaimer">{_e(t("disclaimer", lang))}</p></section>'
        )

    # levels
    rows = []
    for lv in LEVELS:
        vals = risk[[i for i in range(n) if table.columns["level"][i] == lv]]
        if vals.size == 0:
            continue
        rows.append(
            f'<tr><td><span class="lv lv-{lv}">{_e(t(lv, lang))}</span></td>'
            f'<td class="n">{_e(fmt_risk(vals.min()))} – {_e(fmt_risk(vals.max()))}</td>'
            f'<td class="n">{vals.size}</td>'
            f'<td class="n">{_e(_pct(vals.size / n, lang, 0))}</td></tr>'
        )
    levels_table = (
        f"<table><thead><tr><th>{_e(t('level', lang))}</th>"
        f'<th class="n">{_e(t("range", lang))}</th>'
        f'<th class="n">{_e(t("territories", lang))}</th>'
        f'<th class="n">{_e(t("share", lang))}</th></tr></thead><tbody>'
        + "".join(rows)
        + "</tbody></table>"
    )
    method_key = {"jenks": "method_kmeans"}.get(method, f"method_{method}")

    # model
    model_section = ""
    if model is not None and model.raw.get("coefficients"):
        raw = model.raw
        design = raw.get("design") or {}
        fit = raw.get("fit") or {}
        trs = []
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
            name = term_name(c["term"], lang, labels)
            raw_term = f" <small>({_e(c['term'])})</small>" if name != c["term"] else ""
            trs.append(
                f"<tr><td>{_e(name)}{raw_term}</td>"
                f'<td class="n">{_num(orr, lang, 2)}</td><td class="n">{ci}</td>'
                f'<td class="n">{ptxt}</td></tr>'
            )
        stats = ""
        if fit.get("auc") is not None:
            stats = (
                "<p>"
                + _e(
                    t(
                        "fit_stats",
                        lang,
                        auc=_num(fit.get("auc", float("nan")), lang, 3),
                        r2=_num(fit.get("pseudo_r2", float("nan")), lang, 3),
                        psus=design.get("psus", "–"),
                        strata=design.get("strata", "–"),
                    )
                )
                + "</p>"
            )
        records = design.get("records") or design.get("n") or "–"
        model_section = (
            f"<section><h2>{_e(t('model', lang))}</h2><p>"
            + _e(
                t(
                    "model_text",
                    lang,
                    outcome=model.outcome,
                    records=_num(records, lang) if isinstance(records, (int, float)) else records,
                )
            )
            + f"</p><table><thead><tr><th>{_e(t('term', lang))}</th>"
            f'<th class="n">{_e(t("odds_ratio", lang))}</th>'
            f'<th class="n">{_e(t("ci", lang))}</th>'
            f'<th class="n">{_e(t("p_value", lang))}</th></tr></thead><tbody>'
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

    trows = []
    profiles = []
    for i in order:
        c = codes[i]
        lv = table.columns["level"][i]
        trows.append(
            f'<tr><td class="n">{int(table.columns["rank"][i])}</td>'
            f"<td>{_e(display[c])}</td>"
            f'<td class="n">{_num(table.columns["children"][i], lang)}</td>'
            f"{expected(i)}"
            f'<td class="n">{_e(fmt_risk(risk[i]))}</td>'
            f'<td><span class="lv lv-{lv}">{_e(t(lv, lang))}</span></td></tr>'
        )
        factors = parse_top_factors(table.columns.get("top_factors", [""] * n)[i])
        items = "".join(
            f"<li>{_e(factor_phrase(term, d, lang, labels))}</li>" for term, d in factors
        )
        body = (
            f"<p>{_e(t('top_factors', lang))}:</p><ul>{items}</ul>"
            if items
            else f"<p>{_e(t('no_factors', lang))}</p>"
        )
        profiles.append(
            f'<details id="t-{_e(c)}"><summary><strong>{_e(display[c])}</strong> — '
            f'<span class="lv lv-{lv}">{_e(t(lv, lang))}</span></summary>'
            f"<p>{_e(t('profile_text', lang, risk=fmt_risk(risk[i]), national=fmt_risk(national_risk), rank=int(table.columns['rank'][i]), total=n, level=t(lv, lang).lower()))}</p>"
            f"{body}</details>"
        )
    territory_table = (
        f'<table><thead><tr><th class="n">{_e(t("rank", lang))}</th>'
        f"<th>{_e(t('territory', lang))}</th>"
        f'<th class="n">{_e(t("children", lang))}</th>'
        + (f'<th class="n">{_e(t("expected", lang))}</th>' if has_expected else "")
        + f'<th class="n">{_e(t("risk_index", lang))}</th>'
        f"<th>{_e(t('level', lang))}</th></tr></thead><tbody>" + "".join(trows) + "</tbody></table>"
    )
    try:
        version = metadata.version("alliance87")
    except metadata.PackageNotFoundError:
        version = "dev"
    return Template(TEMPLATE.read_text(encoding="utf-8")).substitute(
        lang=lang,
        title=_e(title or t("vulnerability_title" if is_index else "title", lang)),
        subtitle=_e(t("subtitle", lang)),
        summary_heading=_e(t("summary", lang)),
        summary=_e(summary),
        map_section=map_section,
        levels_heading=_e(t("levels", lang)),
        levels_text=_e(t("levels_text", lang, method=t(method_key, lang))),
        levels_table=levels_table,
        model_section=model_section + validation_section(validation, lang),
        table_heading=_e(t("table", lang)),
        territory_table=territory_table,
        profiles_heading=_e(t("profiles", lang)),
        profiles="\n".join(profiles),
        footer=_e(t("generated", lang, version=version)),
    )


def validation_section(res: dict | None, lang: str) -> str:
    """The validation summary as a section: statistics and the confusion matrix."""
    if not res:
        return ""
    try:
        lv = res["levels"]
        counts = lv["confusion_matrix"]["counts"]
        text = t(
            "validation_text",
            lang,
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
    head = "".join(f'<th class="n">{_e(t(o, lang))}</th>' for o in LEVELS)
    rows = "".join(
        f"<tr><th>{_e(t(p, lang))}</th>"
        + "".join(f'<td class="n">{int(v)}</td>' for v in row)
        + "</tr>"
        for p, row in zip(LEVELS, counts, strict=True)
    )
    return (
        f"<section><h2>{_e(t('validation', lang))}</h2><p>{_e(text)}</p>"
        f"<table><caption>{_e(t('confusion', lang))}</caption><thead><tr><th></th>{head}"
        f"</tr></thead><tbody>{rows}</tbody></table></section>"
    )


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
    text = render_report(
        model,
        table,
        boundaries=boundaries,
        lang=lang,
        method=method,
        labels=labels,
        validation=validation,
    )
    out = Path(out)
    out.write_text(text, encoding="utf-8")
    return out
