"""Daily job: bring every note's stored status up to the business date (DESIGN 3.7, 3.8).

One task per note on Celery workers when `CELERY_BROKER_URL` is set, in this process
otherwise (jobs/dispatch.py)."""

from django.core.management.base import BaseCommand, CommandError

from jobs.dispatch import notes_status_refresh
from loans.business_date import business_date


class Command(BaseCommand):
    help = "Recompute every note's stored status from its replay as of the business date."

    def handle(self, *args: object, **options: object) -> None:
        today = business_date()
        report = notes_status_refresh(today=today)
        if not report.finished:
            self.stdout.write(f"Queued {report.queued} notes for the status refresh.")
            return
        self.stdout.write(
            f"Refreshed {report.queued} notes as of {today.isoformat()}: "
            f"{report.changed} changed status."
        )
        if report.failed:
            raise CommandError(f"{report.failed} notes could not be refreshed.")
