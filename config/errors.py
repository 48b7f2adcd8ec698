"""Django's error views (handler400, handler500): JSON in the API's error shape under /api/.

DRF renders the errors it knows (validation, permission, not found...);
anything else escapes to Django, which answers with these views: an
unhandled exception (500), or a request Django itself refuses before any
view runs, such as a Host header not in ALLOWED_HOSTS (400). API clients
then get `{"detail": ..., "errors": {}}` like every other API error, not an
HTML page; Django logs the cause (`django.request`, `django.security`).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from config.middleware import is_api

SERVER_ERROR = "Something went wrong on our side; it has been logged."
BAD_REQUEST = "The request is malformed or not allowed here."


def bad_request(request: HttpRequest, exception: Any) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": BAD_REQUEST, "errors": {}}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": SERVER_ERROR, "errors": {}}, status=500)
    return defaults.server_error(request)
