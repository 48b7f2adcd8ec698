"""Token authentication with failed attempts throttled per client address, and
tokens that expire NOTEKEEPER_TOKEN_DAYS after they were issued.

A token is 40 hex digits, too many to guess, but nothing should let a client
try them without limit. After NOTEKEEPER_BAD_TOKEN_LIMIT failures (default
10: an unknown key, a malformed header, an inactive user's key) from one
address within BAD_TOKEN_WINDOW seconds, every token request from that
address answers 429 with Retry-After until the window ends, a right key
included: otherwise the 429s would tell a guesser when it had found one.
The address is the one login lockouts count (accounts.lockout.client_ip).
Counts live in Django's cache: per process with the default local-memory
cache, so set CACHES to a shared cache (database or Redis) when several
processes serve the API.
"""

from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.request import Request

from accounts.lockout import client_ip
from accounts.services import token_expired
from loans.composed import composed

BAD_TOKEN_WINDOW = 600  # seconds, from the first failure


def failures_key(address: str | None) -> str:
    return f"notekeeper:bad-token:{address}"


def failures_from(address: str | None) -> int:
    return int(cache.get(failures_key(address), 0))


def failure_record(address: str | None) -> None:
    key = failures_key(address)
    cache.add(key, 0, timeout=BAD_TOKEN_WINDOW)  # starts the window once
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=BAD_TOKEN_WINDOW)


@composed
def _token_with_user(key: str) -> QuerySet[Token]:
    return Token.objects.select_related("user").filter(key=key)


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request: Request) -> Any:
        address = client_ip(request._request)
        limit = settings.NOTEKEEPER_BAD_TOKEN_LIMIT
        if failures_from(address) >= limit and self.offers_token(request):
            raise Throttled(wait=BAD_TOKEN_WINDOW, detail="Too many bad tokens from this address.")
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            failure_record(address)
            raise

    def authenticate_credentials(self, key: str) -> Any:
        """DRF's check (the token exists, its user is active), with the token read by SQL
        composed once (every API call asks), then the token's age."""
        token = _token_with_user.first(key)
        if token is None:
            raise AuthenticationFailed(_("Invalid token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("User inactive or deleted."))
        if token_expired(token):
            raise AuthenticationFailed(
                "The token has expired: obtain a new one (POST /api/auth/token/)."
            )
        return token.user, token

    def offers_token(self, request: Request) -> bool:
        """Does the request carry `Authorization: Token ...` (a good key or not)?"""
        header = request._request.META.get("HTTP_AUTHORIZATION", "")
        return header.split(" ", 1)[0].lower() == self.keyword.lower()
