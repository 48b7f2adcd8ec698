"""Writes of the accounts app: API tokens (DRF authtoken), one per user."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from rest_framework.authtoken.models import Token


@transaction.atomic
def token_issue(*, user: AbstractBaseUser) -> Token:
    """The user's token, created on first use (POST /api/auth/token/)."""
    token, _created = Token.objects.get_or_create(user=user)
    return token


@transaction.atomic
def token_replace(*, user: AbstractBaseUser) -> Token:
    """A fresh token; the old key stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


@transaction.atomic
def token_revoke(*, user: AbstractBaseUser) -> bool:
    """Delete the user's token; True when there was one."""
    deleted, _by_model = Token.objects.filter(user=user).delete()
    return deleted > 0
