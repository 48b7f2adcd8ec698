"""HTTP throughput of Notekeeper under gunicorn with production settings on PostgreSQL:
requests/s, p50 and p99 at 16 clients for a trivial authenticated endpoint (the stack's
ceiling), balance, schedule, payment POST, the note page and the lender home page, each
as a ratio of the trivial endpoint, on a new note and on a note with 500 payments.
A benchmark, not a test (docs/performance.md, "HTTP").

    .venv/bin/python bench/http_load.py [--database-url postgres://postgres@127.0.0.1:5432/nk_httpbench]
        [--duration 10] [--rounds 3] [--connections 16] [--port 8201] [--post-notes 32]

It creates the database if missing, migrates, collects static files, boards the seed
note with its demo history and users (`load_seed_note --demo`), a copy of the seed note
paid in 500 small payments through `payment_record`, and per round fresh notes of each
kind to POST payments to: a pool of `--post-notes` (32) the POSTs go round, so that each
stays near its history, and one note every POST goes to (16 postings waiting on one
lock; the note gains thousands of payments in a run). Then it starts gunicorn
(`config.production`, 2 workers, a generated SECRET_KEY) and drives it with wrk: every
endpoint once per round, the new note and the 500-payment note back to back, so that
the machine's other load falls on all alike. Requests carry `X-Forwarded-Proto: https`,
as the TLS-terminating proxy of config/production.py sets it: production settings
unchanged.

Every endpoint is first checked with one real request and its key figures asserted; a
timed run with any non-2xx answer or socket error makes the benchmark exit non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BUSINESS_DATE = date(2007, 3, 15)
"""The demo's business date: 14 installments (2006-02-01 .. 2007-03-01) have fallen due."""
HISTORY_PAYMENTS = 500
BENCH_PASSWORD = "bench-http-password-1"
LENDER_500 = "bench-lender-500"
POST_BODY = json.dumps({"received_on": BUSINESS_DATE.isoformat(), "amount": "1.00",
                        "method": "check"})  # fmt: skip

RESULT = re.compile(
    r"^NK-RESULT requests=(\d+) duration_us=(\d+) p50_us=(\d+) p99_us=(\d+) "
    r"non2xx=(\d+) socket_errors=(\d+)$",
    re.MULTILINE,
)

# wrk's hooks: the method and body of the request (and, for a pool, its path: each
# thread's connections take the pool's paths in turn, the threads 16 apart), a count of
# the answers that are not 2xx (wrk itself counts only >= 400), and one parsable line at
# the end.
LUA = """\
wrk.method = "%(method)s"
wrk.body = %(body)s
wrk.headers["Content-Type"] = "application/json"
local threads = {}
function setup(thread)
  table.insert(threads, thread)
  thread:set("first", (#threads - 1) * 16)
end
function init(args) bad = 0; turn = first end
%(paths)sfunction response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    "NK-RESULT requests=%%d duration_us=%%d p50_us=%%d p99_us=%%d non2xx=%%d socket_errors=%%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    total, e.connect + e.read + e.write + e.timeout))
end
"""

POOL_LUA = """\
local paths = {%s}
function request()
  turn = turn %% #paths + 1
  return wrk.format(nil, paths[turn])
end
"""


