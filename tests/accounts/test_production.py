"""Production settings (config/production.py): the deploy check is clean and
responses carry HSTS, the content security policy, nosniff and secure cookies.

Production settings are a different settings module, so they run in a
subprocess with the environment a deployment would give them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# The manifest storage needs `collectstatic`; the headers do not depend on it.
plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain_static}).enable()
client = Client()
plain = client.get("/accounts/login/", headers={"host": "notekeeper.example"})
tls = client.get("/accounts/login/", secure=True, headers={"host": "notekeeper.example"})
cookie = tls.cookies.get("__Host-csrftoken")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "status": tls.status_code,
    "headers": dict(tls.headers),
    "csrf_cookie": {k: cookie[k] for k in ("secure", "samesite", "path")} if cookie else None,
}))
"""


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        SECRET_KEY=secrets.token_urlsafe(64),
        DJANGO_SETTINGS_MODULE="config.production",
        ALLOWED_HOSTS="notekeeper.example",
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def probe() -> dict:
    result = run([sys.executable, "-c", PROBE], production_env())
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_deploy_check_is_clean():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        production_env(),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_plain_http_is_redirected_to_https(probe):
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://notekeeper.example/accounts/login/"


def test_security_headers(probe):
    headers = probe["headers"]
    assert probe["status"] == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    policy = {d.split()[0]: d.split()[1:] for d in headers["Content-Security-Policy"].split("; ")}
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_csrf_cookie_is_https_only(probe):
    assert probe["csrf_cookie"] == {"secure": True, "samesite": "Lax", "path": "/"}


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
    ],
)
def test_refuses_to_start_without_secrets_or_hosts(env, message):
    result = run([sys.executable, "manage.py", "check"], production_env(**env))
    assert result.returncode != 0
    assert message in result.stderr
