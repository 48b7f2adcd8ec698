"""Requests per second against a running Notekeeper, to compare CONN_MAX_AGE settings.

Closed loop: `--clients` threads, each with its own keep-alive HTTP connection,
send GET requests one after the other for `--seconds`. Not a test; see
docs/operations.md ("Database connections") for a run and its figures.

    .venv/bin/python bench/connections.py http://127.0.0.1:8016/healthz
    .venv/bin/python bench/connections.py http://127.0.0.1:8016/api/notes/1/balance/ \\
        --token "$TOKEN"
"""

import argparse
import http.client
import threading
import time
from collections import Counter
from urllib.parse import urlsplit


def hammer(url: str, token: str, until: float, statuses: Counter[int]) -> None:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 80)
    headers = {"Authorization": f"Token {token}"} if token else {}
    while time.monotonic() < until:
        connection.request(
            "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers
        )
        response = connection.getresponse()
        response.read()
        statuses[response.status] += 1  # Counter updates are atomic enough under the GIL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--token", default="", help="API token (Authorization: Token ...)")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args()
    statuses: Counter[int] = Counter()
    until = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=hammer, args=(args.url, args.token, until, statuses))
        for _ in range(args.clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(statuses.values())
    print(f"{args.url}: {total / args.seconds:.1f} requests/s, statuses {dict(statuses)}")


if __name__ == "__main__":
    main()
