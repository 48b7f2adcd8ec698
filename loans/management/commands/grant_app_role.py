"""Give the app's PostgreSQL role its privileges: `manage.py grant_app_role --role notekeeper_app`.

Run it as the tables' owner after every `migrate` (docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS

from loans.database_role import RoleError, app_role_grant


class Command(BaseCommand):
    help = (
        "Grant an existing PostgreSQL role what the app needs and nothing more: read "
        "everything, write the domain tables, only append to the event log, no DDL, no "
        "TRUNCATE. Run as the owner after every migrate; idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--role", required=True, help="The role the app connects as.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args: object, **options: object) -> None:
        try:
            statements = app_role_grant(role=str(options["role"]), using=str(options["database"]))
        except RoleError as error:
            raise CommandError(str(error)) from None
        for statement in statements:
            self.stdout.write(f"{statement};")
        self.stdout.write(f"Granted {options['role']}: run this again after every migrate.")
