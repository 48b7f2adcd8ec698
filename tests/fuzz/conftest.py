"""Fuzz fixtures: the demo data (seed note, demo users), row counts, and one
transaction per example that is always rolled back."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from hypothesis import HealthCheck, settings

from loans.models import Note
from loans.seed import seed_demo_users

FUZZ = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,  # CI sees the same examples every run; a failure reproduces
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
"""Bounded: 100 examples per target (about 30 s in all). The fixtures are made once
per test, and every example runs in its own rolled-back transaction, so examples
do not see each other."""


def row_counts() -> dict[str, int]:
    """Rows of every table a posting service writes: payments, reversals, charges,
    events, notices, transfers, confirmations, the audit log; notes and shares."""
    models = [
        *apps.get_app_config("payments").get_models(),
        *apps.get_app_config("loans").get_models(),
    ]
    return {model._meta.label: model._default_manager.count() for model in models}


class _RolledBack(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    """Run the block in a transaction, then undo whatever it wrote."""
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


@pytest.fixture
def demo(db: None, settings: Any) -> dict[str, Any]:
    """The seed note and the demo users (servicer, lender, borrower) on business date
    2007-03-15, the date `make run` serves."""
    settings.NOTEKEEPER_BUSINESS_DATE = "2007-03-15"
    seed_demo_users()
    users = get_user_model().objects
    return {
        "note": Note.objects.get(),
        **{name: users.get(username=name) for name in ("servicer", "lender", "borrower")},
    }


Check = Callable[[], Any]
