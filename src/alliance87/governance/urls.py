from django.urls import path

from . import views

app_name = "governance"

urlpatterns = [
    path("", views.seats, name="seats"),
    path("seats/assign/", views.assign_seat, name="assign"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("meetings/new/", views.create_meeting, name="meeting_new"),
    path("meetings/<int:meeting_id>/observers/", views.invite_observer, name="observer"),
    path("meetings/", views.meetings, name="meetings"),
    path("meetings.ics", views.meetings_feed, name="meetings_feed"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/attendance/", views.record_attendance, name="attendance"),
    path(
        "meetings/<int:meeting_id>/attendance/all/",
        views.record_attendance_sheet,
        name="attendance_sheet",
    ),
    path("meetings/<int:meeting_id>/decisions/", views.record_decision, name="decision"),
    path("meetings/<int:meeting_id>/agenda/", views.add_agenda_item, name="agenda_item"),
    path("meetings/<int:meeting_id>/action-points/", views.add_action_point, name="action_point"),
    path(
        "meetings/<int:meeting_id>/action-points/<int:action_point_id>/",
        views.set_action_point_status,
        name="action_point_status",
    ),
    path("meetings/<int:meeting_id>/minutes/", views.save_minutes, name="minutes"),
    path("meetings/<int:meeting_id>/minutes/circulate/", views.circulate_minutes, name="circulate"),
    path("meetings/<int:meeting_id>/minutes.pdf", views.minutes_pdf_view, name="minutes_pdf"),
    path(
        "meetings/<int:meeting_id>/observers/<int:observer_id>/presence/",
        views.observer_presence,
        name="observer_presence",
    ),
    path("members/<int:member_id>/forfeit/", views.confirm_forfeiture, name="forfeit"),
    path("members/<int:member_id>/leave/", views.member_leave, name="leave"),
]
