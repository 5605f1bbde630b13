"""Pages of the risk app: datasets, uploads, runs and their results. Thin: parse, call a
service or a selector, render. The tus protocol's endpoints are in :mod:`.tus`."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alliance87.core.exceptions import NotFound
from alliance87.core.forms import SERVICE_ERRORS, show_message, submit
from alliance87.core.htmx import render_page
from alliance87.core.models import Country
from alliance87.core.permissions import can
from alliance87.core.words import colon

from . import selectors, services
from .forms import DatasetsForm, GrantForm, RunForm, UploadForm
from .maps import territory_map_svg
from .models import Audience
from .present import comparison, error_text, factors_of, level_label

PER_PAGE = 50
SORT_CHOICES = [
    ("rank", gettext_lazy("Rank")),
    ("risk", gettext_lazy("Highest risk first")),
    ("-risk", gettext_lazy("Lowest risk first")),
    ("expected", gettext_lazy("Most children expected in child labour")),
    ("name", gettext_lazy("Name")),
    ("code", gettext_lazy("Code")),
    ("level", gettext_lazy("Level")),
]
#: tus-js-client sends the file in chunks of this size (each one PATCH request).
CHUNK_BYTES = 8 * 1024 * 1024


@require_GET
def index(request):
    """The runs a visitor may see (published ones for the public) and, for the country's
    people, its datasets."""
    datasets = list(selectors.dataset_list(request.user)[:100])
    runs = list(selectors.run_list(request.user)[:100])
    countries = selectors.countries_of(request.user)
    return render(
        request,
        "risk/index.html",
        {"datasets": datasets, "runs": runs, "may_upload": countries is None or bool(countries)},
    )


def _countries(user):
    ids = selectors.countries_of(user)
    qs = Country.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


@require_http_methods(["GET", "POST"])
@login_required
def upload_page(request):
    """The upload page (tus, static/risk/upload.js); with JavaScript off its form posts the
    whole file here in one request, up to ``services.plain_upload_limit``."""
    countries = _countries(request.user)
    if not countries.exists():
        raise NotFound()
    plain_limit = services.plain_upload_limit()
    form = UploadForm(
        countries=countries,
        initial={"country": countries.first()} if countries.count() == 1 else None,
    )
    if request.method == "POST":
        if int(request.META.get("CONTENT_LENGTH") or 0) > plain_limit + 64 * 1024:
            form.add_error(None, _too_large(plain_limit))  # refused before reading the body
        else:
            form = UploadForm(request.POST, request.FILES, countries=countries)
            done = submit(
                form,
                lambda c: services.upload_whole(
                    actor=request.user,
                    country_id=c["country"].pk,
                    kind=c["kind"],
                    file=c["file"],
                ),
            )
            if done:
                messages.success(request, _("The file is uploaded and checked."))
                return redirect("risk:dataset", dataset_id=done.value.pk)
    return render(
        request,
        "risk/upload.html",
        {
            "form": form,
            "endpoint": reverse("risk:uploads"),
            "limit": services.upload_limit(),
            "plain_limit": plain_limit,
            "chunk": CHUNK_BYTES,
        },
        status=400 if request.method == "POST" else 200,
    )


def _too_large(limit: int) -> str:
    from django.template.defaultfilters import filesizeformat

    return _("The file is larger than the limit of %(limit)s.") % {"limit": filesizeformat(limit)}


@require_GET
@login_required
def upload_done(request, upload_id):
    upload = services.upload_get(actor=request.user, upload_id=upload_id)
    if not upload.dataset_id:
        raise NotFound()
    messages.success(request, _("The file is uploaded and checked."))
    return redirect("risk:dataset", dataset_id=upload.dataset_id)


@require_GET
@login_required
def dataset_detail(request, dataset_id: int):
    dataset = selectors.dataset_get(request.user, dataset_id)
    return render(
        request,
        "risk/dataset.html",
        {
            "dataset": dataset,
            "columns": dataset.columns,
            "preview": dataset.profile.get("preview", []),
        },
    )


@require_GET
@login_required
def dataset_download(request, dataset_id: int):
    from alliance87.core.files import download

    dataset = selectors.dataset_get(request.user, dataset_id)
    return download(dataset.file, filename=dataset.name)


def _datasets_form(request):
    """Bound once both the survey and the census are chosen; before that the choices made so
    far (a link from a dataset's page) are its initial values."""
    datasets = selectors.dataset_list(request.user)
    if request.GET.get("survey") and request.GET.get("census"):
        return DatasetsForm(request.GET, datasets=datasets)
    return DatasetsForm(initial=request.GET.dict(), datasets=datasets)


@require_http_methods(["GET", "POST"])
@login_required
def run_new(request):
    """Step one chooses the files (GET); step two, the specification from their columns."""
    choose = _datasets_form(request)
    if not choose.is_valid():
        return render(
            request, "risk/run_new.html", {"choose": choose}, status=400 if choose.is_bound else 200
        )
    survey, census, boundaries = (
        choose.cleaned_data[k] for k in ("survey", "census", "boundaries")
    )
    spark = bool(getattr(settings, "RISK_SPARK_MASTER", ""))
    form = RunForm(
        request.POST or None,
        survey=survey,
        census=census,
        spark=spark,
        initial={"title": f"{survey.country.name} — {survey.name}"},
    )
    if request.method == "POST":
        done = submit(
            form,
            lambda c: services.run_create(
                actor=request.user,
                country_id=survey.country_id,
                survey=survey,
                census=census,
                boundaries=boundaries,
                **c,
            ),
        )
        if done:
            messages.success(request, _("The run is queued."))
            return redirect("risk:run", run_id=done.value.pk)
    return render(
        request,
        "risk/run_new.html",
        {"choose": choose, "form": form, "survey": survey, "census": census},
        status=400 if request.method == "POST" else 200,
    )


def _run_context(request, run):
    return {
        "run": run,
        "may_use": can(request.user, "risk.use_data", run.country_id),
        "may_manage": can(request.user, "risk.manage_access", run.country_id),
        "audiences": Audience.choices,
        "error": error_text(run, get_language() or "en") if run.status == "failed" else "",
        "audience_partners": _audience_partners(run),
    }


def _audience_partners(run) -> list[str] | None:
    """The names of the country's organisations a shared run reaches (its workers' or
    employers' organisations), or None when the audience is not made of them: the page says
    who that is, and says so when the country has none on the platform yet."""
    from alliance87.partners.models import Partner

    from . import rules

    if not run.published or run.audience not in rules.Audience.__members__.values():
        return None
    categories = rules.AUDIENCE_CATEGORIES.get(rules.Audience(run.audience), frozenset())
    if not categories:
        return None
    partners = Partner.objects.filter(
        status=Partner.Status.ACTIVE, category__in=categories, headquarters_id=run.country_id
    )
    return sorted(str(p) for p in partners)


@require_GET
def run_detail(request, run_id: int):
    run = selectors.run_get(request.user, run_id, full=True)
    context = _run_context(request, run)
    if request.headers.get("HX-Request") == "true" and request.GET.get("part") == "status":
        response = render(request, "risk/_status.html", context)
        if not run.active:
            response["HX-Refresh"] = "true"  # the results appear with the whole page
        return response
    if run.status == "done":
        q = request.GET.get("q", "").strip()
        sort = request.GET.get("sort", "rank")
        page = Paginator(selectors.territory_list(run, q=q, sort=sort), PER_PAGE).get_page(
            request.GET.get("page")
        )
        all_rows = list(selectors.territory_list(run)) if run.geometry else []
        entries = {
            t.code: (
                t.level,
                f"{t.name or t.code}{colon()} {level_label(t.level)} ({t.risk_index:.1%})",
                reverse("risk:territory", args=[run.pk, t.code]),
            )
            for t in all_rows
        }
        context.update(
            page=page,
            q=q,
            sort=sort,
            sorts=SORT_CHOICES,
            svg=territory_map_svg((run.geometry or {}).get("features", []), entries),
            coefficients=(run.model or {}).get("coefficients", []),
        )
    return render_page(request, "risk/run.html", context, fragment="results")


@require_POST
@login_required
def run_cancel(request, run_id: int):
    try:
        services.run_cancel(actor=request.user, run_id=run_id)
        messages.success(request, _("The run will stop at the end of its current step."))
    except SERVICE_ERRORS as exc:
        show_message(request, exc)
    return redirect("risk:run", run_id=run_id)


def _publish(request, run_id: int, publish: bool):
    try:
        services.run_publish(
            actor=request.user,
            run_id=run_id,
            publish=publish,
            audience=request.POST.get("audience", ""),
            expected_version=request.POST.get("version") or None,
        )
        messages.success(
            request, _("The results are published.") if publish else _("The results are withdrawn.")
        )
    except SERVICE_ERRORS as exc:
        show_message(request, exc)
    return redirect("risk:run", run_id=run_id)


@require_POST
@login_required
def run_publish(request, run_id: int):
    return _publish(request, run_id, True)


@require_POST
@login_required
def run_withdraw(request, run_id: int):
    return _publish(request, run_id, False)


@require_GET
def run_geojson(request, run_id: int):
    """The map's data: the boundaries with each territory's level, risk index and page."""
    run = selectors.run_get(request.user, run_id)
    rows = {t.code: t for t in selectors.territory_list(run)}
    features = []
    for f in (run.geometry or {}).get("features", []):
        t = rows.get(f["properties"]["territory"])
        if t is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {
                    "territory": t.code,
                    "name": t.name,
                    "level": t.level,
                    "level_label": level_label(t.level),
                    "risk_index": t.risk_index,
                    "rank": t.rank,
                    "url": reverse("risk:territory", args=[run.pk, t.code]),
                },
            }
        )
    return JsonResponse({"type": "FeatureCollection", "features": features})


