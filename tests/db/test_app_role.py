"""History cannot be rewritten at the database (DESIGN 5, Operations; docs/operations.md).

Connected as the app's role (granted by `manage.py grant_app_role`), every statement
that would rewrite or erase the event log is refused by PostgreSQL's privileges (SQLSTATE
42501, before any trigger is asked); posting through the services still works; and the
owner's TRUNCATE is refused by the trigger."""

import io
import secrets
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from psycopg import errors, sql

from loans.database_role import event_tables, history_tables
from payments.models import Payment, ReplayCheckpoint
from payments.services import payment_record
from tests.payments.factories import make_note, make_user

pytestmark = pytest.mark.postgres

ROLE = "nk_dbh_app"
EVENT_TABLES = [  # the event log, as DESIGN 2 lists it, plus the issued statements
    "loans_defaultnotice",  # notices of default (payments.DefaultNotice)
    "loans_noteevent",  # default events (payments.NoteEvent)
    "payments_charge",
    "payments_payment",
    "payments_paymentconfirmation",
    "payments_paymentreversal",
    "payments_sharetransfer",
    "statements_issuedstatement",
]
REWRITES = [
    "UPDATE {table} SET id = id",
    "DELETE FROM {table}",
    "TRUNCATE {table} CASCADE",
    "ALTER TABLE {table} DISABLE TRIGGER ALL",
    "DROP TRIGGER {table}_append_only ON {table}",
    "DROP TRIGGER {table}_no_truncate ON {table}",
    "ALTER TABLE {table} ADD COLUMN forged text",
]


def ensure_role() -> str:
    """The app role (cluster-wide, so it may exist from an earlier run), with a fresh
    password for the login tests; granted on the test database."""
    password = secrets.token_urlsafe(16)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE])
        verb = "ALTER" if cursor.fetchone() else "CREATE"
        # A utility statement takes no bound parameter: the password is quoted into it.
        statement = sql.SQL(f"{verb} ROLE {ROLE} LOGIN NOSUPERUSER PASSWORD {{}}")
        cursor.execute(statement.format(sql.Literal(password)))
    call_command("grant_app_role", "--role", ROLE, stdout=io.StringIO())
    return password


def as_app_role(password: str) -> psycopg.Connection[Any]:
    """A connection that logs in as the app role, as the app would in production."""
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        dbname=db["NAME"],
        user=ROLE,
        password=password,
    )


@pytest.fixture
def app_login(transactional_db: None) -> Iterator[psycopg.Connection[Any]]:
    # Committed (transactional_db): another connection sees the grants and the rows.
    password = ensure_role()
    with as_app_role(password) as login:
        yield login


@pytest.fixture
def payment(transactional_db: None) -> Payment:
    note = make_note()
    return Payment.objects.create(
        note=note,
        received_on=date(2006, 2, 1),
        amount=Decimal("1850.00"),
        method="check",
        entered_by=make_user(),
    )


def test_the_event_log_is_every_append_only_table():
    assert event_tables() == EVENT_TABLES


def test_the_app_role_writes_and_rewrites_the_replay_checkpoint(db):
    # The checkpoint is a cache beside the log, not the log: the app role inserts it with
    # the first payment and rewrites it (UPDATE) with the second.
    ensure_role()
    note, clerk = make_note(), make_user()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        for day in (date(2006, 2, 1), date(2006, 3, 1)):
            payment_record(note=note, received_on=day, amount="1850.00", method="check",
                           entered_by=clerk, today=day)  # fmt: skip
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (ROLE,)
    assert ReplayCheckpoint.objects.get(note=note).walked_to == date(2006, 3, 1)


@pytest.mark.parametrize("table", EVENT_TABLES)
def test_the_app_role_cannot_rewrite_erase_or_unguard_an_event_table(app_login, payment, table):
    for statement in REWRITES:
        query = sql.SQL(statement.format(table=table))
        with pytest.raises(errors.InsufficientPrivilege), app_login.transaction():
            app_login.execute(query)
    with app_login.transaction():
        row = app_login.execute("SELECT amount FROM payments_payment WHERE id = %s", [payment.pk])
        assert row.fetchone() == (Decimal("1850.00"),)
        app_login.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
    with connection.cursor() as cursor:  # the owner's view: both triggers still there
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND tgenabled = 'O' "
            "AND tgname IN (%s, %s)",
            [table, f"{table}_append_only", f"{table}_no_truncate"],
        )
        assert cursor.fetchone() == (2,)


def test_the_app_role_cannot_create_tables_nor_rewrite_history_or_migrations(app_login):
    refused = [
        "CREATE TABLE forged (id int)",
        "DELETE FROM django_migrations",
        "INSERT INTO django_migrations (app, name, applied) VALUES ('x', 'y', now())",
        *(f"UPDATE {table} SET history_date = now()" for table in history_tables()),
        *(f"DELETE FROM {table}" for table in history_tables()),
    ]
    for statement in refused:
        with pytest.raises(errors.InsufficientPrivilege), app_login.transaction():
            app_login.execute(sql.SQL(statement))


def test_the_app_role_appends_and_updates_what_the_app_updates(app_login, payment):
    with app_login.transaction():
        # A note's stored status, a session: the app's legitimate updates.
        app_login.execute("UPDATE loans_note SET status = status WHERE id = %s", [payment.note_id])
        app_login.execute("DELETE FROM django_session")
        app_login.execute(
            "INSERT INTO payments_charge (note_id, incurred_on, amount, kind, description, "
            "entered_by_id, entered_at) VALUES (%s, '2006-03-01', 250.00, 'collection_cost', "
            "'letter', %s, now())",
            [payment.note_id, payment.entered_by_id],
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT amount FROM payments_charge WHERE note_id = %s", [payment.note_id])
        assert cursor.fetchall() == [(Decimal("250.00"),)]


def test_posting_a_payment_through_the_service_works_as_the_app_role(db):
    ensure_role()
    note, clerk = make_note(), make_user()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL ROLE {ROLE}")
        recorded = payment_record(
            note=note,
            received_on=date(2006, 2, 1),
            amount="1850.00",
            method="check",
            entered_by=clerk,
            today=date(2006, 2, 1),
        )
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (ROLE,)
    # By hand: 185,000.00 x 12% / 12 = 1,850.00 of interest for January (30/360,
    # 2005-12-31 to 2006-02-01 is one 30-day month); the payment pays exactly that.
    allocation = recorded.allocation
    assert (allocation.interest, allocation.principal) == (Decimal("1850.00"), Decimal("0.00"))
    assert Payment.objects.get(pk=recorded.payment.pk).amount == Decimal("1850.00")


@pytest.mark.parametrize("table", EVENT_TABLES)
def test_the_owners_truncate_is_refused_by_the_trigger(payment, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone() == (True,)  # privileges would not stop this role
        with pytest.raises(IntegrityError, match="TRUNCATE refused"), transaction.atomic():
            cursor.execute(f"TRUNCATE {table} CASCADE")
    assert Payment.objects.filter(pk=payment.pk).exists()


def test_the_command_refuses_a_superuser_or_a_missing_role(db):
    with pytest.raises(CommandError, match="superuser"):
        call_command("grant_app_role", "--role", connection.settings_dict["USER"] or "postgres")
    with pytest.raises(CommandError, match="createuser"):
        call_command("grant_app_role", "--role", "nk_dbh_no_such_role")
