"""One error shape for the whole API (DESIGN 6): {"detail": ..., "errors": {field: [...]}}."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from loans.errors import Conflict


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with what is already recorded."
    default_code = "conflict"


def _field_errors(detail: Any) -> dict[str, list[str]]:
    """{field: [message, ...]} with plain strings only: an error inside a nested
    body is keyed by its path, e.g. "lenders.0.share"."""
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    errors: dict[str, list[str]] = {}
    _collect(detail, "", errors)
    return errors


def _collect(detail: Any, path: str, errors: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            _collect(value, f"{path}.{key}" if path else str(key), errors)
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, item in enumerate(detail):
            if item:  # DRF leaves {} for the items of a list that were valid
                _collect(item, f"{path}.{index}" if path else str(index), errors)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        errors.setdefault(path or "non_field_errors", []).extend(str(m) for m in messages)


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return exceptions.ValidationError(detail=detail)
    if isinstance(exc, Conflict):
        return ConflictError(detail=str(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):  # accounts.access: the role may not do this
        return exceptions.PermissionDenied(detail=str(exc) or None)
    return exc


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Render every API error as {"detail": str, "errors": {field: [messages]}}."""
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": "Invalid input.", "errors": _field_errors(exc.detail)}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        response.data = {"detail": str(detail), "errors": {}}
    return response


# Nothing is read or written here: no sign-in (API clients use tokens, which the
# login middleware cannot see) and no CSRF token are needed to be told "not found".
@csrf_exempt
@login_not_required
def api_not_found(request: Any, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any other path under /api/: a JSON 404 in the API's error shape, not an HTML page."""
    return JsonResponse({"detail": "No such API path.", "errors": {}}, status=404)
