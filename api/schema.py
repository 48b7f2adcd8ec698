"""The OpenAPI schema as integrators meet it (DESIGN 6, docs/api.md): every error an
operation can answer with, one description per operation, and enums whose members
have names a generated client can use."""

import inspect
import re
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from api.fields import Serializer
from statements.render import CONTENT_TYPES

ERRORS = {
    "400": "Invalid input: `errors` names each bad field (or `non_field_errors`).",
    "401": "Not signed in: send `Authorization: Token <key>` or a session cookie.",
    "403": "Signed in, but the role may not do this on this note (DESIGN 1).",
    "404": "No such object among those the user may see.",
    "406": "The Accept header names no format this operation answers in.",
    "409": "Conflicts with what is recorded (an idempotency key reused with another body, "
    "a payment already reversed).",
    "415": "The body is not JSON: send `Content-Type: application/json`.",
    "429": "Too many failed sign-ins (locked out for an hour), or too many bad tokens "
    "from this address (throttled for 10 minutes).",
}


BODY_METHODS = ("POST", "PUT", "PATCH")


class ErrorSerializer(Serializer):
    """Every error: {"detail": "...", "errors": {"field": ["message", ...]}}."""

    detail = serializers.CharField()
    # The error shape names a field like Serializer's own `errors` property; this
    # serializer only describes responses in the schema, it never validates.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


def file_response(file_format: str) -> dict[str, Any]:
    """A download's 200: its own media type, text for text files, bytes otherwise."""
    media_type = CONTENT_TYPES[file_format].split(";")[0]
    if media_type.startswith("text/"):
        schema = {"type": "string"}
    else:
        schema = {"type": "string", "format": "binary"}
    return {
        "description": f"The {file_format.upper()} file, named in Content-Disposition.",
        "content": {media_type: {"schema": schema}},
    }


class NotekeeperSchema(AutoSchema):
    """AutoSchema plus the error responses: 400, 401, 403, 404 and 429 everywhere (a
    list answers 404 for a page past its end; any token request 429 once its address
    sent too many bad ones), and what a view adds in `error_statuses`."""

    def _error_statuses(self) -> list[str]:
        extra = list(getattr(self.view, "error_statuses", {}).get(self.method, ()))
        if self.method in BODY_METHODS:
            extra.append("415")
        return sorted(dict.fromkeys(["400", "401", "403", "404", "429", *extra]))

    def get_description(self) -> str:  # type: ignore[override]
        """The view's `descriptions[method]`, else the handler's own docstring, else
        the view class's own: never one inherited from a base view."""
        described = getattr(self.view, "descriptions", {}).get(self.method)
        if described:
            return str(described)
        handler = getattr(type(self.view), self.method.lower(), None)
        written_here = handler is not None and not handler.__module__.startswith("rest_framework")
        if written_here and handler.__doc__:
            return str(inspect.cleandoc(handler.__doc__))
        own = type(self.view).__dict__.get("__doc__")
        return inspect.cleandoc(own) if own else ""

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        file_format = getattr(self.view, "file_format", "")
        if direction == "response" and file_format:
            responses: dict[str, Any] = {"200": file_response(file_format)}
        else:
            responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status in self._error_statuses():
            error = OpenApiResponse(ErrorSerializer, description=ERRORS[status])
            responses.setdefault(status, self._get_response_for_code(error, status))
        return responses


def enum_member_name(value: str) -> str:
    """A Python-identifier name for an enum value: "30/360" -> "D30_360",
    "ACT/365F" -> "ACT_365F", "year-end" -> "YEAR_END"."""
    name = re.sub(r"[^0-9A-Za-z]+", "_", value).strip("_").upper()
    return f"D{name}" if name[:1].isdigit() else name or "BLANK"


def name_enum_members(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: give every string enum component `x-enum-varnames`, so
    generated clients name members after their values rather than VALUE_0, VALUE_1."""
    for component in result.get("components", {}).get("schemas", {}).values():
        values = component.get("enum")
        if values and all(isinstance(v, str) for v in values):
            component["x-enum-varnames"] = [enum_member_name(v) for v in values]
    return result


NULL = {"type": "object", "nullable": True, "enum": [None]}
"""`null` itself, as strict OpenAPI 3.0.3 spells it (nullable applies only beside a type)."""


def strict_nullable(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: a nullable reference (`allOf: [$ref]` with `nullable`,
    which strict 3.0.3 ignores, there being no `type` beside it) becomes
    `oneOf: [$ref, null]`, so validators and generated clients agree a payment's
    `reversal` or `allocation` may be null."""
    for component in result.get("components", {}).get("schemas", {}).values():
        for prop in component.get("properties", {}).values():
            refs = prop.get("allOf")
            if prop.get("nullable") and refs and len(refs) == 1 and "type" not in prop:
                del prop["allOf"], prop["nullable"]
                prop["oneOf"] = [refs[0], NULL]
    return result


PARAMETER_ENUMS = {"kind": "StatementKindEnum"}
"""Names for enums that only parameters use (the path's statement kind)."""


def parameter_enums_by_reference(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Postprocessing hook: a parameter's enum refers to the component with the same
    values (note status, payment kind, journal book), so each is declared once and a
    generated client has one class for it, not one per operation."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    by_values = {
        frozenset(c["enum"]): name for name, c in schemas.items() if c.get("enum") is not None
    }
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                schema = parameter["schema"]
                holder = schema.get("items", schema) if schema.get("type") == "array" else schema
                values = holder.get("enum")
                if not values:
                    continue
                name = by_values.get(frozenset(values))
                if name is None:
                    name = PARAMETER_ENUMS.get(
                        parameter["name"], f"{parameter['name'].title()}Enum"
                    )
                    schemas[name] = {
                        "type": "string",
                        "enum": values,
                        "x-enum-varnames": [enum_member_name(v) for v in values],
                    }
                    by_values[frozenset(values)] = name
                ref = {"$ref": f"#/components/schemas/{name}"}
                if holder is schema:
                    parameter["schema"] = ref
                else:
                    schema["items"] = ref
    return result
