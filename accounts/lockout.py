"""What a locked-out login attempt gets back (django-axes' AXES_LOCKOUT_CALLABLE).

The browser gets a page, API clients JSON in the API's error shape; both 429
with Retry-After, so that a client can tell a lockout from a bad password.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

LOCKED_OUT = "Too many failed login attempts. Try again in an hour."


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME * 3600)


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": LOCKED_OUT, "errors": {}}, status=429)
    else:
        context = {"message": LOCKED_OUT}
        response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(cool_off_seconds())
    return response


def client_ip(request: HttpRequest) -> str | None:
    """The address login failures are counted against (AXES_CLIENT_IP_CALLABLE).

    X-Forwarded-For is trusted only behind NOTEKEEPER_TRUSTED_PROXIES proxies,
    and read from the right: each proxy appends the address it saw, so the
    entries to the left of the last N are whatever the client chose to send."""
    proxies = settings.NOTEKEEPER_TRUSTED_PROXIES
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
