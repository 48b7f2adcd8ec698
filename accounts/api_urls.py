"""`/api/auth/...`: token authentication for API clients."""

from django.urls import path

from accounts.api import AuthTokenView

urlpatterns = [
    path("token/", AuthTokenView.as_view(), name="api-auth-token"),
]
