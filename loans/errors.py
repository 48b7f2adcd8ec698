"""Errors that services raise besides Django's ValidationError (bad input, 400)."""


class Conflict(Exception):
    """The request clashes with what is already recorded (HTTP 409): a second
    reversal, an idempotency key reused with a different body."""
