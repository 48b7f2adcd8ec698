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
