"""Writes to the domain: boarding notes (boarding.py). What happens to a note later is
recorded by the event log's services in payments/."""

from loans.services.boarding import note_board

__all__ = ["note_board"]
