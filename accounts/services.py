"""Writes of the accounts app: API tokens (DRF authtoken), one per user."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from loans.audit import log_write

# Token writes are logged without an id: a token's primary key is its secret key.


def token_expires(token: Token) -> datetime:
    """When the token stops working: NOTEKEEPER_TOKEN_DAYS after it was issued (ASVS
    3.5.2: no API secret works for ever)."""
    return token.created + timedelta(days=settings.NOTEKEEPER_TOKEN_DAYS)


def token_expired(token: Token) -> bool:
    return timezone.now() >= token_expires(token)


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's token, created on first use (POST /api/auth/token/) and again once
    the old one has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_expired(token):
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    log_write(who=user, what="token_issue", note=None, id=None)
    return token


@transaction.atomic
def token_replace(*, user: User) -> Token:
    """A fresh token; the old key stops working at once."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    log_write(who=user, what="token_replace", note=None, id=None)
    return token


@transaction.atomic
def token_revoke(*, user: User) -> bool:
    """Delete the user's token; True when there was one."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    if deleted:
        log_write(who=user, what="token_revoke", note=None, id=None)
    return deleted > 0
