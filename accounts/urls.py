"""/accounts/: log-in, log-out and the user's own account area (accounts.views)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", views.account, name="account"),
    path("password/", views.PasswordChange.as_view(), name="password_change"),
    path("tokens/<str:token_key>/revoke/", views.token_revoke, name="token_revoke"),
]
