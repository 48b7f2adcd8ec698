"""The default events moved from the loans app to payments without touching the
database: rows written before the move are read after it through payments' models, from
the same tables, and the content types (so the permissions given to groups) follow."""

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from payments.models import NoteEvent

BEFORE = [("loans", "0003_defaultnotice_noteevent"), ("payments", "0001_initial")]
AFTER = [("loans", "0004_default_events_to_payments")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.fixture
def latest_schema_afterwards() -> Iterator[None]:
    """Leave the database at the latest migrations, as the tests after this one expect
    (AFTER is not the last migration once later ones exist)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_afterwards")
def test_rows_and_permissions_written_before_the_move_survive_it() -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    user = old.get_model("auth", "User").objects.create(username="before-the-move")
    party = old.get_model("loans", "Party").objects.create(name="Borrower", kind="organization")
    note = old.get_model("loans", "Note").objects.create(
        reference="MOVED-1", borrower=party, principal="1000.00", annual_rate="5",
        dated="2006-01-01", accrual_start="2006-01-01", first_payment_date="2006-02-01",
        maturity_date="2007-01-01", repayment="interest_only",
    )  # fmt: skip
    event = old.get_model("loans", "NoteEvent").objects.create(
        note=note, kind="judgment", date="2006-03-01", entered_by=user
    )
    content_type = ContentType.objects.get_or_create(app_label="loans", model="noteevent")[0]
    group = old.get_model("auth", "Group").objects.create(name="Servicers (before)")
    permission = old.get_model("auth", "Permission").objects.get_or_create(
        content_type_id=content_type.pk, codename="view_noteevent", defaults={"name": "view"}
    )[0]
    group.permissions.add(permission)

    migrate(AFTER)

    moved = NoteEvent.objects.get(pk=event.pk)
    assert (moved.kind, moved.note_id, moved.entered_by_id) == ("judgment", note.pk, user.pk)
    assert NoteEvent._meta.db_table == "loans_noteevent"
    content_type.refresh_from_db()
    assert content_type.app_label == "payments"  # relabelled, not recreated
    assert group.permissions.filter(
        content_type__app_label="payments", codename="view_noteevent"
    ).exists()
