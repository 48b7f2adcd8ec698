"""Month-end close over a generated portfolio (bench/generate.py) on 1 and on 2 Celery
workers: notes per second, the ratio 2 workers / 1 worker, and each worker's peak
memory (VmHWM of its process). A benchmark, not a test.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nk_scale_bench \\
        .venv/bin/python bench/close.py --months 2026-10,2026-09 --broker redis://127.0.0.1:6379/5

Each worker is `celery -A config worker --pool=solo` (one process, one message at a
time), so N workers use N cores. The benchmark queues one task per chunk of notes through
`jobs.dispatch.notes_month_close` (no result backend: it polls the database until
every note has its three statements), timed from the first message to the last
statement. Issued statements are never deleted (the database refuses it), so each run
closes a month not closed yet: the run with the k-th worker count closes the k-th of
`--months` (adjacent months: the same notes, one installment apart). A month already
closed in the database is refused; generate a fresh database to rerun.
"""

import argparse
import os
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--months", default="2026-10,2026-09", help="One month (YYYY-MM) per worker count."
    )
    parser.add_argument("--today", default="2026-11-30", help="The business date.")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/5")
    parser.add_argument("--workers", default="1,2", help="Worker counts to run, e.g. 1,2.")
    parser.add_argument("--notes", type=int, default=0, help="Close only the first N notes.")
    return parser.parse_args()


ARGS = parse()
QUEUE = f"notekeeper-bench-{uuid.uuid4().hex[:8]}"
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    CELERY_BROKER_URL=ARGS.broker,
    CELERY_RESULT_BACKEND="",
    CELERY_TASK_DEFAULT_QUEUE=QUEUE,
    DB_STATEMENT_TIMEOUT="0",
)

import django  # noqa: E402

django.setup()


from jobs.dispatch import notes_month_close  # noqa: E402
from loans.models import Note  # noqa: E402
from statements.models import IssuedStatement  # noqa: E402

KINDS = 3


def start_worker(name: str, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
               "--loglevel=WARNING", "-n", f"{name}@%h", "-Q", QUEUE]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, stdout=log.open("w"), stderr=subprocess.STDOUT)


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(workers: int, notes: list[Note], month: date, today: date) -> tuple[float, list[float]]:
    issued = IssuedStatement.objects.filter(month=month)
    if issued.exists():
        raise SystemExit(f"{month:%Y-%m} is closed already: choose another month.")
    processes = [start_worker(f"bench{k}", Path(f"/tmp/{QUEUE}-{k}.log")) for k in range(workers)]
    time.sleep(8)  # the workers load Django and connect to the broker
    try:
        started = time.monotonic()
        notes_month_close(notes=notes, month=month, today=today)
        total = len(notes) * KINDS
        while (done := issued.count()) < total:
            if any(p.poll() is not None for p in processes):
                raise SystemExit("a worker stopped: see /tmp/" + QUEUE + "-*.log")
            sys.stderr.write(f"\r{workers} worker(s): {done // KINDS}/{len(notes)} notes")
            time.sleep(0.5)
        elapsed = time.monotonic() - started
        sys.stderr.write("\n")
        return elapsed, [peak_rss_mb(p.pid) for p in processes]
    finally:
        for process in processes:
            process.terminate()
            process.wait()


def main() -> None:
    months = [date.fromisoformat(f"{m}-01") for m in ARGS.months.split(",")]
    today = date.fromisoformat(ARGS.today)
    notes = list(Note.objects.order_by("reference"))[: ARGS.notes or None]
    print(f"Month-end close, {len(notes)} notes, broker {ARGS.broker}")
    print(f"{'workers':>7} {'seconds':>8} {'notes/s':>8} {'peak RSS per worker (MB)':>26}")
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    rates = {}
    counts = [int(w) for w in ARGS.workers.split(",")]
    if len(months) < len(counts):
        raise SystemExit("--months needs one month per worker count.")
    for workers, month in zip(counts, months, strict=False):
        elapsed, peaks = run(workers, notes, month, today)
        rates[workers] = len(notes) / elapsed
        peak = ", ".join(f"{mb:.0f}" for mb in peaks)
        print(
            f"{workers:>7} {elapsed:>8.1f} {rates[workers]:>8.1f} {peak:>26}  ({month:%Y-%m})",
            flush=True,
        )
    if 1 in rates and 2 in rates:
        print(f"ratio 2 workers / 1 worker: {rates[2] / rates[1]:.2f}")


if __name__ == "__main__":
    main()
