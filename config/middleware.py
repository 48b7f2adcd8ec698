"""Request guards around the views: bodies over the size limit, methods an API
view does not have, database statements cut off by PostgreSQL's
statement_timeout, and answers kept out of caches.

Answers under /api/ are JSON in the API's error shape (DESIGN 6:
`{"detail": ..., "errors": {}}`); pages get a short plain page.
"""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

QUERY_CANCELED = "57014"  # PostgreSQL SQLSTATE: canceled by statement_timeout (or by hand)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def error_response(request: HttpRequest, detail: str, status: int) -> HttpResponse:
    if is_api(request):
        return JsonResponse({"detail": detail, "errors": {}}, status=status)
    return HttpResponse(detail, status=status, content_type="text/plain; charset=utf-8")


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client declared it; Django reads no more than
    that (no or a malformed Content-Length reads as an empty body)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


class BodySizeLimit:
    """Refuse an API body over DATA_UPLOAD_MAX_MEMORY_SIZE with 413, before it is read.

    Django enforces that setting only when it parses a form (request.POST or
    request.body: a bare 400); DRF reads JSON straight from the stream, with no
    limit at all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if is_api(request) and limit is not None and declared_length(request) > limit:
            detail = f"The request body is larger than the {limit} bytes allowed."
            return error_response(request, detail, status=413)
        return self.get_response(request)


def is_statement_timeout(exc: BaseException) -> bool:
    cause = exc.__cause__
    return isinstance(exc, OperationalError) and (
        getattr(cause, "sqlstate", None) == QUERY_CANCELED
    )


class StatementTimeout:
    """A request whose query PostgreSQL cut off (statement_timeout, see
    config/database.py) answers 503 saying so, instead of a bare 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if not is_statement_timeout(exception):
            return None
        detail = (
            "The request took longer than the database allows a web request "
            f"({settings.DB_STATEMENT_TIMEOUT}) and was stopped. "
            "Narrow it (a shorter date range) or try again later."
        )
        return error_response(request, detail, status=503)


def allowed_methods(view_class: Any) -> list[str]:
    """The methods a class-based view answers, upper case."""
    offered = view_class.http_method_names
    names = [m for m in offered if hasattr(view_class, m)]
    if "get" in names and "head" in offered and "head" not in names:
        names.append("head")  # Django answers HEAD with the view's GET
    return [m.upper() for m in names]


class ApiMethodNotAllowed:
    """405 for a method an API view does not implement, whoever asks.

    DRF checks authentication and permissions before it looks for the
    method's handler, so without this a DELETE on a list answers 401 or 403
    (as if the caller lacked a right that nobody has) rather than 405."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        view_class = getattr(view_func, "cls", None)  # set by DRF's APIView.as_view()
        if view_class is None or not is_api(request):
            return None
        allowed = allowed_methods(view_class)
        if request.method in allowed:
            return None
        response = error_response(request, f'Method "{request.method}" not allowed.', status=405)
        response["Allow"] = ", ".join(allowed)
        return response


class NoStoreByDefault:
    """Answers carry balances, payments, tax ids and tokens: no proxy may keep them, and
    no browser may keep an API answer or a download (ASVS 8.2.1). An answer that says
    how to cache itself (static files, the favicon, Django's sign-in pages) keeps that.

    API answers get `no-store`. Pages get `private, no-cache`: a shared cache keeps
    nothing and the browser asks again before reusing a page, but its Back button still
    shows the page it left. With `no-store`, Back from a recorded payment's receipt
    showed Chromium's "Confirm form resubmission" error instead of the preview."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if is_api(request):
            add_never_cache_headers(response)
        else:
            patch_cache_control(response, private=True, no_cache=True)
        return response
