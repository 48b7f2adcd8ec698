"""Pages that do: payment entry, lender and servicer actions, statements."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
