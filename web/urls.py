"""The pages: what each role reads (`urls_pages`) and what each role does
through forms (`urls_actions`)."""

from django.urls import include, path

urlpatterns = [
    path("", include("web.urls_pages")),
    path("", include("web.urls_actions")),
]
