from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/add/<str:what>/", views.group_add, name="add"),
    path("<slug:slug>/tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path(
        "<slug:slug>/members/<int:membership_id>/leave/",
        views.member_leave,
        name="member_leave",
    ),
    path("<slug:slug>/close/", views.close, name="close"),
    path("<slug:slug>/needs/<int:need_id>/report/", views.report_need, name="report_need"),
]
