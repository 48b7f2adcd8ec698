"""Database connections are persistent by default, in production settings too
(DESIGN 5: "connections are pooled or persistent"), and CONN_MAX_AGE overrides it.

Each settings module is read in a subprocess with the environment a deployment
would give it (as tests/accounts/test_production.py does)."""

import json
import sys
from typing import Any

import pytest

from tests.accounts.test_production import production_env, run

PROBE = """
import json, django
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({"age": db["CONN_MAX_AGE"], "checks": db["CONN_HEALTH_CHECKS"]}))
"""


def connection_settings(module: str, **env: str) -> dict[str, Any]:
    environment = production_env(DJANGO_SETTINGS_MODULE=module)
    environment.pop("CONN_MAX_AGE", None)  # the default, unless `env` sets it
    environment.update(env, DATABASE_URL="postgres://notekeeper:secret@db.internal:5432/nk")
    result = run([sys.executable, "-c", PROBE], environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["config.production", "config.settings"])
def test_connections_persist_for_a_minute_by_default(module: str) -> None:
    assert connection_settings(module) == {"age": 60, "checks": True}


def test_conn_max_age_overrides_the_default() -> None:
    assert connection_settings("config.production", CONN_MAX_AGE="0") == {
        "age": 0,
        "checks": True,
    }


OPTIONS_PROBE = """
import json, django
django.setup()
from django.conf import settings
options = settings.DATABASES["default"].get("OPTIONS", {})
keys = ("server_side_binding", "prepare_threshold")
print(json.dumps({key: options[key] for key in keys if key in options}))
"""


def binding_options(database_url: str, **env: str) -> tuple[int, str]:
    """(exit status, the options printed or the error) of production settings read
    with `database_url` and `env`."""
    environment = production_env(DJANGO_SETTINGS_MODULE="config.production")
    environment.pop("DB_PREPARE_THRESHOLD", None)
    environment.update(env, DATABASE_URL=database_url)
    result = run([sys.executable, "-c", OPTIONS_PROBE], environment)
    out = result.stdout.strip().splitlines()[-1] if result.returncode == 0 else result.stderr
    return result.returncode, out


POSTGRES = "postgres://notekeeper:secret@db.internal:5432/nk"


def test_postgresql_binds_parameters_itself_and_prepares_a_query_run_five_times() -> None:
    status, out = binding_options(POSTGRES)
    assert status == 0, out
    assert json.loads(out) == {"server_side_binding": True, "prepare_threshold": 5}


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("20", 20), (" OFF ", None)])
def test_db_prepare_threshold_sets_the_count_or_turns_both_off(
    value: str, expected: int | None
) -> None:
    status, out = binding_options(POSTGRES, DB_PREPARE_THRESHOLD=value)
    assert status == 0, out
    if expected is None:  # Django's default: values merged into the SQL, nothing prepared
        assert json.loads(out) == {}
    else:
        assert json.loads(out) == {"server_side_binding": True, "prepare_threshold": expected}


@pytest.mark.parametrize("value", ["", "five", "-1", "5s", "none"])
def test_a_threshold_that_is_not_a_count_stops_the_settings(value: str) -> None:
    status, out = binding_options(POSTGRES, DB_PREPARE_THRESHOLD=value)
    assert status != 0
    assert f"DB_PREPARE_THRESHOLD={value.strip().lower()!r}: give a count of runs" in out


def test_sqlite_is_left_as_it_is() -> None:
    status, out = binding_options("sqlite:////tmp/notekeeper-probe.sqlite3")
    assert status == 0, out
    assert json.loads(out) == {}
