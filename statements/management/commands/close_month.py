"""Month-end close over every note: `python manage.py close_month 2006-03`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from loans.business_date import business_date
from loans.models import Note
from statements.services import month_end_close


class Command(BaseCommand):
    help = (
        "Issue every note's statements for a month (activity, lender and borrower journals) "
        "and store them as issued. Idempotent: rerun it after an interruption."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="The month to close, YYYY-MM.")

    def handle(self, *args: object, **options: object) -> None:
        month = _month(str(options["month"]))
        notes = Note.objects.select_related("borrower").order_by("reference")
        total, seen = notes.count(), 0

        def progress(note: Note) -> None:
            nonlocal seen
            seen += 1
            self.stdout.write(f"[{seen}/{total}] {note.reference}")

        summary = month_end_close(
            notes=notes, month=month, today=business_date(), progress=progress
        )
        self.stdout.write(
            f"Closed {month:%Y-%m}: {summary.issued} statements issued, "
            f"{summary.unchanged} already issued (unchanged), {len(summary.failed)} notes failed."
        )
        for reference, reason in summary.failed:
            self.stderr.write(f"failed: {reference}: {reason}")
        if summary.failed:
            raise CommandError(f"{len(summary.failed)} notes could not be closed.")


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(f"'{text}' is not a month (YYYY-MM).") from None
