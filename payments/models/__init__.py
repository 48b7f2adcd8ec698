"""The note's event log: money events (money.py), default events (defaults.py) and
share transfers (transfers.py); beside it, the replay checkpoints (checkpoints.py)."""

from payments.models.checkpoints import ReplayCheckpoint
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
from payments.models.transfers import ShareTransfer

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
    "ReplayCheckpoint",
    "ShareTransfer",
]
