from django.urls import path

from . import views

app_name = "pathfinders"

urlpatterns = [
    path("", views.pathfinder_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reviews/", views.reviews, name="reviews"),
    path("new/", views.expression_new, name="expression_new"),
    path("history/import/", views.history_import, name="history_import"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("documents/<int:document_id>/save/", views.document_save, name="document_save"),
    path("documents/<int:document_id>/submit/", views.document_submit, name="document_submit"),
    path("documents/<int:document_id>/comment/", views.document_comment, name="document_comment"),
    path(
        "documents/<int:document_id>/finalise/", views.document_finalise, name="document_finalise"
    ),
    path("documents/<int:document_id>/reviewer/", views.document_assign, name="document_assign"),
    path("documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("events/<int:event_id>/file/", views.event_file, name="event_file"),
    path("<str:iso3>/", views.pathfinder_profile, name="profile"),
    path("<str:iso3>/workspace/", views.workspace, name="workspace"),
    path("<str:iso3>/workspace/event/", views.workspace_event, name="workspace_event"),
    path("<str:iso3>/workspace/report/", views.workspace_report, name="report_new"),
    path("<str:iso3>/workspace/roadmap/", views.workspace_roadmap, name="roadmap_new"),
    path("<str:iso3>/workspace/grant/", views.workspace_grant, name="grant"),
    path("<str:iso3>/workspace/publish/", views.workspace_publish, name="publish"),
]
