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
    path(
        "applications/<int:pk>/request-info/",
        views.application_request_info,
        name="application_request_info",
    ),
    path("applications/<int:pk>/approve/", views.application_approve, name="application_approve"),
    path("applications/<int:pk>/reject/", views.application_reject, name="application_reject"),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/activate/", views.partner_activate, name="partner_activate"),
    path("<slug:slug>/suspend/", views.partner_suspend, name="partner_suspend"),
    path("<slug:slug>/withdraw/", views.partner_withdraw, name="partner_withdraw"),
    path("<slug:slug>/people/", views.people, name="people"),
    path("<slug:slug>/people/add/", views.person_add, name="person_add"),
    path("<slug:slug>/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<slug:slug>/people/<int:pk>/access/", views.person_access, name="person_access"),
    path(
        "<slug:slug>/people/<int:pk>/remove-access/",
        views.person_remove_access,
        name="person_remove_access",
    ),
    path("<slug:slug>/people/<int:pk>/remove/", views.person_remove, name="person_remove"),
]
