"""Pages that show: role home pages, the note page, the watchlist."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
