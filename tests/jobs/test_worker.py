"""Month-end close on real Celery workers (`celery -A config worker`), PostgreSQL, and a
real broker (Redis, and RabbitMQ): a worker killed with SIGKILL in the middle of the
batch loses nothing, and nothing is issued twice.

The close command (`manage.py close_month`, its own process) queues one task per chunk
of 20 notes and waits for the results. The first worker is killed once it has closed a
few notes; the chunk it was working on, unacknowledged, goes back to the queue (Redis:
after the visibility timeout, set to 2 s here) and a second worker finishes the batch,
closing again only the chunk's notes not closed yet. Every note
then has exactly one activity statement and one journal per book, and a rerun issues
nothing.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from kombu import Connection

from statements.models import IssuedStatement
from tests.jobs.conftest import board_notes

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
NOTES = 40
KINDS = 3  # activity, journal-lender, journal-borrower
# A Redis database of its own (TEST_REDIS_URL) when several runs share the server.
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
BROKERS = {"redis": REDIS, "rabbitmq": "amqp://guest:guest@127.0.0.1:5672//"}


def database_url() -> str:
    """The test database, for the worker and command processes."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or "5432"
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


@pytest.fixture(params=list(BROKERS))
def environment(request: Any) -> Iterator[dict[str, str]]:
    queue = f"notekeeper-test-{uuid.uuid4().hex[:12]}"  # nothing else reads this queue
    broker = BROKERS[request.param]
    yield {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": REDIS,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_VISIBILITY_TIMEOUT": "2",
        "CELERY_WORKER_PREFETCH_MULTIPLIER": "1",
        "NOTEKEEPER_BUSINESS_DATE": "2006-02-15",
    }
    with Connection(broker) as broker_connection:
        broker_connection.default_channel.queue_delete(queue)


class Worker:
    """`celery -A config worker` in its own process group, so that SIGKILL takes the
    main process and its pool processes at once (a machine lost, not a clean stop)."""

    def __init__(self, environment: dict[str, str], name: str, log: Path) -> None:
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency=1",
             "--loglevel=INFO", "-n", f"{name}@%h", "-Q", environment["CELERY_TASK_DEFAULT_QUEUE"]],
            cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()


def close_month(environment: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "close_month", "2006-01"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def issued() -> int:
    return IssuedStatement.objects.count()


def wait_for(condition: Any, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.02)


def test_a_worker_killed_mid_batch_loses_nothing_and_a_rerun_issues_nothing_twice(
    environment: dict[str, str], tmp_path: Path
) -> None:
    board_notes(NOTES)
    first = Worker(environment, "first", tmp_path / "first.log")
    second = None
    commands: list[subprocess.Popen[str]] = []
    try:
        command = close_month(environment)
        commands.append(command)
        wait_for(lambda: issued() >= 2 * KINDS, 60, "the first worker to close two notes")
        first.kill()
        at_kill = issued()
        assert at_kill < NOTES * KINDS, "the first worker finished before it was killed"

        time.sleep(3)  # past the 2 s visibility timeout: the unacknowledged note is free
        second = Worker(environment, "second", tmp_path / "second.log")
        output, _ = command.communicate(timeout=180)
        assert command.returncode == 0, output
        # Whatever the first worker issued before it died counts as issued by this run
        # (it is), or, for the note it died on, partly as already issued by the rerun.
        summary = re.fullmatch(
            r"Closed 2006-01: (\d+) statements issued, (\d+) already issued \(unchanged\), "
            r"0 notes failed\.",
            output.splitlines()[-1],
        )
        assert summary, output
        assert int(summary[1]) + int(summary[2]) == NOTES * KINDS

        per_note = IssuedStatement.objects.values("note", "kind").annotate(n=Count("id"))
        assert len(per_note) == NOTES * KINDS  # every note, every kind: nothing lost
        assert {row["n"] for row in per_note} == {1}  # and once

        rerun = close_month(environment)
        commands.append(rerun)
        output, _ = rerun.communicate(timeout=180)
        assert output.splitlines()[-1] == (
            f"Closed 2006-01: 0 statements issued, {NOTES * KINDS} already issued "
            "(unchanged), 0 notes failed."
        )
        assert issued() == NOTES * KINDS
    finally:
        for running in commands:  # still waiting for its tasks when a step failed
            running.kill()
            running.wait()
        first.kill()
        if second is not None:
            second.kill()
        wait_for(no_other_sessions, 30, "the killed workers' database sessions to end")


def no_other_sessions() -> bool:
    """Whether this test's database has no session but ours: a killed worker's session
    outlives it a moment, and the test database cannot be dropped while one is open."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        others = cursor.fetchall()
    return not others
