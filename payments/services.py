"""Posting: payments, reversals, charges and lender confirmations (DESIGN 2, 3.4).

Every write locks the note row (`note_lock`: SELECT ... FOR UPDATE) for the rest of its
transaction, so two postings on one note run one after the other; an idempotency key is
looked up and claimed under that lock, and the unique (note, idempotency_key) constraint
backs it up. Every write ends by refreshing the note's stored status and logging one line
(loans/audit.py).

`today` is the business date the caller works on (DESIGN 3.8): interfaces pass
`business_date()`; no event may be dated after it. Left out, it is read here (for
callers written before it was a parameter).

The allocation returned with a payment is the engine's, from a replay as of the business
date. Validation keeps `received_on` on or before the business date, so the payment is
always in that replay; should the business date ever be set back before a payment's date
(a retry after a demo date change), the replay is taken as of the payment's date instead.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from loans.audit import log_write
from loans.business_date import business_date
from loans.composed import composed
from loans.dates import date_in_range
from loans.engine.money import MoneyError, parse_money
from loans.engine.values import Allocation
from loans.errors import Conflict
from loans.models import Note, Party
from payments.models import (
    Charge,
    ChargeKind,
    Payment,
    PaymentConfirmation,
    PaymentKind,
    PaymentMethod,
    PaymentReversal,
)
from payments.selectors import charge_event, note_replay, payment_event
from payments.shares import payment_lenders
from payments.status import allocation_in, note_refresh_locked

if TYPE_CHECKING:
    from django.contrib.auth.models import User
    from django.db.models import QuerySet

MONEY_LIMIT = Decimal("1e12")
"""Stored amounts are numeric(14,2): less than a trillion."""


@dataclass(frozen=True)
class RecordedPayment:
    """What `payment_record` answers: the payment, where it went, and whether it is new."""

    payment: Payment
    """The stored payment (the original one when an idempotent retry)."""
    allocation: Allocation
    """The engine's allocation as of the business date."""
    created: bool
    """False when the idempotency key returned an earlier payment."""


def note_lock(note: Note) -> Note:
    """Lock the note row until the transaction ends (a no-op on SQLite, which serializes
    writers anyway) and read it afresh under the lock. Tests replace this function to
    prove the lock is needed.

    Nothing else is read in this statement: after waiting for the lock, PostgreSQL sees
    the rest of the statement as of before it waited, without the posting just
    committed. The note's log and checkpoint are read by the statements after it
    (docs/posting.md, "The checkpoint is read after the lock")."""
    locked = _locked.first(note.pk)
    if locked is None:
        raise ValidationError({"note": ["No such note."]})
    return locked


@composed
def _locked(pk: int) -> QuerySet[Note]:
    """`select_for_update` (no FOR UPDATE where the database has none: SQLite locks the
    whole database for a write), composed once a connection: every write runs it, and
    composing it took longer than running it."""
    return Note.objects.select_for_update().filter(pk=pk).order_by()


def money_amount(value: object, field: str = "amount") -> Decimal:
    """A positive amount with at most two decimals, from a Decimal, int or string."""
    try:
        amount = parse_money(value)
    except MoneyError as error:
        raise ValidationError({field: [str(error)]}) from None
    if amount <= 0:
        raise ValidationError({field: ["The amount must be greater than zero."]})
    if amount >= MONEY_LIMIT:
        raise ValidationError({field: ["The amount is too large."]})
    return amount


def business_today(today: date | None) -> date:
    """The caller's business date, or the configured one when the caller gave none."""
    return business_date() if today is None else today


def event_date(value: object, field: str, *, today: date, not_before: date | None = None) -> date:
    """A date (or ISO text) between `not_before` and the business date, inclusive."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise ValidationError({field: ["Enter a date as YYYY-MM-DD."]}) from None
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError({field: ["Enter a date as YYYY-MM-DD."]})
    date_in_range(value, field)
    if value > today:
        raise ValidationError({field: [f"{value} is after the business date {today}."]})
    if not_before is not None and value < not_before:
        raise ValidationError({field: [f"{value} is before {not_before}."]})
    return value


def choice(value: object, field: str, choices: type) -> str:
    if value not in choices.values:  # type: ignore[attr-defined]
        allowed = ", ".join(choices.values)  # type: ignore[attr-defined]
        raise ValidationError({field: [f"'{written(value)}' is not one of: {allowed}."]})
    return str(value)


def validated(**checks: Callable[[], Any]) -> dict[str, Any]:
    """Run every field's check; raise one ValidationError naming every bad field."""
    values: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, check in checks.items():
        try:
            values[field] = check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return values


def request_fingerprint(**body: object) -> str:
    """SHA-256 of the request body, amounts compared by value ("1850" == "1850.00")."""
    canonical = {key: _canonical(value) for key, value in sorted(body.items())}
    return hashlib.sha256(json.dumps(canonical, sort_keys=True).encode()).hexdigest()


def _canonical(value: object) -> str:
    if isinstance(value, Decimal | int | str):
        try:
            return format(Decimal(str(value)).normalize(), "f")
        except (ArithmeticError, ValueError):  # not a number, or past Decimal's exponents
            return hex(value) if isinstance(value, int) else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return written(value)


def written(value: object) -> str:
    """str(value), or a placeholder when str() refuses (an int past 4300 digits)."""
    try:
        return str(value)
    except ValueError:
        return f"<a {type(value).__name__} too long to write>"


