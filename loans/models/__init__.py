"""loans models, split by topic."""

from loans.models.events import DefaultNotice, DeliveryMethod, NoteEvent, NoteEventKind
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
    "DefaultNotice",
    "DeliveryMethod",
    "Membership",
    "Note",
    "NoteEvent",
    "NoteEventKind",
    "NoteLender",
    "NoteStatus",
    "Party",
    "Repayment",
    "Role",
]
