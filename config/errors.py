"""The server-error page (handler500): JSON in the API's error shape under /api/.

DRF renders the errors it knows (validation, permission, not found...);
anything else escapes to Django, which answers with this view. API clients
then get `{"detail": ..., "errors": {}}` like every other API error, not an
HTML page; the exception itself is logged by Django (`django.request`).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

SERVER_ERROR = "Something went wrong on our side; it has been logged."


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": SERVER_ERROR, "errors": {}}, status=500)
    return defaults.server_error(request)
