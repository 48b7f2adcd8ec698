"""On PostgreSQL the app's queries are bound and prepared by the server
(config/database.py): a query that has run five times on a connection is prepared there
on its sixth, and a page read through prepared statements shows what it showed before.

Hand figures: the demo's seed note as of 2007-03-15 has paid 1,911.67 + 13 x 1,850.00 =
25,961.67 of interest; its principal is 185,000.00 and the interest accrued since
2007-03-01 is 185,000.00 x 12% x 14/360 = 863.33.
"""

import re
from typing import Any

import pytest
from django.db import connection

from tests.web.conftest import Demo

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|data-csrf=|csrftoken=)"?[^" ]+')


def prepared() -> dict[str, int]:
    """The statements prepared on this connection: SQL -> times it was planned and run."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_the_note_page_is_prepared_on_its_connection_and_reads_the_same(demo: Demo) -> None:
    assert connection.settings_dict["OPTIONS"]["prepare_threshold"] == 5
    client = demo.client("lender")
    url = f"/notes/{demo.note.pk}/"
    pages: list[Any] = [client.get(url) for _ in range(8)]
    assert {page.status_code for page in pages} == {200}
    first, last = (CSRF.sub("", page.content.decode()) for page in (pages[0], pages[-1]))
    assert "Interest paid to 2007-03-15: 25,961.67" in first
    assert "185,000.00" in first and "863.33" in first
    assert last == first
    statements = prepared()
    # The page's own reads, prepared after their fifth run: the payments, their
    # lenders' answers, the note's checkpoint with its log (plain SQL), the lenders.
    for table in ("payments_payment", "payments_replaycheckpoint", "loans_notelender"):
        assert any(f'FROM "{table}"' in sql or f"FROM {table} " in sql for sql in statements), table
    assert all(runs >= 1 for runs in statements.values())


def test_a_statement_is_prepared_on_its_sixth_run(demo: Demo) -> None:
    marker = "SELECT 'notekeeper-prepare-probe' WHERE 1 = %s"
    with connection.cursor() as cursor:
        for _ in range(5):
            cursor.execute(marker, [1])
    assert not any("notekeeper-prepare-probe" in sql for sql in prepared())
    with connection.cursor() as cursor:
        cursor.execute(marker, [1])
        assert cursor.fetchone() == ("notekeeper-prepare-probe",)
    assert any("notekeeper-prepare-probe" in sql and "$1" in sql for sql in prepared())
