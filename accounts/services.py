"""Writes of the accounts app: API tokens (DRF authtoken), one per user."""

from django.contrib.auth.models import User
from django.db import transaction
from rest_framework.authtoken.models import Token

from loans.audit import log_write

# Token writes are logged without an id: a token's primary key is its secret key.


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """The user's token, created on first use (POST /api/auth/token/)."""
    token, created = Token.objects.get_or_create(user=user)
    if created:
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
