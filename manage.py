#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Commands (migrations, the seed, tasks) may run long: no statement_timeout
    # unless one is asked for (web requests get 5s, config/database.py).
    os.environ.setdefault("DB_STATEMENT_TIMEOUT", "0")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
