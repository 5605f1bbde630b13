from django.urls import path

from . import views

app_name = "pathfinders"

urlpatterns = [
    path("", views.pathfinder_list, name="list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("reviews/", views.reviews, name="reviews"),
    path("new/", views.expression_new, name="expression_new"),
    path("documents/<int:document_id>/", views.document, name="document"),
    path("documents/<int:document_id>/file/", views.document_file, name="document_file"),
    path("events/<int:event_id>/file/", views.event_file, name="event_file"),
    path("<str:iso3>/", views.pathfinder_profile, name="profile"),
    path("<str:iso3>/workspace/", views.workspace, name="workspace"),
]
