"""The PostgreSQL role the app connects as in production (DESIGN 5, Operations).

The owner of the tables (the role `migrate` runs as) can do anything to them,
disable or drop the append-only triggers included. The app, connected as the
owner, could therefore rewrite history. In production it connects as another
role, granted here, that:
- reads everything and writes the domain tables (boarding, the admin's edits,
  sessions, tokens, lockouts: SELECT, INSERT, UPDATE, DELETE);
- only reads and appends to the event log (every `AppendOnlyModel`'s table:
  SELECT and INSERT) and to the change history of the domain tables
  (simple_history: SELECT, INSERT, and UPDATE of `history_user_id` alone, which
  Django sets to NULL when a user is deleted);
- only reads `django_migrations`;
- may TRUNCATE nothing, owns nothing, and may not create objects in the schema,
  so it cannot run DDL: ALTER TABLE, DISABLE TRIGGER and DROP TRIGGER need the
  owner.

The grants are computed from the installed models, so a new event model or a new
table is covered by running `manage.py grant_app_role` again after `migrate`
(which creates tables the role has no privilege on until then).
"""

from django.apps import apps
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from simple_history.models import HistoricalChanges

from loans.append_only import AppendOnlyModel

MIGRATIONS_TABLE = "django_migrations"


class RoleError(Exception):
    """The role cannot be granted: not PostgreSQL, a bad name, or no such role."""


def event_tables() -> list[str]:
    """The tables of the append-only event log."""
    return sorted(
        model._meta.db_table for model in apps.get_models() if issubclass(model, AppendOnlyModel)
    )


def history_tables() -> list[str]:
    """The change history of the domain tables (simple_history)."""
    return sorted(
        model._meta.db_table for model in apps.get_models() if issubclass(model, HistoricalChanges)
    )


def app_role_sql(*, role: str, schema: str, connection: BaseDatabaseWrapper) -> list[str]:
    """The statements that give `role` exactly the app's privileges on `schema`.

    They start from nothing (REVOKE ALL), so running them again after a
    migration is safe and takes away whatever an earlier version granted."""
    quote = connection.ops.quote_name
    who, where = quote(role), quote(schema)
    append_only = ", ".join(quote(table) for table in event_tables() + history_tables())
    history = ", ".join(quote(table) for table in history_tables())
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA {where} FROM {who}",
        f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {where} FROM {who}",
        f"REVOKE CREATE ON SCHEMA {where} FROM {who}, PUBLIC",
        f"GRANT USAGE ON SCHEMA {where} TO {who}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {where} TO {who}",
        f"REVOKE UPDATE, DELETE ON {append_only} FROM {who}",
        f"REVOKE INSERT, UPDATE, DELETE ON {quote(MIGRATIONS_TABLE)} FROM {who}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {where} TO {who}",
    ]
    if history:
        statements.append(f"GRANT UPDATE (history_user_id) ON {history} TO {who}")
    return statements


def app_role_grant(*, role: str, using: str = "default") -> list[str]:
    """Grant `role` the app's privileges on the database `using` points at, as its
    owner; the role must exist (its password is the DBA's business, not ours).
    Returns the statements run."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise RoleError(f"Database roles are PostgreSQL's; {using!r} is {connection.vendor}.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper, current_schema() FROM pg_roles WHERE rolname = %s", [role])
        row = cursor.fetchone()
        if row is None:
            raise RoleError(
                f"No role {role!r}: create it first, e.g. `createuser --pwprompt {role}`."
            )
        superuser, schema = row
        if superuser:
            raise RoleError(f"{role!r} is a superuser: privileges cannot restrain it.")
        if _owns_anything(cursor, role):
            raise RoleError(f"{role!r} owns objects of this database: it would keep DDL on them.")
        statements = app_role_sql(role=role, schema=schema, connection=connection)
        for statement in statements:
            cursor.execute(statement)
    return statements


def _owns_anything(cursor: CursorWrapper, role: str) -> bool:
    cursor.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner "
        "WHERE r.rolname = %s) OR EXISTS (SELECT 1 FROM pg_database d JOIN pg_roles r "
        "ON r.oid = d.datdba WHERE r.rolname = %s AND d.datname = current_database())",
        [role, role],
    )
    row = cursor.fetchone()
    return bool(row and row[0])
