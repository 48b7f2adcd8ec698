"""One structured log line per write (DESIGN 5, Operations): who, what, note, id.

Every service that writes calls `log_write` once, after its rows are stored. The line
reads `write who=lender what=payment_record note=12 id=345` for people and plain
handlers, and carries the same four fields as attributes of the log record
(`record.who`, ...) for a JSON formatter. The rows themselves already record who
entered them; this log says what happened when, across all of them, in one place.
"""

import logging
from typing import Any

logger = logging.getLogger("notekeeper.writes")

SYSTEM = "system"
"""`who` for writes no person asked for (the seed, a scheduled job)."""


def log_write(*, who: Any, what: str, note: Any, id: Any) -> None:
    """Log one write: `who` a user (or None for the system), `what` the service,
    `note` the note written to (or its id, or None), `id` the row written."""
    fields = {
        "who": _username(who),
        "what": what,
        "note": getattr(note, "pk", note),
        "id": getattr(id, "pk", id),
    }
    logger.info("write who=%s what=%s note=%s id=%s", *fields.values(), extra=fields)


def _username(who: Any) -> str:
    if who is None:
        return SYSTEM
    get_username = getattr(who, "get_username", None)
    return str(get_username()) if callable(get_username) else str(who)
