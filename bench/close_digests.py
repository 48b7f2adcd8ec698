"""The month-end close's output over a generated portfolio, as one SHA-256 per
statement: run it on two versions of the code and compare, to show a change to the
close issues byte for byte the same statements. A check, not a test: it needs a
generated portfolio (bench/generate.py).

    git archive main | tar -x -C /tmp/notekeeper-main
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nk_scale_bench .venv/bin/python \\
        bench/close_digests.py --root /tmp/notekeeper-main --notes 200 > before.txt
    DATABASE_URL=... .venv/bin/python bench/close_digests.py --notes 200 > after.txt
    diff before.txt after.txt

`--root` is the tree whose code runs (default: this one). The months are closed in
order, so every month after the first also compares the adjustments against the
month before, inside one transaction that is rolled back: nothing stays issued. The
statements' "generated" time is pinned, since it is the only thing that differs
between two runs of the same code.
"""

import argparse
import os
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from unittest import mock

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent))
parser.add_argument("--notes", type=int, default=200, help="The first N notes by reference.")
parser.add_argument("--months", default="2026-08,2026-09,2026-10", help="YYYY-MM, in order.")
parser.add_argument("--today", default="2026-11-30")
ARGS = parser.parse_args()
sys.path.insert(0, ARGS.root)
# Celery (imported with the project's config) puts the working directory first on
# sys.path: from here, this tree's code would stand in for --root's.
os.chdir(ARGS.root)
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DB_STATEMENT_TIMEOUT="0")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from loans.models import Note  # noqa: E402
from statements.models import IssuedStatement  # noqa: E402
from statements.services import month_end_close  # noqa: E402

PINNED = datetime(2026, 12, 1, tzinfo=UTC)


class RolledBack(Exception):
    pass


def main() -> None:
    notes = list(Note.objects.select_related("borrower").order_by("reference")[: ARGS.notes])
    sys.stderr.write(f"code from {Path(str(sys.modules['statements'].__file__)).parent.parent}\n")
    months = [date.fromisoformat(f"{m}-01") for m in ARGS.months.split(",")]
    today = date.fromisoformat(ARGS.today)
    try:
        with transaction.atomic(), mock.patch("django.utils.timezone.now", return_value=PINNED):
            for month in months:
                summary = month_end_close(notes=notes, month=month, today=today)
                print(f"# {month:%Y-%m}: {summary.issued} issued, failed {summary.failed}")
            rows = IssuedStatement.objects.filter(note__in=notes, month__in=months)
            for row in rows.order_by("note__reference", "month", "kind"):
                print(row.note.reference, f"{row.month:%Y-%m}", row.kind, row.sha256)
            raise RolledBack
    except RolledBack:
        pass


if __name__ == "__main__":
    main()
