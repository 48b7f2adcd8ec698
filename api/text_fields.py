"""Free-text fields of the API, each checked by loans.validators: no control
characters and no bidirectional overrides; newline and tab only where text
may run over several lines."""

from typing import Any

from django.db import models
from rest_framework import serializers

from api.fields import KnownFieldsOnly
from loans.validators import plain_line, plain_text


class StrictCharField(serializers.CharField):
    """Text that must arrive as a JSON string: DRF's CharField would turn the number
    0 into "0", which the schema (type string) does not allow."""

    default_error_messages = {"not_a_string": "Give this as a string (text in quotes)."}

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("not_a_string")
        return str(super().to_internal_value(data))


class LineField(StrictCharField):
    """One line of text: a name, a reference, an address line."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(plain_line)


class TextField(StrictCharField):
    """Text of one or more lines: a memo, a description, a reason."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators.append(plain_text)


class PlainTextModelSerializer(KnownFieldsOnly, serializers.ModelSerializer[Any]):
    """A ModelSerializer whose text columns get these fields: CharField one
    line, TextField several (choices, e-mail addresses keep their own fields).
    A column with a default gets it as the field's default, so a body that omits
    an optional field means what the schema says it means."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: LineField,
        models.TextField: TextField,
    }

    def build_standard_field(self, field_name: str, model_field: Any) -> tuple[Any, Any]:
        field_class, kwargs = super().build_standard_field(field_name, model_field)
        if kwargs.get("required") is False and model_field.has_default():
            default = model_field.default
            if not callable(default):
                kwargs.pop("required")
                kwargs["default"] = default
        return field_class, kwargs
