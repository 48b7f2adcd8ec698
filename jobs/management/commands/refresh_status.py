"""Daily job: bring every note's stored status up to the business date (DESIGN 3.7, 3.8)."""

from django.core.management.base import BaseCommand

from loans.business_date import business_date
from payments.status import note_statuses_refresh


class Command(BaseCommand):
    help = "Recompute every note's stored status from its replay as of the business date."

    def handle(self, *args: object, **options: object) -> None:
        today = business_date()
        counts = note_statuses_refresh(today=today)
        self.stdout.write(
            f"Refreshed {counts['total']} notes as of {today.isoformat()}: "
            f"{counts['changed']} changed status."
        )
