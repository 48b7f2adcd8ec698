"""The OpenAPI schema documents every error an operation can answer with (DESIGN 6)."""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

ERRORS = {
    "400": "Invalid input: `errors` names each bad field (or `non_field_errors`).",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Signed in, but the role may not do this on this note (DESIGN 1).",
    "404": "No such object among those the user may see.",
    "409": "Conflicts with what is recorded (an idempotency key reused with another body, "
    "a payment already reversed).",
    "429": "Too many failed sign-ins (locked out for an hour), or too many bad tokens "
    "from this address (throttled for 10 minutes).",
}


class ErrorSerializer(serializers.Serializer[Any]):
    """Every error: {"detail": "...", "errors": {"field": ["message", ...]}}."""

    detail = serializers.CharField()
    # The error shape names a field like Serializer's own `errors` property; this
    # serializer only describes responses in the schema, it never validates.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


class NotekeeperSchema(AutoSchema):
    """AutoSchema plus the error responses: 400, 401, 403, 404 and 429 everywhere (a
    list answers 404 for a page past its end; any token request 429 once its address
    sent too many bad ones), and what a view adds in `error_statuses`."""

    def _error_statuses(self) -> list[str]:
        extra = getattr(self.view, "error_statuses", {}).get(self.method, ())
        return list(dict.fromkeys(["400", "401", "403", "404", "429", *extra]))

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self._error_statuses():
            error = OpenApiResponse(ErrorSerializer, description=ERRORS[status])
            responses.setdefault(status, self._get_response_for_code(error, status))
        return responses
