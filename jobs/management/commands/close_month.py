"""Month-end close over every note: `python manage.py close_month 2006-03`.

One task per chunk of notes on Celery workers when `CELERY_BROKER_URL` is set, in this process
otherwise (jobs/dispatch.py). Idempotent: rerun it after an interruption.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.dispatch import notes_month_close
from loans.business_date import business_date
from loans.models import Note


class Command(BaseCommand):
    help = (
        "Issue every note's statements for a month (activity, lender and borrower journals) "
        "and store them as issued. Idempotent: rerun it after an interruption."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("month", help="The month to close, YYYY-MM.")

    def handle(self, *args: object, **options: object) -> None:
        month = _month(str(options["month"]))
        notes = list(Note.objects.order_by("reference"))
        total = len(notes)

        def progress(done: int, index: int) -> None:
            self.stdout.write(f"[{done}/{total}] {notes[index].reference}")

        report = notes_month_close(
            notes=notes, month=month, today=business_date(), progress=progress
        )
        if not report.finished:
            self.stdout.write(
                f"Queued {report.queued} notes for the {month:%Y-%m} close on the workers."
            )
            return
        self.stdout.write(
            f"Closed {month:%Y-%m}: {report.issued} statements issued, "
            f"{report.unchanged} already issued (unchanged), {len(report.failed)} notes failed."
        )
        for reference, reason in report.failed:
            self.stderr.write(f"failed: {reference}: {reason}")
        if report.failed:
            raise CommandError(f"{len(report.failed)} notes could not be closed.")


def _month(text: str) -> date:
    try:
        return date.fromisoformat(f"{text}-01")
    except ValueError:
        raise CommandError(f"'{text}' is not a month (YYYY-MM).") from None
