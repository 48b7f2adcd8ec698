"""The event log is append-only (DESIGN 2): a row, once written, is never updated or deleted.

Payments, reversals, charges, confirmations, notices of default and default events
inherit `AppendOnlyModel`. Django refuses, through the ORM:
- `save()` on a row that already exists (an update);
- `delete()` on an instance;
- `update()` and `delete()` on a queryset (the default manager's).

What this does NOT stop: raw SQL, `QuerySet._raw_delete`, and `on_delete=CASCADE`
collectors (which delete in bulk SQL). Hence every foreign key *from* an event row
uses PROTECT, and on PostgreSQL the migrations add a trigger that rejects UPDATE and
DELETE of these tables at the database (see `postgres_trigger_sql`), and one that
rejects TRUNCATE (`postgres_truncate_trigger_sql`). The triggers bind every role but
the owner, who may drop them: so in production the app connects as a role that does
not own the tables and may only SELECT and INSERT them (loans/database_role.py).
A mistake is corrected by a compensating event (a reversal), never by editing.
"""

from typing import Any

from django.apps import apps
from django.db import models


class AppendOnlyError(Exception):
    """An attempt to change or remove a row of the append-only event log."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs: object) -> int:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: no update.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(f"{self.model.__name__} rows are append-only: no delete.")


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError(
                f"{type(self).__name__} {self.pk} is posted: the event log is append-only; "
                "record a compensating event instead."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(
            f"{type(self).__name__} {self.pk} is posted: the event log is append-only."
        )


def note_has_events(note: models.Model) -> bool:
    """Has anything been recorded against the note (payments, charges, notices, events)?
    Then its terms are fixed: changing one would silently re-allocate what was paid.

    The event log (payments/) sits above this app, so it is not imported: every
    append-only model with a `note` is asked (reversals and confirmations hang off a
    payment, which is asked already). A new kind of event counts without a change here.
    """
    return any(model._default_manager.filter(note=note).exists() for model in _note_event_models())


def _note_event_models() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AppendOnlyModel)
        and any(field.name == "note" for field in model._meta.get_fields())
    ]


# PostgreSQL: refuse UPDATE and DELETE at the database, whatever the client.
# TRUNCATE does not fire row triggers: a statement trigger refuses it (below).
POSTGRES_FUNCTION_SQL = """
CREATE OR REPLACE FUNCTION notekeeper_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'notekeeper: % is append-only (% refused)', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def postgres_trigger_sql(table: str) -> str:
    return (
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}; "
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION notekeeper_append_only();"
    )


def install_postgres_triggers(schema_editor: object, tables: list[str]) -> None:
    """Run from a migration: the triggers exist on PostgreSQL only (SQLite's flush
    deletes rows with DELETE, which a trigger would break)."""
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_FUNCTION_SQL)
        for table in tables:
            cursor.execute(postgres_trigger_sql(table))


# TRUNCATE is refused too, also to the owner. The one exception is the test suite's
# flush between tests, which empties every table with TRUNCATE: in a test database
# (Django names them test_...) a transaction that sets notekeeper.erase_event_log to
# "on" may truncate (tests/conftest.py). Nowhere else does the setting do anything.
POSTGRES_TRUNCATE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION notekeeper_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF current_database() LIKE 'test\_%'
       AND current_setting('notekeeper.erase_event_log', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'notekeeper: % is append-only (TRUNCATE refused)', TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""


def postgres_truncate_trigger_sql(table: str) -> str:
    return (
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}; "
        f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION notekeeper_refuse_truncate();"
    )


def install_truncate_triggers(schema_editor: object, tables: list[str]) -> None:
    """Run from a migration: on PostgreSQL, `tables` refuse TRUNCATE."""
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(POSTGRES_TRUNCATE_FUNCTION_SQL)
        for table in tables:
            cursor.execute(postgres_truncate_trigger_sql(table))


def remove_truncate_triggers(schema_editor: object, tables: list[str]) -> None:
    """The reverse of `install_truncate_triggers` (migrating back)."""
    connection = schema_editor.connection  # type: ignore[attr-defined]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};")
