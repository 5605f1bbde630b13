from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/set-password/<uidb64>/<token>/",
        views.SetPasswordView.as_view(),
        name="set_password",
    ),
    path("accounts/password-reset/", views.password_reset, name="password_reset"),
    path("audit/", views.audit_log, name="audit_log"),
    path("accounts/people/", views.people, name="people"),
    path("accounts/people/invite/", views.invite, name="invite"),
    path("accounts/people/<int:user_id>/", views.person, name="person"),
    path("accounts/people/<int:user_id>/roles/", views.role_add, name="role_add"),
    path("accounts/roles/<int:assignment_id>/change/", views.role_change, name="role_change"),
    path("accounts/roles/<int:assignment_id>/revoke/", views.role_revoke, name="role_revoke"),
]
