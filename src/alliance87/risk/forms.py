"""The risk app's forms: the upload's choices, the run's specification (its fields chosen from
the columns of the files), and a grant of access."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alliance87.core.models import Country
from alliance87.core.refusals import refusal_text

from . import rules
from .models import Dataset, Engine, Kind, Method

# Help texts from docs/riskmodel.md (sections 2 and 4) and riskmodel-estimation.md.
HELP = {
    "outcome": _("The survey's 0/1 column that measures child labour."),
    "determinants": _(
        "The factors of the model. Each must exist in both the survey and the census, with "
        "the same coding; a category the survey never saw is an error naming column and level."
    ),
    "categorical": _(
        "Determinants that are categories (treatment-coded, the first level in sorted order "
        "as reference); the others are numbers."
    ),
    "weight": _("The survey's sampling weight: each record stands for this many children."),
    "strata": _("The survey's strata, for design-based standard errors."),
    "psu": _("The survey's primary sampling units (clusters), for design-based standard errors."),
    "territory": _(
        "The census column to aggregate by, at any level (municipality, department...): one "
        "risk index per value. Its codes are matched against the boundaries' properties."
    ),
    "region": _(
        "Optional: a census column grouping territories (e.g. department), carried to the results."
    ),
    "where": _(
        'An SQL filter selecting the population in both files, e.g. "age BETWEEN 5 AND 17" '
        "(DuckDB dialect). Records missing the territory or a determinant are left out and counted."
    ),
    "method": _(
        "How the territories are grouped into low, medium and high risk: optimal k-means "
        "(the default; natural breaks, the same levels as Jenks), Dalenius-Hodges (as "
        "CONAPO's marginalisation index), terciles, or two thresholds the country sets."
    ),
    "thresholds": _(
        "Only with fixed thresholds: a territory whose risk index is at or above the first is "
        "medium, at or above the second high (in per cent, e.g. 5 and 10)."
    ),
    "engine": _("DuckDB scores on this server; Spark on the cluster the operator configured."),
}


class DatasetsForm(forms.Form):
    """Step one of a run: the survey, the census and the boundaries, of one country."""

    survey = forms.ModelChoiceField(
        queryset=Dataset.objects.none(), label=pgettext_lazy("risk model dataset", "Survey")
    )
    census = forms.ModelChoiceField(queryset=Dataset.objects.none(), label=_("Census or register"))
    boundaries = forms.ModelChoiceField(
        queryset=Dataset.objects.none(), label=_("Boundaries"), required=False
    )

    def __init__(self, *args, datasets, **kwargs):
        super().__init__(*args, **kwargs)
        for name, kind in (
            ("survey", Kind.SURVEY),
            ("census", Kind.CENSUS),
            ("boundaries", Kind.BOUNDARIES),
        ):
            self.fields[name].queryset = datasets.filter(kind=kind)
            self.fields[name].label_from_instance = lambda d: (
                f"{d.name} ({d.country.name}, {d.created_at:%Y-%m-%d})"
            )

    def clean(self):
        data = super().clean()
        chosen = [d for d in (data.get("survey"), data.get("census"), data.get("boundaries")) if d]
        if len({d.country_id for d in chosen}) > 1:
            raise ValidationError(
                _("The survey, the census and the boundaries must be of one country.")
            )
        return data


def _choices(names, blank: bool):
    items = [(n, n) for n in names]
    return ([("", "—")] if blank else []) + items


class RunForm(forms.Form):
    """The run's specification; every column field is a list of the files' columns."""

    title = forms.CharField(label=_("Title"), max_length=200)
    outcome = forms.ChoiceField(label=_("Outcome"), help_text=HELP["outcome"])
    determinants = forms.MultipleChoiceField(
        label=_("Determinants"), widget=forms.CheckboxSelectMultiple, help_text=HELP["determinants"]
    )
    categorical = forms.MultipleChoiceField(
        label=_("Categorical determinants"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=HELP["categorical"],
    )
    weight = forms.ChoiceField(label=_("Weight"), required=False, help_text=HELP["weight"])
    strata = forms.ChoiceField(label=_("Strata"), required=False, help_text=HELP["strata"])
    psu = forms.ChoiceField(
        label=_("Primary sampling units"), required=False, help_text=HELP["psu"]
    )
    territory = forms.ChoiceField(label=_("Territory column"), help_text=HELP["territory"])
    region = forms.ChoiceField(label=_("Region column"), required=False, help_text=HELP["region"])
    where = forms.CharField(
        label=pgettext_lazy("SQL filter", "Filter"),
        required=False,
        max_length=500,
        help_text=HELP["where"],
    )
    method = forms.ChoiceField(
        label=_("Classification method"),
        choices=Method.choices,
        initial=Method.KMEANS,
        help_text=HELP["method"],
    )
    threshold_low = forms.DecimalField(
        label=_("Threshold between low and medium (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=4,
        help_text=HELP["thresholds"],
    )
    threshold_high = forms.DecimalField(
        label=_("Threshold between medium and high (%)"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=4,
    )
    engine = forms.ChoiceField(
        label=_("Engine"), choices=Engine.choices, initial=Engine.DUCKDB, help_text=HELP["engine"]
    )

    def __init__(self, *args, survey: Dataset, census: Dataset, spark: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        s_cols = survey.column_names
        c_cols = census.column_names
        self._files = (survey, census)
        both = [c for c in s_cols if c in c_cols]
        self.fields["outcome"].choices = _choices(s_cols, blank=True)
        self.fields["determinants"].choices = _choices(both, blank=False)
        self.fields["categorical"].choices = _choices(both, blank=False)
        for name in ("weight", "strata", "psu"):
            self.fields[name].choices = _choices(s_cols, blank=True)
        self.fields["territory"].choices = _choices(c_cols, blank=True)
        self.fields["region"].choices = _choices(c_cols, blank=True)
        if not spark:
            self.fields["engine"].choices = [(Engine.DUCKDB.value, Engine.DUCKDB.label)]

    def clean(self):
        data = super().clean()
        dets = data.get("determinants") or []
        stray = [c for c in data.get("categorical") or [] if c not in dets]
        if stray:
            self.add_error(
                "categorical", _("%(column)s is not among the determinants.") % {"column": stray[0]}
            )
        if data.get("outcome") and data["outcome"] in dets:
            self.add_error("determinants", _("The outcome cannot also be a determinant."))
        self._check_numbers(data, dets)
        if (where := (data.get("where") or "").strip()) and (error := self._filter_error(where)):
            self.add_error("where", error)
        cuts = [data.pop(k, None) for k in ("threshold_low", "threshold_high")]
        data["thresholds"] = [float(c) / 100 for c in cuts if c is not None]
        if reason := rules.thresholds_refusal(data.get("method") or "", data["thresholds"]):
            field = "threshold_low" if reason.code != "run.unknown_method" else "method"
            self.add_error(field, refusal_text(reason))
        return data

    def _filter_error(self, where: str) -> str:
        """Why DuckDB cannot run ``where`` on a file's columns (an empty table with the
        columns and types of the file's profile), or "": a typo is refused on the form, in
        the reader's language, not by a failed run quoting the command line's --where."""
        import duckdb

        for f in self._files:
            if not f.columns:
                continue
            query = f"SELECT * FROM t WHERE ({where})"  # noqa: S608 - checked, never run on data
            try:
                with duckdb.connect() as con:
                    try:
                        con.execute(f"CREATE TABLE t ({_columns_sql(f, typed=True)})")
                    except duckdb.Error:  # a type DuckDB cannot declare: check the names only
                        con.execute(f"CREATE TABLE t ({_columns_sql(f, typed=False)})")
                    if len(duckdb.extract_statements(query)) != 1:
                        raise duckdb.ParserException("one condition, without ';'")
                    con.execute(query + " LIMIT 0").fetchall()
            except duckdb.Error as exc:
                detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                return _("The filter is not a condition DuckDB can run on %(file)s: %(error)s") % {
                    "file": f.name,
                    "error": detail,
                }
        return ""

    def _check_numbers(self, data: dict, dets: list[str]) -> None:
        """A column the model reads as a number that a file holds as text (a weight with
        "n/a" in a row, say) is refused here, naming the column and the file, rather than
        failing the run later with the library's English message."""
        survey, census = self._files
        text = {
            f: {c["name"] for c in f.columns if not c.get("numeric", True)} for f in self._files
        }
        weight, outcome = data.get("weight"), data.get("outcome")
        if weight and weight in text[survey]:
            self.add_error(
                "weight",
                _(
                    "%(column)s holds text in %(file)s, not numbers: a weight must be a number "
                    "in every record. Check the file or choose another column."
                )
                % {"column": weight, "file": survey.name},
            )
        if outcome and outcome in text[survey]:
            self.add_error(
                "outcome",
                _("%(column)s holds text in %(file)s: the outcome must be 0 or 1.")
                % {"column": outcome, "file": survey.name},
            )
        categorical = set(data.get("categorical") or [])
        for column in dets:
            if column in categorical:
                continue
            for f in self._files:
                if column in text[f]:
                    self.add_error(
                        "determinants",
                        _(
                            "%(column)s holds text in %(file)s: tick it among the categorical "
                            "determinants, or check the file."
                        )
                        % {"column": column, "file": f.name},
                    )
                    return


def _columns_sql(dataset: Dataset, *, typed: bool) -> str:
    from alliance87.riskmodel.io import quote_identifier

    return ", ".join(
        f"{quote_identifier(c['name'])} {(c.get('type') or 'VARCHAR') if typed else 'VARCHAR'}"
        for c in dataset.columns
    )


class GrantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))


class UploadForm(forms.Form):
    """The upload page's choices; the file itself goes by tus (static/risk/upload.js)."""

    country = forms.ModelChoiceField(
        queryset=Country.objects.none(), label=_("Country"), to_field_name="iso3"
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = countries
        only = list(countries[:2])
        if len(only) == 1:  # a focal point's own country: chosen already, no empty choice
            self.fields["country"].initial = only[0].iso3
            self.fields["country"].empty_label = None
