"""Notekeeper's routes.

Every route must have a row in the authorization matrix
(tests/accounts/test_matrix.py): a new route without one fails the suite.
"""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # Login, logout, password change and reset, the API token page.
    path("accounts/", include("accounts.urls")),
    # API authentication: POST/DELETE /api/auth/token/.
    path("api/auth/", include("accounts.api_urls")),
    # The REST API of DESIGN 6: /api/notes/..., /api/schema/, /api/docs/.
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    # The pages of every role, home included (web/urls_pages.py, web/urls_actions.py).
    path("", include("web.urls")),
]
