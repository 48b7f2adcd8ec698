"""Browser pages under /accounts/: Django's login, logout, password change and
reset views (names "login", "logout", "password_change", ...), and the token page."""

from django.urls import include, path

from accounts import views

urlpatterns = [
    # Before Django's own: a new password also revokes the user's API token.
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("", include("django.contrib.auth.urls")),
    path("token/", views.token_page, name="account-token"),
    path("token/revoke/", views.token_revoke_page, name="account-token-revoke"),
]