@dataclass(frozen=True)
class Timing:
    """One wrk run of one endpoint."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    non_2xx: int
    socket_errors: int

    @property
    def rate(self) -> float:
        return self.requests / self.seconds


def parse_wrk(output: str) -> Timing:
    """The figures of the NK-RESULT line our Lua `done()` hook prints."""
    match = RESULT.search(output)
    if match is None:
        raise ValueError(f"no NK-RESULT line in wrk's output:\n{output}")
    requests, duration, p50, p99, non_2xx, errors = (int(group) for group in match.groups())
    return Timing(requests, duration / 1e6, p50 / 1e3, p99 / 1e3, non_2xx, errors)


def median_timing(runs: list[Timing]) -> Timing:
    """The median of each figure over the rounds; errors are summed."""
    return Timing(
        requests=sum(run.requests for run in runs),
        seconds=sum(run.seconds for run in runs),
        p50_ms=statistics.median(run.p50_ms for run in runs),
        p99_ms=statistics.median(run.p99_ms for run in runs),
        non_2xx=sum(run.non_2xx for run in runs),
        socket_errors=sum(run.socket_errors for run in runs),
    )


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/nk_httpbench")
    parser.add_argument("--port", type=int, default=8201)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--duration", type=int, default=10, help="seconds per endpoint run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--post-notes", type=int, default=32,
                        help="notes of each kind a round's POSTs go round")  # fmt: skip
    args = parser.parse_args()
    if args.post_notes < 1:
        parser.error("--post-notes: at least 1")
    return args


def create_database(url: str) -> None:
    """CREATE DATABASE when it is missing (connected to template1, never to `postgres`)."""
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1].split("?")[0]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/template1", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- the data -------------------------------------------------------------------------


def installment_parts(
    installments: list[tuple[date, date, Decimal]], count: int
) -> list[tuple[date, Decimal]]:
    """`count` payments paying the installments exactly: each installment's amount split
    into equal parts (cents left over go to the first parts), received on days spread
    over its period, the last part on the due date. (received_on, amount) pairs."""
    per, extra = divmod(count, len(installments))
    parts = []
    for k, (start, due, amount) in enumerate(installments):
        n = per + (k < extra)
        cents = int(amount * 100)
        base, left = divmod(cents, n)
        span = (due - start).days
        for i in range(n):
            received = start + timedelta(days=max(1, span * (i + 1) // n))
            parts.append((received, Decimal(base + (i < left)) / 100))
    return parts


def prepare(run_id: str, rounds: int, pool: int) -> dict[str, Any]:
    """Board the notes and users (reusing what an earlier run left); their ids."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from jobs.demo_history import demo_history, seed_demo_payments
    from loans.models import Membership, Note, Party, Role
    from loans.seed import seed_demo_users, seed_note_board
    from loans.services import note_board
    from loans.services.boarding import TERM_FIELDS
    from payments.services import payment_record
    from payments.status import note_status_refresh

    seed = seed_note_board()
    seed_demo_users()
    seed_demo_payments(today=BUSINESS_DATE)
    clerk = get_user_model().objects.get(username="borrower")
    terms = {field: getattr(seed, field) for field in TERM_FIELDS}
    # The seed's installments due by the business date, (period start, due, interest):
    # the demo history pays exactly these (jobs/demo_history.py).
    history = demo_history()
    installments = [
        (history[k - 1].due_date if k else seed.accrual_start, paid.due_date, paid.amount)
        for k, paid in enumerate(history)
    ]

    def party(name: str) -> Party:
        return Party.objects.get_or_create(name=name, kind=Party.Kind.PERSON)[0]

    def copy(reference: str, lenders: list[Party], payments: int) -> Note:
        """The seed's terms, paid through `payment_record` like the demo history: in
        14 installment payments, or in `payments` smaller ones paying the same."""
        note = Note.objects.filter(reference=reference).first()
        if note is None:
            shares = [(lender, Decimal(100) / len(lenders)) for lender in lenders]
            note = note_board(reference=reference, borrower=seed.borrower, lenders=shares, **terms)
        if payments == len(installments):
            parts = [(paid.received_on, paid.amount) for paid in history]
        else:
            parts = installment_parts(installments, payments)
        for number, (received_on, amount) in enumerate(parts, 1):
            payment_record(note=note, received_on=received_on, amount=amount, method="check",
                           entered_by=clerk, idempotency_key=f"bench-http-{number}",
                           today=BUSINESS_DATE)  # fmt: skip
        return note

    started = time.monotonic()
    lender_a, lender_b = party("BENCH 500 LENDER A"), party("BENCH 500 LENDER B")
    many = copy("BENCH-500-PAYMENTS", [lender_a, lender_b], HISTORY_PAYMENTS)
    user, created = get_user_model().objects.get_or_create(username=LENDER_500)
    if created:
        user.set_password(BENCH_PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, party=lender_a, role=Role.LENDER)
    # Payments are POSTed to notes of their own, fresh every round (each POST adds one),
    # whose lender has no user: the lender home pages measured do not list them. Per
    # round and kind, a pool the POSTs go round and one note they all go to.
    posting = [party("BENCH POSTING LENDER")]

    def posted(kind: str, payments: int) -> list[dict[str, Any]]:
        return [
            {
                "pool": [
                    copy(f"BENCH-POST-{run_id}-{r}-{kind}-{k}", posting, payments).pk
                    for k in range(pool)
                ],
                "one": copy(f"BENCH-POST-{run_id}-{r}-{kind}", posting, payments).pk,
            }
            for r in range(rounds)
        ]

    post_new, post_many = posted("NEW", 14), posted("500", HISTORY_PAYMENTS)
    # An earlier run's checkpoints were written by the engine of its day: rewrite them
    # (as `refresh_status` does after an upgrade), or reads replay the logs afresh.
    for note in Note.objects.filter(pk__in=[seed.pk, many.pk]):
        note_status_refresh(note=note, today=BUSINESS_DATE)
    # PostgreSQL plans from its tables' statistics, and reads a row from an index alone
    # once its page is marked all-visible, both kept by autovacuum. Where autovacuum is
    # off (as on the development machine) the tables just filled would have no
    # statistics, every plan would be a guess (the note page's payments: all 500 joined
    # and sorted to show 24), and counting a note's payments for its checkpoint would
    # visit the page of every one; nor would the dead rows of earlier runs' rewritten
    # checkpoints ever go. Vacuum and analyze, as autovacuum would have.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"data ready in {time.monotonic() - started:.0f} s", flush=True)
    return {
        "seed": seed.pk,
        "many": many.pk,
        "post_new": post_new,
        "post_many": post_many,
        "lender_party": Party.objects.get(name="DAVID N. SLAVNY").pk,
        "lender_500_party": lender_a.pk,
    }


