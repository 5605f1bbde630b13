from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("apply/", views.apply, name="apply"),
    path("apply/<str:token>/", views.application_reply, name="application_reply"),
    path("applications/", views.queue, name="queue"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/status/", views.change_status, name="change_status"),
]
