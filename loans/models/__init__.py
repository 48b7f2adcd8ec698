"""loans models, split by topic."""

from loans.models.notes import (
    Acceleration,
    CollateralReference,
    DayCount,
    Membership,
    Note,
    NoteLender,
    NoteStatus,
    Party,
    Repayment,
    Role,
)

__all__ = [
    "Acceleration",
    "CollateralReference",
    "DayCount",
    "Membership",
    "Note",
    "NoteLender",
    "NoteStatus",
    "Party",
    "Repayment",
    "Role",
]
