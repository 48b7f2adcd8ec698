"""A client generated from the schema works as it is (docs/api.md, "Generating a
client"): the schema is exported with `manage.py spectacular`, openapi-python-client
(pinned in the test extras) generates a package from it, and tests/clients/driver.py,
which uses only that package, drives a live server as each role.

Figures worked by hand. The note boarded: 12,000.00 at 12.000 %, 30/360, interest
only, monthly from 2006-02-01 to maturity 2008-01-01 (24 installments). Every
period is one 30/360 month: 12,000.00 x 12 % / 12 = 120.00 of interest. On the
business date 2007-03-15, installments 2006-02-01 .. 2007-03-01 (14) are due:
14 x 120.00 = 1,680.00 of interest. A payment of 240.00 on 2006-12-15 goes to
interest (no charges): 240.00 interest, 0.00 principal, and it is the only
interest paid in 2006 (the year-end statement and the lenders' journal say so).
"""

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from loans.seed import DEMO_USERS, seed_demo_users

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("openapi-python-client.yaml")
PASSWORDS = {user.username: user.password for user in DEMO_USERS}
BORROWER_NAME, LENDER_NAME = "INFINITE GROUP, INC.", "DAVID N. SLAVNY"


def run(*command: str | Path) -> None:
    # The venv's bin first: the generator formats its output with the venv's ruff.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    assert "Warning" not in done.stdout, done.stdout  # every operation generated


@pytest.fixture(scope="module")
def exported_schema(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The schema as docs/api.md exports it, offline and without signing in."""
    schema = tmp_path_factory.mktemp("schema") / "notekeeper.json"
    run(sys.executable, "manage.py", "spectacular", "--format", "openapi-json", "--file", schema)
    return schema


@pytest.fixture(scope="module")
def driver(exported_schema: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """tests/clients/driver.py, importing the package generated from the schema."""
    out = tmp_path_factory.mktemp("generated")
    generator = Path(sys.executable).parent / "openapi-python-client"
    run(
        generator, "generate", "--path", exported_schema, "--meta", "none",
        "--output-path", out / "notekeeper_client", "--config", CONFIG,
    )  # fmt: skip
    sys.path.insert(0, str(out))
    try:
        from tests.clients import driver

        yield driver
    finally:
        sys.path.remove(str(out))
        for name in [n for n in sys.modules if n.split(".")[0] == "notekeeper_client"]:
            del sys.modules[name]
        sys.modules.pop("tests.clients.driver", None)


@pytest.fixture
def demo(settings: Any, transactional_db: None) -> None:
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    seed_demo_users()


@pytest.mark.django_db(transaction=True)
def test_the_served_schema_is_the_exported_one(demo, live_server, exported_schema):
    token = httpx.post(
        f"{live_server.url}/api/auth/token/",
        json={"username": "servicer", "password": PASSWORDS["servicer"]},
    ).json()["token"]
    served = httpx.get(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}
    )
    assert served.headers["content-type"].startswith("application/vnd.oai.openapi+json")
    assert served.json() == json.loads(exported_schema.read_text())


@pytest.fixture
def signed_in(live_server, driver) -> Iterator[Callable[[str], Any]]:
    """signed_in(username): a generated client with the demo user's token. Each is closed
    after the test: a kept-alive connection holds a live-server thread, and its database
    session, open until the test database is dropped."""
    with ExitStack() as clients:
        yield lambda username: clients.enter_context(
            driver.signed_in(live_server.url, username, PASSWORDS[username])
        )


@pytest.mark.django_db(transaction=True)
def test_every_role_through_the_generated_client(demo, driver, signed_in):
    servicer, borrower, lender, accountant = (
        signed_in(username) for username in ("servicer", "borrower", "lender", "accountant")
    )

    # The servicer boards with the required terms only; the rest are the defaults.
    boarded = driver.board_note(servicer, borrower=BORROWER_NAME, lender=LENDER_NAME)
    assert boarded.status_code == 201, boarded.content
    note = boarded.parsed
    assert (note.day_count.value, note.payment_frequency_months, note.cure_days) == (
        "30/360",
        1,
        10,
    )
    assert (note.interest_only_periods, note.acceleration.value) == (0, "automatic")

    # The borrower reads the balance and the schedule.
    balance, schedule = driver.read_note(borrower, note.id)
    assert balance.status_code == 200 and schedule.status_code == 200
    assert (balance.parsed.principal, balance.parsed.interest_due) == ("12000.00", "1680.00")
    installments = schedule.parsed
    assert len(installments) == 24
    assert {i.interest for i in installments} == {"120.00"}
    assert (installments[0].due_date, installments[-1].due_date) == (
        date(2006, 2, 1),
        date(2008, 1, 1),
    )
    assert installments[-1].principal == "12000.00"

    # An idempotent payment: 201, the same payment again (200), another body 409.
    first = driver.pay(borrower, note.id, "240.00", key="ap-2006-12-15")
    assert first.status_code == 201, first.content
    payment = first.parsed
    assert (payment.allocation.interest, payment.allocation.principal) == ("240.00", "0.00")
    again = driver.pay(borrower, note.id, "240.00", key="ap-2006-12-15")
    assert again.status_code == 200 and again.parsed.id == payment.id
    other = driver.pay(borrower, note.id, "250.00", key="ap-2006-12-15")
    assert other.status_code == 409, other.content
    assert other.parsed.detail

    # The lender confirms receipt.
    confirmed = driver.confirm(lender, payment.id)
    assert confirmed.status_code == 200, confirmed.content
    assert [(c.confirmed, c.by) for c in confirmed.parsed.confirmations] == [(True, "lender")]
    assert confirmed.parsed.reversal is None

    # The accountant: the 2006 year-end statement as JSON and CSV, and the journal.
    as_json, as_csv = driver.year_end(accountant, note.id)
    assert as_json.status_code == 200 and as_csv.status_code == 200, as_csv.content
    statement = as_json.parsed
    assert (statement.year, statement.interest_paid, statement.principal_paid) == (
        2006,
        "240.00",
        "0.00",
    )
    assert [(lender.name, lender.interest_paid) for lender in statement.lenders] == [
        (LENDER_NAME, "240.00")
    ]
    assert isinstance(as_csv.parsed, str) and "240.00" in as_csv.parsed
    journal = driver.journal_2006(accountant)
    assert journal.status_code == 200, journal.content
    ours = [e for e in journal.parsed.entries if e.note_reference == "API-CLIENT-1"]
    postings = {
        (entry.date, p.account): (p.debit, p.credit) for entry in ours for p in entry.postings
    }
    # Twelve month-ends of 120.00 accrued, and the receipt of 240.00 on 2006-12-15.
    accruals = [e for e in ours if e.memo == "Interest accrued"]
    assert len(accruals) == 12
    assert {postings[(e.date, "Income:Interest income")] for e in accruals} == {("0.00", "120.00")}
    assert postings[(date(2006, 12, 15), "Assets:Cash")] == ("240.00", "0.00")
    assert postings[(date(2006, 12, 15), "Assets:Interest receivable")] == ("0.00", "240.00")

    # The servicer reverses the payment: the interest is owed again.
    reversed_ = driver.reverse(servicer, payment.id)
    assert reversed_.status_code == 200, reversed_.content
    assert reversed_.parsed.reversal.reversed_on == date(2007, 3, 15)
    balance, _ = driver.read_note(borrower, note.id)
    assert balance.parsed.interest_due == "1680.00"
