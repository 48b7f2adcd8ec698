"""PostgreSQL's statement_timeout: the longest any one SQL statement may run.

Web requests must not hold a worker, a connection and locks for as long as a
client likes (one journal over 8,000 years did until gunicorn killed the
worker). PostgreSQL cancels a statement running longer than
`statement_timeout`; the request then answers 503 (config/middleware.py).

DB_STATEMENT_TIMEOUT sets it, in PostgreSQL's units ("5s", "500ms", "2min";
"0" for none). Its default is 5s, what gunicorn's processes (config.wsgi)
and the test suite get. `manage.py` defaults it to 0: migrations, the seed
and tasks run as management commands may run long; give one a bound with
`DB_STATEMENT_TIMEOUT=10min python manage.py ...`.
"""

import re
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured

WEB_STATEMENT_TIMEOUT = "5s"
TIMEOUT_FORMAT = re.compile(r"[0-9]+(ms|s|min|h)?")


def statement_timeout(value: str) -> str:
    """The setting's value, checked: it becomes part of a libpq startup option,
    so nothing but a number and a unit may reach it."""
    value = value.strip()
    if not TIMEOUT_FORMAT.fullmatch(value):
        raise ImproperlyConfigured(
            f"DB_STATEMENT_TIMEOUT={value!r}: give a number with a unit, e.g. 5s, 500ms, 0."
        )
    return value


def with_statement_timeout(database: Mapping[str, Any], timeout: str) -> dict[str, Any]:
    """`database` (one DATABASES entry) with PostgreSQL's statement_timeout set
    at connection time; other databases are returned unchanged."""
    if database.get("ENGINE") != "django.db.backends.postgresql":
        return dict(database)
    options = dict(database.get("OPTIONS", {}))
    options["options"] = f"{options.get('options', '')} -c statement_timeout={timeout}".strip()
    return {**database, "OPTIONS": options}


# --- prepared statements ------------------------------------------------------------

PREPARE_THRESHOLD = "5"
"""psycopg's own default: a statement that has run that many times on a connection is
prepared there on its next run."""


def prepare_threshold(value: str) -> int | None:
    """DB_PREPARE_THRESHOLD, checked: a count of runs, or "off"."""
    value = value.strip().lower()
    if value == "off":
        return None
    if not re.fullmatch(r"[0-9]+", value):
        raise ImproperlyConfigured(
            f"DB_PREPARE_THRESHOLD={value!r}: give a count of runs (e.g. 5), or off."
        )
    return int(value)


def with_prepared_statements(database: Mapping[str, Any], threshold: int | None) -> dict[str, Any]:
    """`database` (one DATABASES entry) with its parameters bound by PostgreSQL and a
    query that has run `threshold` times on a connection prepared there on its next run
    (psycopg's `prepare_threshold`; 0: on its first); other databases, and `threshold`
    None, unchanged (Django's default: parameters merged into the SQL text by psycopg,
    nothing prepared).

    A request runs the same few queries again and again, with other values. Prepared,
    a query is parsed once per connection, and after five runs PostgreSQL keeps one
    generic plan for it unless planning for the values at hand looks cheaper: on a
    persistent connection most runs are not planned at all (the note page's queries
    spent about 1.7 ms a read being planned, more than being executed). psycopg keeps
    at most 100 prepared statements a connection, the least used dropped first.

    Not behind a connection pooler in transaction mode (PgBouncer before 1.21, or without
    its `max_prepared_statements`): a prepared statement belongs to one server connection.
    Set DB_PREPARE_THRESHOLD=off there.
    """
    if database.get("ENGINE") != "django.db.backends.postgresql" or threshold is None:
        return dict(database)
    options = {**database.get("OPTIONS", {}), "server_side_binding": True}
    options["prepare_threshold"] = threshold
    return {**database, "OPTIONS": options}
