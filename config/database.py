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
