"""`manage.py load_seed_note [--demo]`: board the seed note; with --demo also the
demo users of `make run`. Idempotent: a second run changes nothing."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jobs.demo_history import seed_demo_payments
from loans.business_date import business_date
from loans.seed import seed_demo_users, seed_note_board

APP_URL = "http://127.0.0.1:8000/"
"""Where `make run` serves the pages; every role logs in there (the servicer's admin is /admin/)."""


class Command(BaseCommand):
    help = "Board the 2005 Infinite Group seed note (and, with --demo, demo users)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo",
            action="store_true",
            help="Also create one demo user per role, with memberships (make run).",
        )

    def handle(self, *args: Any, demo: bool = False, **options: Any) -> None:
        note = seed_note_board()
        lenders = ", ".join(str(share) for share in note.lender_shares.select_related("party"))
        self.stdout.write(f"Seed note {note.reference}: {note.borrower} to {lenders}.")
        if demo:
            self._demo()

    def _demo(self) -> None:
        self.stdout.write(f"Demo users (log in at {APP_URL}):")
        for user, created in seed_demo_users():
            state = "created" if created else "already there, password as first set"
            self.stdout.write(
                f"  {user.role:<15} username {user.username:<11} password {user.password}"
                f"  ({state}) at {APP_URL}"
            )
        recorded = seed_demo_payments(today=business_date())
        self.stdout.write(
            f"Demo history: {recorded} installment payments recorded now "
            "(installments 2006-02-01 .. 2007-03-01, up to the business date)."
        )
