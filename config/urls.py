"""Notekeeper's routes.

Every route must have a row in the authorization matrix
(tests/accounts/test_matrix.py): a new route without one fails the suite.
"""

from django.contrib import admin
from django.urls import include, path

from config.health import healthz

urlpatterns = [
    # For load balancers and monitors: 200 only when the database answers; no login.
    path("healthz", healthz, name="healthz"),
    # Login, logout, password change and reset, the API token page.
    path("accounts/", include("accounts.urls")),
    # The REST API of DESIGN 6: /api/auth/token/, /api/notes/..., /api/schema/, /api/docs/.
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
    # The pages of every role, home included (web/urls_pages.py, web/urls_actions.py).
    path("", include("web.urls")),
]

# Errors Django answers itself: JSON in the API's error shape under /api/, a page elsewhere.
handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"