def session_cookie(username: str) -> str:
    """A signed-in session for the user, stored as django.contrib.auth.login stores it."""
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    from accounts.sessions import SessionStore

    user = get_user_model().objects.get(username=username)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.sessions.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


# --- the server -----------------------------------------------------------------------


class Server:
    def __init__(self, port: int) -> None:
        self.base = f"http://127.0.0.1:{port}"

    def call(self, method: str, path: str, headers: dict[str, str], body: str | None = None
             ) -> tuple[int, bytes]:  # fmt: skip
        request = urllib.request.Request(
            self.base + path, method=method, data=body.encode() if body else None,
            headers={"X-Forwarded-Proto": "https", "Content-Type": "application/json", **headers},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def wait(self, process: subprocess.Popen[bytes]) -> None:
        for _ in range(120):
            if process.poll() is not None:
                raise SystemExit("gunicorn stopped: see its log above")
            try:
                if self.call("GET", "/healthz", {})[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    def token(self, username: str, password: str) -> str:
        body = json.dumps({"username": username, "password": password})
        status, answer = self.call("POST", "/api/auth/token/", {}, body)
        if status != 200:
            raise SystemExit(f"POST /api/auth/token/ as {username}: {status} {answer[:200]!r}")
        return str(json.loads(answer)["token"])


Auth = dict[str, dict[str, dict[str, str]]]
"""Per user: "token" and "session", each the request headers that sign in with it."""


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: str
    headers: dict[str, str]
    body: str | None = None
    pool: tuple[str, ...] = ()
    """Paths the requests go round instead of `path` (`path` is the first)."""


def endpoints(ids: dict[str, Any], auth: Auth, many: bool, round_: int) -> list[Endpoint]:
    """The endpoints of one case: the new (seed) note, or the note with 500 payments."""
    note = ids["many" if many else "seed"]
    posts = ids["post_many" if many else "post_new"][round_]
    payments = [f"/api/notes/{pk}/payments/" for pk in posts["pool"]]
    lender = auth["lender-500" if many else "lender"]
    party = ids["lender_500_party" if many else "lender_party"]
    return [
        Endpoint("trivial (GET party)", "GET", f"/api/parties/{party}/", lender["token"]),
        Endpoint("balance", "GET", f"/api/notes/{note}/balance/", lender["token"]),
        Endpoint("schedule", "GET", f"/api/notes/{note}/schedule/", lender["token"]),
        Endpoint(
            "payment POST",
            "POST",
            payments[0],
            auth["borrower"]["token"],
            POST_BODY,
            pool=tuple(payments),
        ),
        Endpoint(
            "POST, one note",
            "POST",
            f"/api/notes/{posts['one']}/payments/",
            auth["borrower"]["token"],
            POST_BODY,
        ),
        Endpoint("note page", "GET", f"/notes/{note}/", lender["session"]),
        Endpoint("lender home", "GET", "/", lender["session"]),
    ]


def check(server: Server, endpoint: Endpoint, reference: str) -> None:
    """One real request; its key figures, worked out by hand for the seed note (and, by
    construction, the same for its copy paid in 500 parts): 14 interest installments
    paid (1,911.67 then 1,850.00 x 13), the 15th due 2007-04-01; principal 185,000.00;
    interest accrued 2007-03-01 .. 2007-03-15, 14 days 30/360: 185,000.00 x 12% x 14/360
    = 863.333.. -> 863.33."""
    status, body = server.call(endpoint.method, endpoint.path, endpoint.headers, endpoint.body)
    expected = 201 if endpoint.method == "POST" else 200
    if status != expected:
        raise SystemExit(f"{endpoint.method} {endpoint.path}: {status} {body[:300]!r}")
    if endpoint.name == "balance":
        balance = json.loads(body)
        figures = {key: balance[key] for key in ("principal", "interest_accrued", "total_due",
                                                 "next_due_date", "next_due_amount")}  # fmt: skip
        assert figures == {"principal": "185000.00", "interest_accrued": "863.33",
                           "total_due": "0.00", "next_due_date": "2007-04-01",
                           "next_due_amount": "1850.00"}, figures  # fmt: skip
    elif endpoint.name == "schedule":
        rows = json.loads(body)
        assert len(rows) == 24, len(rows)
        paid = [row["paid"] for row in rows[:14]]
        assert paid == ["1911.67"] + ["1850.00"] * 13, paid
        assert rows[14]["status"] == "upcoming", rows[14]
    elif endpoint.method == "POST":
        assert json.loads(body)["amount"] == "1.00", body[:200]
    elif endpoint.name in ("note page", "lender home"):
        page = body.decode()
        assert reference in page, f"{endpoint.path} does not name {reference}"
        if endpoint.name == "note page":
            assert "185,000.00" in page, "the note page shows no principal of 185,000.00"


def wrk_script(endpoint: Endpoint) -> str:
    """The Lua script wrk runs for the endpoint (`LUA`, with `POOL_LUA` for a pool)."""
    body = json.dumps(endpoint.body) if endpoint.body else "nil"
    pool = ", ".join(json.dumps(path) for path in endpoint.pool)
    paths = POOL_LUA % pool if pool else ""
    return LUA % {"method": endpoint.method, "body": body, "paths": paths}


def run_wrk(args: argparse.Namespace, server: Server, endpoint: Endpoint, lua_dir: Path
            ) -> Timing:  # fmt: skip
    script = lua_dir / f"{endpoint.method.lower()}.lua"
    script.write_text(wrk_script(endpoint))
    headers = {"X-Forwarded-Proto": "https", **endpoint.headers}
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--timeout", "10s", "-s", str(script)]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, server.base + endpoint.path], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    return parse_wrk(output)


def main() -> None:
    args = parse()
    run_id = secrets.token_hex(3).upper()
    os.environ.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="config.production",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="127.0.0.1",
        NOTEKEEPER_BUSINESS_DATE=BUSINESS_DATE.isoformat(),
        LOG_LEVEL="WARNING",
    )
    create_database(args.database_url)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("collectstatic", "--noinput", verbosity=0)
    ids = prepare(run_id, args.rounds, args.post_notes)

    from loans.models import Note

    references = {pk: Note.objects.get(pk=pk).reference for pk in (ids["seed"], ids["many"])}
    command = [sys.executable, "-m", "gunicorn", "config.wsgi:application",
               "--bind", f"127.0.0.1:{args.port}", "--workers", str(args.workers),
               "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT)
    server = Server(args.port)
    try:
        server.wait(process)
        auth: Auth = {}
        for key, (username, password) in {
            "lender": ("lender", "lender-demo-2007"),
            "borrower": ("borrower", "borrower-demo-2007"),
            "lender-500": (LENDER_500, BENCH_PASSWORD),
        }.items():
            token = server.token(username, password)
            auth[key] = {
                "token": {"Authorization": f"Token {token}"},
                "session": {"Cookie": session_cookie(username)},
            }
        results = measure(args, server, ids, auth, references)
    finally:
        process.terminate()
        process.wait()
    print()
    for kind, label in (("new", "new"), ("many", "500")):
        for round_, posts in enumerate(ids[f"post_{kind}"], 1):
            print(f"payments on the POST notes ({label}) after round {round_}: "
                  f"{grown(posts['pool'])} on each of the pool's, {grown([posts['one']])} "
                  f"on the one note")  # fmt: skip
    report(args, results)


def grown(notes: list[int]) -> str:
    """How many payments the notes hold: a count, or the fewest..the most."""
    from django.db.models import Count

    from payments.models import Payment

    counts = Payment.objects.filter(note_id__in=notes).values("note_id").annotate(n=Count("pk"))
    low, high = min(row["n"] for row in counts), max(row["n"] for row in counts)
    return f"{low}" if low == high else f"{low}..{high}"


def measure(
    args: argparse.Namespace,
    server: Server,
    ids: dict[str, Any],
    auth: Auth,
    references: dict[int, str],
) -> dict[tuple[str, bool], Timing]:
    runs: dict[tuple[str, bool], list[Timing]] = {}
    with tempfile.TemporaryDirectory() as lua_dir:
        for round_ in range(args.rounds):
            cases = {many: endpoints(ids, auth, many, round_) for many in (False, True)}
            for new_endpoint, many_endpoint in zip(cases[False], cases[True], strict=True):
                for many, endpoint in ((False, new_endpoint), (True, many_endpoint)):
                    check(server, endpoint, references[ids["many" if many else "seed"]])
                    timing = run_wrk(args, server, endpoint, Path(lua_dir))
                    runs.setdefault((endpoint.name, many), []).append(timing)
                    print(f"round {round_ + 1} {endpoint.name:<20} {'500' if many else 'new'}"
                          f" {timing.rate:7.1f}/s p50 {timing.p50_ms:6.1f} ms"
                          f" p99 {timing.p99_ms:6.1f} ms", flush=True)  # fmt: skip
    return {key: median_timing(timings) for key, timings in runs.items()}


def report(args: argparse.Namespace, results: dict[tuple[str, bool], Timing]) -> None:
    print(f"\n## {args.connections} clients, gunicorn {args.workers} workers, "
          f"{args.rounds} rounds x {args.duration} s; p50/p99: median over the rounds; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'endpoint':<20} {'note':<4} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'/trivial':>8} {'500/new':>8}")  # fmt: skip
    names = dict.fromkeys(name for name, _ in results)
    for many in (False, True):
        trivial = results[("trivial (GET party)", many)].rate
        for name in names:
            timing = results[(name, many)]
            versus_new = timing.rate / results[(name, False)].rate
            print(f"{name:<20} {'500' if many else 'new':<4} {timing.rate:>7.1f} "
                  f"{timing.p50_ms:>7.1f} {timing.p99_ms:>7.1f} {timing.rate / trivial:>8.2f} "
                  f"{versus_new if many else 1:>8.2f}")  # fmt: skip
    failed = {key: t for key, t in results.items() if t.non_2xx or t.socket_errors}
    for (name, many), timing in failed.items():
        print(f"ERROR {name} ({'500' if many else 'new'}): {timing.non_2xx} non-2xx answers, "
              f"{timing.socket_errors} socket errors")  # fmt: skip
    if failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