@require_GET
def run_model_json(request, run_id: int):
    run = selectors.run_get(request.user, run_id)
    if not run.model:
        raise NotFound()
    response = HttpResponse(
        json.dumps(run.model, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="run-{run.pk}-model.json"'
    return response


@require_GET
def run_report(request, run_id: int):
    """The library's report: one self-contained HTML file, sent as a download (its inline
    styles would not pass the pages' Content-Security-Policy)."""
    from alliance87.core.files import download

    run = selectors.run_get(request.user, run_id, full=False)
    if not run.report:
        raise NotFound()
    return download(run.report, filename=f"run-{run.pk}-report.html")


@require_GET
def territory_detail(request, run_id: int, code: str, template: str = "risk/territory.html"):
    run = selectors.run_get(request.user, run_id, full=False)
    territory = selectors.territory_get(run, code)
    national = (run.summary or {}).get("national", {})
    return render(
        request,
        template,
        {
            "run": run,
            "territory": territory,
            "national": national,
            "count": run.territories.count(),
            "factors": factors_of(
                territory, get_language() or "en", getattr(run, "variable_labels", None)
            ),
            "level": level_label(territory.level),
        },
    )


@require_GET
def territory_pdf(request, run_id: int, code: str):
    """The territory's page as a PDF (WeasyPrint), in the reader's language."""
    from weasyprint import HTML

    response = territory_detail(request, run_id, code, template="risk/territory_pdf.html")
    pdf = HTML(string=response.content.decode("utf-8")).write_pdf()
    out = HttpResponse(pdf, content_type="application/pdf")
    out["Content-Disposition"] = f'attachment; filename="run-{run_id}-{code}.pdf"'
    return out


@require_GET
def compare(request):
    """Two runs side by side: coefficients, levels, and the territories that changed level."""
    try:
        a = selectors.run_get(request.user, int(request.GET.get("a", "")), full=False)
    except ValueError:
        raise NotFound() from None
    others = (
        selectors.run_list(request.user)
        .filter(status="done", country_id=a.country_id)
        .exclude(pk=a.pk)
    )
    try:
        b = selectors.run_get(request.user, int(request.GET.get("b", "")))
    except ValueError:
        return render(request, "risk/compare.html", {"a": a, "others": others})
    a = selectors.run_get(request.user, a.pk)
    return render(
        request, "risk/compare.html", {"a": a, "b": b, "others": others, **comparison(a, b)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def grants(request, iso3: str):
    country = Country.objects.filter(pk=iso3.upper()).first()
    if country is None or not can(request.user, "risk.manage_access", country.pk):
        raise NotFound()
    form = GrantForm(request.POST or None)
    if request.method == "POST" and submit(
        form,
        lambda c: services.grant_add(actor=request.user, country_id=country.pk, email=c["email"]),
    ):
        messages.success(request, _("Access granted."))
        return redirect("risk:grants", iso3=country.pk)
    return render(
        request,
        "risk/grants.html",
        {
            "country": country,
            "form": form,
            "grants": list(selectors.grants_of(country.pk)),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def grant_remove(request, iso3: str, grant_id: int):
    try:
        services.grant_remove(actor=request.user, grant_id=grant_id)
        messages.success(request, _("Access withdrawn."))
    except SERVICE_ERRORS as exc:
        show_message(request, exc)
    return redirect("risk:grants", iso3=iso3.upper())
