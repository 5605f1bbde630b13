from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("propose/", views.propose, name="propose"),
    path("<slug:slug>/", views.group_detail, name="detail"),
    path("<slug:slug>/members/add/", views.member_add, name="member_add"),
    path(
        "<slug:slug>/members/<int:membership_id>/leave/",
        views.member_leave,
        name="member_leave",
    ),
    path("<slug:slug>/objectives/add/", views.objective_add, name="objective_add"),
    path("<slug:slug>/tasks/add/", views.task_add, name="task_add"),
    path("<slug:slug>/tasks/<int:task_id>/status/", views.task_status, name="task_status"),
    path("<slug:slug>/notes/add/", views.note_add, name="note_add"),
    path("<slug:slug>/meetings/add/", views.meeting_add, name="meeting_add"),
    path("<slug:slug>/needs/add/", views.need_add, name="need_add"),
    path("<slug:slug>/needs/<int:need_id>/report/", views.report_need, name="report_need"),
    path("<slug:slug>/close/", views.close, name="close"),
]
