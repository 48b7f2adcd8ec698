"""Writes to loans: boarding notes (boarding.py) and recording note events (events.py)."""

from loans.services.boarding import note_board

__all__ = ["note_board"]
