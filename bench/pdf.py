"""Statement PDFs (WeasyPrint, statements/render.py) over a generated portfolio
(bench/generate.py): the time to render one document, the first (WeasyPrint loaded,
fonts found) apart. A benchmark, not a test; it stores nothing.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nk_scale_bench \\
        .venv/bin/python bench/pdf.py --month 2026-10 --notes 20

For each of the first `--notes` notes: the month's activity statement and the
lender's journal, each computed (not timed) then rendered to PDF (timed).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--month", default="2026-10", help="YYYY-MM")
parser.add_argument("--notes", type=int, default=20)
ARGS = parser.parse_args()
os.environ.update(DJANGO_SETTINGS_MODULE="config.settings", DB_STATEMENT_TIMEOUT="0")

import django  # noqa: E402

django.setup()

from loans.models import Note  # noqa: E402
from statements.data import Statement  # noqa: E402
from statements.journal import note_journal  # noqa: E402
from statements.log import note_log  # noqa: E402
from statements.render import render  # noqa: E402
from statements.selectors import activity_statement  # noqa: E402
from statements.services import month_bounds  # noqa: E402


def main() -> None:
    start, end = month_bounds(date.fromisoformat(f"{ARGS.month}-01"))
    notes = Note.objects.select_related("borrower").order_by("reference")[: ARGS.notes]
    times: dict[str, list[float]] = {"activity": [], "journal-lender": []}
    for note in notes:
        log = note_log(note)
        documents: dict[str, Statement] = {
            "activity": activity_statement(note=note, start=start, end=end, log=log),
            "journal-lender": note_journal(log=log, start=start, end=end, book="lender"),
        }
        for kind, statement in documents.items():
            began = time.perf_counter()
            render(statement, "pdf")
            times[kind].append(time.perf_counter() - began)
    print(
        f"Statement PDFs, {ARGS.month}, {ARGS.notes} notes; load average {os.getloadavg()[0]:.1f}"
    )
    first = times["activity"].pop(0)
    print(f"first document (WeasyPrint loaded, fonts found): {first * 1000:.0f} ms")
    for kind, seconds in times.items():
        ms = sorted(s * 1000 for s in seconds)
        print(
            f"{kind:>15}: median {statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms "
            f"a document ({len(ms)} documents)"
        )


if __name__ == "__main__":
    main()
