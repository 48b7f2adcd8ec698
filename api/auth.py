"""API authentication: `POST /api/auth/token/` (username, password -> token) and
`DELETE /api/auth/token/` (revoke the caller's token).

Passwords go through django.contrib.auth.authenticate with the plain Django
request, so django-axes counts failures and locks out exactly as on the login
form (its middleware answers 429, see accounts/lockout.py).
"""

from typing import Any

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import signed_in
from accounts.services import token_issue, token_revoke
from api.fields import KnownFieldsOnly, Serializer

BAD_CREDENTIALS = "Unable to log in with the username and password given."


class TokenRequestSerializer(KnownFieldsOnly, Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class AuthTokenView(APIView):
    error_statuses = {"POST": ["429"]}  # locked out after failed sign-ins (api/schema.py)

    def obtaining(self) -> bool:
        # request is None while drf-spectacular builds the schema.
        request = getattr(self, "request", None)
        return request is not None and request.method == "POST"

    def get_authenticators(self) -> list[Any]:
        # Obtaining a token authenticates by password alone: an ambient
        # session must not turn it into a CSRF-checked request.
        return [] if self.obtaining() else super().get_authenticators()

    def get_permissions(self) -> list[Any]:
        return [AllowAny()] if self.obtaining() else [IsAuthenticated()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("AuthToken", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        """Exchange a username and password for the user's API token; send it back as
        `Authorization: Token <key>` (the prefix is `Token`, not `Bearer`)."""
        form = TokenRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = authenticate(request._request, **form.validated_data)
        if user is None:
            raise ValidationError({"non_field_errors": [BAD_CREDENTIALS]})
        return Response({"token": token_issue(user=user).key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        """Revoke the caller's token: the next request with it answers 401."""
        if not signed_in(request.user):  # IsAuthenticated let only signed-in users here
            raise NotAuthenticated()
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
