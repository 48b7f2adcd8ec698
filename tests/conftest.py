"""Shared fixtures and markers for the whole suite.

- `@pytest.mark.postgres`: the test needs PostgreSQL; on any other database it
  is skipped with that reason (CI runs the suite on both).
- `make_party`: a small factory of saved parties.
- `seed_note`: the seed note of DESIGN / issue 2, boarded by `loans.seed`.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.backends.signals import connection_created

from loans.models import Note, Party


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if connection.vendor == "postgresql":
        return
    reason = f"needs PostgreSQL (DATABASE_URL); this run uses {connection.vendor}"
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


APP_ROLE = os.environ.get("NOTEKEEPER_TEST_APP_ROLE", "")
"""On PostgreSQL, run every test connected as this role, granted by grant_app_role
(docs/operations.md): proves the app needs no privilege the role lacks. The database
is still created and migrated, and flushed between tests, as the owner."""


def pytest_configure(config: pytest.Config) -> None:
    if connection.vendor == "postgresql":
        _let_flush_erase_the_event_log()


def _let_flush_erase_the_event_log() -> None:
    """Tests that commit (transactional_db) are cleaned up by Django's flush, which
    TRUNCATEs every table; the event log refuses TRUNCATE except in a test database's
    transaction that sets notekeeper.erase_event_log (loans/append_only.py). In the
    app-role mode the flush is the owner's (the app role may truncate nothing)."""
    operations = type(connection.ops)
    execute_sql_flush = operations.execute_sql_flush
    as_owner = ["SET LOCAL ROLE NONE"] if APP_ROLE else []

    def flush(self: Any, sql_list: Iterable[str]) -> None:
        erase = "SET LOCAL notekeeper.erase_event_log = 'on'"
        execute_sql_flush(self, [*as_owner, erase, *sql_list])

    operations.execute_sql_flush = flush  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    if not APP_ROLE or connection.vendor != "postgresql":
        yield
        return
    from loans.database_role import app_role_grant

    with django_db_blocker.unblock():
        app_role_grant(role=APP_ROLE)
        connection_created.connect(_connect_as_app_role)
        connection.close()
    yield
    connection_created.disconnect(_connect_as_app_role)  # the owner drops the database
    connection.close()


def _connect_as_app_role(sender: Any, connection: Any, **kwargs: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {connection.ops.quote_name(APP_ROLE)}")


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
