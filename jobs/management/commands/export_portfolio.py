"""The portfolio at the end of a day as a CSV file, one task per note on Celery workers
when a broker is configured: `python manage.py export_portfolio 2007-03-31 -o p.csv`."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jobs.dispatch import portfolio_export
from loans.models import Note


class Command(BaseCommand):
    help = "Write every note's figures at the end of a day as CSV (the API's portfolio export)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("as_of", help="Figures at the end of this day, YYYY-MM-DD.")
        parser.add_argument("-o", "--output", required=True, help="The CSV file to write.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            as_of = date.fromisoformat(str(options["as_of"]))
        except ValueError:
            raise CommandError(f"'{options['as_of']}' is not a date (YYYY-MM-DD).") from None
        notes = Note.objects.select_related("borrower").order_by("reference")
        with open(str(options["output"]), "w", encoding="utf-8", newline="") as out:
            try:
                count = portfolio_export(notes=notes, as_of=as_of, out=out)
            except ValueError as error:
                raise CommandError(str(error)) from None
        self.stdout.write(f"Exported {count} notes as of {as_of:%Y-%m-%d} to {options['output']}.")