def _allocation(payment: Payment, today: date) -> Allocation:
    as_of = max(today, payment.received_on)
    allocation = allocation_in(note_replay(note=payment.note, as_of=as_of), str(payment.pk))
    assert allocation is not None  # received on or before `as_of`
    return allocation


@transaction.atomic
def payment_record(
    *,
    note: Note,
    received_on: date,
    amount: Decimal | str,
    method: str,
    kind: str = "regular",
    reference: str = "",
    memo: str = "",
    entered_by: User,
    idempotency_key: str | None = None,
    today: date | None = None,
) -> RecordedPayment:
    """Store a payment received on the note and return it with its allocation.

    A payment on a paid-off note is accepted (it shows as unapplied: a refund is due).
    """
    today = business_today(today)
    note = note_lock(note)
    fingerprint = request_fingerprint(
        received_on=received_on, amount=amount, method=method, kind=kind,
        reference=reference, memo=memo,
    )  # fmt: skip
    if idempotency_key:
        earlier = Payment.objects.filter(note=note, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return _idempotent_answer(earlier, fingerprint, today)
    fields = validated(
        received_on=lambda: event_date(
            received_on, "received_on", today=today, not_before=note.accrual_start
        ),
        amount=lambda: money_amount(amount),
        method=lambda: choice(method, "method", PaymentMethod),
        kind=lambda: choice(kind, "kind", PaymentKind),
    )
    payment = Payment.objects.create(
        note=note,
        **fields,
        reference=reference,
        memo=memo,
        entered_by=entered_by,
        idempotency_key=idempotency_key or "",
        request_fingerprint=fingerprint,
    )
    payment.note = note
    refreshed = note_refresh_locked(note=note, today=today, appended=payment_event(payment))
    log_write(who=entered_by, what="payment_record", note=note, id=payment)
    allocation = refreshed.allocation or _allocation(payment, today)
    return RecordedPayment(payment=payment, allocation=allocation, created=True)


def _idempotent_answer(earlier: Payment, fingerprint: str, today: date) -> RecordedPayment:
    if earlier.request_fingerprint != fingerprint:
        raise Conflict(
            "This Idempotency-Key was already used for a different payment on this note."
        )
    # Nothing is written, so nothing is logged: the first request was.
    return RecordedPayment(payment=earlier, allocation=_allocation(earlier, today), created=False)


@transaction.atomic
def payment_reverse(
    *,
    payment: Payment,
    reversed_on: date,
    reason: str,
    entered_by: User,
    today: date | None = None,
) -> PaymentReversal:
    """Take a payment back (returned check, posting error) from `reversed_on` on."""
    today = business_today(today)
    note = note_lock(payment.note)
    if PaymentReversal.objects.filter(payment_id=payment.pk).exists():
        raise Conflict(f"Payment {payment.pk} is already reversed.")
    on = event_date(reversed_on, "reversed_on", today=today, not_before=payment.received_on)
    if not str(reason).strip():
        raise ValidationError({"reason": ["Say why the payment is reversed."]})
    try:
        with transaction.atomic():
            reversal = PaymentReversal.objects.create(
                payment=payment, reversed_on=on, reason=reason, entered_by=entered_by
            )
    except IntegrityError:  # one reversal per payment, should the lock ever be bypassed
        raise Conflict(f"Payment {payment.pk} is already reversed.") from None
    note_refresh_locked(note=note, today=today)
    log_write(who=entered_by, what="payment_reverse", note=note, id=reversal)
    return reversal


@transaction.atomic
def charge_record(
    *,
    note: Note,
    incurred_on: date,
    amount: Decimal | str,
    kind: str,
    description: str,
    entered_by: User,
    today: date | None = None,
) -> Charge:
    """A cost the borrower owes (costs of collection, attorneys' fees), due on `incurred_on`."""
    today = business_today(today)
    note = note_lock(note)
    fields = validated(
        incurred_on=lambda: event_date(
            incurred_on, "incurred_on", today=today, not_before=note.accrual_start
        ),
        amount=lambda: money_amount(amount),
        kind=lambda: choice(kind, "kind", ChargeKind),
    )
    charge = Charge.objects.create(
        note=note, **fields, description=description, entered_by=entered_by
    )
    note_refresh_locked(note=note, today=today, appended=charge_event(charge))
    log_write(who=entered_by, what="charge_record", note=note, id=charge)
    return charge


@transaction.atomic
def payment_confirm(
    *,
    payment: Payment,
    lender_party: Party,
    confirmed: bool,
    comment: str,
    by: User,
    today: date | None = None,
) -> PaymentConfirmation:
    """A lender confirms or disputes receipt of a payment; the latest answer stands."""
    today = business_today(today)
    note = note_lock(payment.note)
    if lender_party not in payment_lenders(payment):
        raise ValidationError(
            {"lender_party": [f"{lender_party} held no share of {note} on {payment.received_on}."]}
        )
    if not isinstance(confirmed, bool):
        raise ValidationError({"confirmed": ["Answer true (confirmed) or false (disputed)."]})
    confirmation = PaymentConfirmation.objects.create(
        payment=payment, lender_party=lender_party, confirmed=confirmed, comment=comment, by=by
    )
    note_refresh_locked(note=note, today=today)
    log_write(who=by, what="payment_confirm", note=note, id=confirmation)
    return confirmation
