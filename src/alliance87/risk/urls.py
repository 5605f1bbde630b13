from django.urls import path

from . import downloads, tus, views, views_roadmap, views_support

app_name = "risk"

urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload_page, name="upload_page"),
    path("uploads/", tus.uploads, name="uploads"),
    path("uploads/<uuid:upload_id>/", tus.upload, name="upload"),
    path("uploads/<uuid:upload_id>/done/", views.upload_done, name="upload_done"),
    path("datasets/<int:dataset_id>/", views.dataset_detail, name="dataset"),
    path("datasets/<int:dataset_id>/file/", views.dataset_download, name="dataset_file"),
    path("runs/new/", views.run_new, name="run_new"),
    path("runs/compare/", views.compare, name="compare"),
    path("runs/<int:run_id>/", views.run_detail, name="run"),
    path("runs/<int:run_id>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<int:run_id>/publish/", views.run_publish, name="run_publish"),
    path("runs/<int:run_id>/withdraw/", views.run_withdraw, name="run_withdraw"),
    path("runs/<int:run_id>/map.geojson", views.run_geojson, name="run_geojson"),
    path("runs/<int:run_id>/model.json", views.run_model_json, name="run_model"),
    path("runs/<int:run_id>/report.html", views.run_report, name="run_report"),
    path("runs/<int:run_id>/territories.csv", downloads.run_csv, name="run_csv"),
    path("runs/<int:run_id>/territories.parquet", downloads.run_parquet, name="run_parquet"),
    path("runs/<int:run_id>/territories/<str:code>/", views.territory_detail, name="territory"),
    path(
        "runs/<int:run_id>/territories/<str:code>/pdf/",
        views.territory_pdf,
        name="territory_pdf",
    ),
    path("access/<str:iso3>/", views.grants, name="grants"),
    path("support/", views_support.support_list, name="support_list"),
    path("support/<int:support_id>/", views_support.support_detail, name="support"),
    path("support/<int:support_id>/step/", views_support.support_step, name="support_step"),
    path("support/<int:support_id>/letter/", views_support.support_letter, name="support_letter"),
    path("roadmap/<str:iso3>/", views_roadmap.roadmap_targets, name="roadmap"),
    path("access/<str:iso3>/<int:grant_id>/remove/", views.grant_remove, name="grant_remove"),
]
