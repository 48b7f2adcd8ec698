"""Browser pages under /accounts/: Django's login, logout, password change and
reset views (names "login", "logout", "password_change", ...), and the token page.
A new password revokes the API token wherever it is set (accounts/signals.py)."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    path("", include("django.contrib.auth.urls")),
    path("token/", views.token_page, name="account-token"),
    path("token/revoke/", views.token_revoke_page, name="account-token-revoke"),
]
