from django.urls import path

from . import views, views_files, views_frameworks, views_network, views_pages, views_plans

app_name = "results"

urlpatterns = [
    path("", views.framework_list, name="list"),
    path("network/", views_network.network, name="network"),
    path("network/roadmap/", views_plans.roadmap, name="roadmap"),
    path("plan/activities/<int:pk>/edit/", views_plans.activity_edit, name="activity_edit"),
    path("plan/resources/<int:pk>/edit/", views_plans.resource_edit, name="resource_edit"),
    path(
        "pathfinders/<str:iso3>/",
        views_frameworks.pathfinder_framework,
        name="pathfinder_framework",
    ),
    path("<slug:code>/indicators/add/", views_frameworks.indicator_define, name="indicator_define"),
    path("<slug:code>/", views.framework_detail, name="framework"),
    path("<slug:code>/indicators/<str:indicator>/", views.indicator_detail, name="indicator"),
    path("<slug:code>/indicators/<str:indicator>/enter/", views.value_enter, name="enter"),
    path("<slug:code>/indicators/<str:indicator>/data.csv", views.indicator_csv, name="csv"),
    path("<slug:code>/indicators/<str:indicator>/import/", views.indicator_import, name="import"),
    path("<slug:code>/plan/", views_plans.plan, name="plan"),
    path("<slug:code>/plan/<str:which>/add/", views_plans.plan_add, name="plan_add"),
    path("<slug:code>/status/", views_pages.reporting_status, name="status"),
    path("<slug:code>/completeness/", views_pages.completeness, name="completeness"),
    path("<slug:code>/results/<str:number>/", views_pages.result_detail, name="result"),
    path("<slug:code>/countries/<str:iso3>/", views.country_detail, name="country"),
    path("<slug:code>/countries/<str:iso3>/due/", views_pages.due, name="due"),
    path(
        "<slug:code>/countries/<str:iso3>/template.xlsx",
        views_files.country_template,
        name="template",
    ),
    path("<slug:code>/data.zip", views_files.framework_zip, name="zip"),
    path("<slug:code>/data.sdmx.csv", views_files.framework_sdmx, name="sdmx"),
    path("<slug:code>/import-xlsx/", views_files.workbook_import, name="import_xlsx"),
    path(
        "<slug:code>/indicators/<str:indicator>/data.xlsx",
        views_files.indicator_xlsx,
        name="xlsx",
    ),
    path("values/<int:pk>/edit/", views.value_edit, name="edit"),
    path("values/<int:pk>/submit/", views.value_submit, name="submit"),
    path("values/<int:pk>/publish/", views.value_publish, name="publish"),
    path("values/<int:pk>/return/", views.value_return, name="return"),
    path("values/<int:pk>/reopen/", views.value_reopen, name="reopen"),
]
