"""The note's event log: money events (money.py) and default events (defaults.py)."""

from payments.models.defaults import (
    FOLLOW_UP_KINDS,
    DefaultNotice,
    DeliveryMethod,
    NoteEvent,
    NoteEventKind,
)
from payments.models.money import (
    Charge,
    ChargeKind,
    Payment,
    PaymentConfirmation,
    PaymentKind,
    PaymentMethod,
    PaymentReversal,
)

__all__ = [
    "FOLLOW_UP_KINDS",
    "Charge",
    "ChargeKind",
    "DefaultNotice",
    "DeliveryMethod",
    "NoteEvent",
    "NoteEventKind",
    "Payment",
    "PaymentConfirmation",
    "PaymentKind",
    "PaymentMethod",
    "PaymentReversal",
]
