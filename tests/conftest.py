"""Shared fixtures and markers for the whole suite.

- `@pytest.mark.postgres`: the test needs PostgreSQL; on any other database it
  is skipped with that reason (CI runs the suite on both).
- `make_party`: a small factory of saved parties.
- `seed_note`: the seed note of DESIGN / issue 2, boarded by `loans.seed`.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from loans.models import Note, Party


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL (DATABASE_URL); this run uses {connection.vendor}"
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """MD5 hashing in tests only: users are created often and PBKDF2 is slow by design."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Each test starts with an empty cache: counts kept there (failed tokens
    per address, api/authentication.py) must not leak from one test to another."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def make_party(db: None) -> Callable[..., Party]:
    """make_party(name, kind="organization", **fields) -> a saved Party."""

    def make(name: str, kind: str = Party.Kind.ORGANIZATION, **fields: Any) -> Party:
        return Party.objects.create(name=name, kind=kind, **fields)

    return make


@pytest.fixture
def seed_note(db: None) -> Note:
    from loans.seed import seed_note_board

    return seed_note_board()
