"""Boarding a note: validate its terms, then write it with its lenders and
collateral in one transaction (DESIGN 2, 3.2, 3.6; issue 2).

Every bad term is reported at once, as a ValidationError keyed by field; when
any check fails nothing is written. The database constraints of
loans/models/notes.py are the last line behind these checks.
"""

import inspect
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction

from loans.audit import log_write
from loans.dates import date_range_error
from loans.engine.money import MoneyError, parse_money
from loans.engine.schedule import due_dates_between
from loans.instrument import instrument_digest
from loans.models import (
    Acceleration,
    CollateralReference,
    DayCount,
    Note,
    NoteLender,
    Party,
    Repayment,
)
from loans.models.notes import PAYMENT_FREQUENCIES

Errors = dict[str, list[str]]

HUNDRED = Decimal("100")
REFERENCE_LENGTH = 64  # Note.reference max_length
MAX_MONEY = Decimal("1000000000000")  # numeric(14,2) holds less than 10**12
UCC1_LIFETIME = relativedelta(years=5)  # UCC 9-515(a): a financing statement lapses after 5 years
COLLATERAL_FIELDS = (
    "kind",
    "title",
    "date",
    "parties",
    "filing_office",
    "filing_number",
    "filing_date",
    "lapse_date",
    "notes",
)
"""What a collateral reference records, in the order forms and the API show it."""

TERM_FIELDS = (
    "principal",
    "annual_rate",
    "day_count",
    "dated",
    "accrual_start",
    "first_payment_date",
    "maturity_date",
    "repayment",
    "payment_frequency_months",
    "interest_only_periods",
    "amortization_periods",
    "installment_amount",
    "notice_required",
    "cure_days",
    "grace_days",
    "acceleration",
)
"""A note's terms (DESIGN 2 and 6), as `note_terms_errors` checks them."""


@transaction.atomic
def note_board(
    *,
    reference: str,
    borrower: Party,
    lenders: list[tuple[Party, Decimal]],
    principal: Decimal,
    annual_rate: Decimal,
    day_count: str,
    dated: date,
    first_payment_date: date,
    maturity_date: date,
    repayment: str,
    accrual_start: date | None = None,
    payment_frequency_months: int = 1,
    interest_only_periods: int = 0,
    amortization_periods: int | None = None,
    installment_amount: Decimal | None = None,
    notice_required: bool = True,
    cure_days: int = 10,
    grace_days: int = 0,
    acceleration: str = "automatic",
    governing_law: str = "",
    prepayment_terms: str = "",
    instrument_text: str = "",
    instrument_file: File | None = None,
    collateral: Iterable[Mapping[str, Any]] = (),
    boarded_by: Any = None,
) -> Note:
    """Board a note with its lenders (party, share in percent) and collateral.

    Raises ValidationError({field: [messages]}) listing every bad term. `boarded_by`
    is who asked (None for the system, e.g. the seed), for the write log.
    """
    terms: dict[str, Any] = {
        "reference": (reference or "").strip(),
        "borrower": borrower,
        "principal": principal,
        "annual_rate": annual_rate,
        "day_count": day_count,
        "dated": dated,
        "accrual_start": accrual_start or dated,
        "first_payment_date": first_payment_date,
        "maturity_date": maturity_date,
        "repayment": repayment,
        "payment_frequency_months": payment_frequency_months,
        "interest_only_periods": interest_only_periods,
        "amortization_periods": amortization_periods,
        "installment_amount": installment_amount,
        "notice_required": notice_required,
        "cure_days": cure_days,
        "grace_days": grace_days,
        "acceleration": acceleration,
        "governing_law": governing_law,
        "prepayment_terms": prepayment_terms,
        "instrument_text": instrument_text,
    }
    lenders = list(lenders)
    securities = [dict(item) for item in collateral]
    errors = note_board_errors(terms=terms, lenders=lenders, collateral=securities)
    if errors:
        raise ValidationError(errors)
    note = _note_create(
        terms=terms, lenders=lenders, collateral=securities, instrument_file=instrument_file
    )
    log_write(who=boarded_by, what="note_board", note=note, id=note)
    return note


BOARD_DEFAULTS: dict[str, Any] = {
    name: parameter.default
    for name, parameter in inspect.signature(note_board).parameters.items()
    if name in TERM_FIELDS and parameter.default is not inspect.Parameter.empty
}
"""The terms `note_board` fills in when they are not given (for the boarding preview)."""


def note_board_errors(
    *, terms: dict[str, Any], lenders: list[tuple[Party, Decimal]], collateral: list[dict[str, Any]]
) -> Errors:
    """Every problem with a note to board, keyed by field (empty when it may be boarded)."""
    errors: Errors = {}
    _check_reference(terms, errors)
    _check_borrower(terms, errors)
    errors |= note_terms_errors(terms=terms)
    errors |= lender_errors(lenders=lenders, borrower=terms.get("borrower"))
    errors |= collateral_errors(collateral=collateral)
    return errors


def note_terms_errors(*, terms: dict[str, Any]) -> Errors:
    """Problems with a note's economic and default terms, keyed by field.

    Normalizes `terms` in place (principal, rate and installment become Decimals).
    Also used by the admin's note form, so both ways of writing a note agree.
    """
    errors: Errors = {}
    _check_money(terms, errors)
    _check_choices(terms, errors)
    _check_dates(terms, errors)
    _check_periods(terms, errors)
    _check_installment(terms, errors)
    _check_default_terms(terms, errors)
    return errors


def lender_errors(*, lenders: list[tuple[Party, Any]], borrower: Party | None) -> Errors:
    """Problems with a note's lenders and shares (percent), under the key "lenders"."""
    errors: Errors = {}
    _check_lenders(lenders, borrower, errors)
    return errors


def collateral_errors(*, collateral: list[dict[str, Any]]) -> Errors:
    """Problems with a note's collateral references, under the key "collateral"."""
    errors: Errors = {}
    _check_collateral(collateral, errors)
    return errors


def _add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def _check_reference(terms: dict[str, Any], errors: Errors) -> None:
    reference = terms["reference"]
    if not reference:
        _add(errors, "reference", "A reference is required.")
    elif len(reference) > REFERENCE_LENGTH:
        _add(errors, "reference", "A reference has at most 64 characters.")
    elif Note.objects.filter(reference=reference).exists():
        _add(errors, "reference", f"A note with reference {reference!r} is already boarded.")


def _check_borrower(terms: dict[str, Any], errors: Errors) -> None:
    borrower = terms["borrower"]
    if not isinstance(borrower, Party) or borrower.pk is None:
        _add(errors, "borrower", "The borrower must be a saved party.")


def as_decimal(value: object) -> Decimal | None:
    """A Decimal from a Decimal, an int or a string; None for anything else (floats too)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):  # ValueError: an int past str()'s 4300 digits
        return None
    return number if number.is_finite() else None


def _places(number: Decimal) -> int:
    exponent = number.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _money(terms: dict[str, Any], field: str, errors: Errors) -> Decimal | None:
    try:
        return parse_money(terms[field])
    except MoneyError as error:
        _add(errors, field, str(error))
        return None


def _check_money(terms: dict[str, Any], errors: Errors) -> None:
    principal = _money(terms, "principal", errors)
    if principal is not None and principal <= 0:
        _add(errors, "principal", "The principal must be more than zero.")
    elif principal is not None and principal >= MAX_MONEY:
        _add(errors, "principal", "The principal must be less than 1,000,000,000,000.00.")
    terms["principal"] = principal
    rate = as_decimal(terms["annual_rate"])
    if rate is None:
        _add(errors, "annual_rate", "The rate must be a decimal percentage (not a float).")
    elif not 0 <= rate <= HUNDRED:
        _add(errors, "annual_rate", "The rate is a percent a year between 0 and 100.")
    elif _places(rate) > 6:
        _add(errors, "annual_rate", "The rate has at most six decimal places.")
    terms["annual_rate"] = rate


def _check_choices(terms: dict[str, Any], errors: Errors) -> None:
    choices = {
        "day_count": DayCount.values,
        "repayment": Repayment.values,
        "acceleration": Acceleration.values,
    }
    for field, allowed in choices.items():
        if terms[field] not in allowed:
            known = ", ".join(allowed)
            _add(errors, field, f"Unknown {field} {terms[field]!r}; one of: {known}.")
    if terms["payment_frequency_months"] not in PAYMENT_FREQUENCIES:
        _add(
            errors,
            "payment_frequency_months",
            "The payment frequency is 1, 2, 3, 4, 6 or 12 months.",
        )


def _check_dates(terms: dict[str, Any], errors: Errors) -> None:
    fields = ("dated", "accrual_start", "first_payment_date", "maturity_date")
    missing = [field for field in fields if not isinstance(terms[field], date)]
    for field in missing:
        _add(errors, field, "A date is required.")
    if missing:
        return
    out_of_range = {field: date_range_error(terms[field]) for field in fields}
    for field, error in out_of_range.items():
        if error:
            _add(errors, field, error)
    if any(out_of_range.values()):
        return
    if terms["first_payment_date"] <= terms["accrual_start"]:
        _add(errors, "first_payment_date", "The first payment date must be after accrual start.")
    if terms["maturity_date"] <= terms["first_payment_date"]:
        _add(errors, "maturity_date", "The maturity date must be after the first payment date.")


def installment_count(*, first_payment_date: date, maturity_date: date, frequency: int) -> int:
    """How many due dates the note has: the engine's schedule decides (DESIGN 3.2)."""
    return len(due_dates_between(first_payment_date, maturity_date, frequency))


def _term_periods(terms: dict[str, Any]) -> int | None:
    dates_ok = isinstance(terms["first_payment_date"], date) and isinstance(
        terms["maturity_date"], date
    )
    if not dates_ok or terms["maturity_date"] <= terms["first_payment_date"]:
        return None
    if date_range_error(terms["first_payment_date"]) or date_range_error(terms["maturity_date"]):
        return None  # reported by _check_dates; the schedule would step past year 9999
    if terms["payment_frequency_months"] not in PAYMENT_FREQUENCIES:
        return None
    return installment_count(
        first_payment_date=terms["first_payment_date"],
        maturity_date=terms["maturity_date"],
        frequency=terms["payment_frequency_months"],
    )


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_periods(terms: dict[str, Any], errors: Errors) -> None:
    lead_in, amortization = terms["interest_only_periods"], terms["amortization_periods"]
    periods = _term_periods(terms)
    if not _is_count(lead_in):
        _add(errors, "interest_only_periods", "The interest-only lead-in is a whole number >= 0.")
    elif terms["repayment"] == Repayment.INTEREST_ONLY and lead_in:
        _add(errors, "interest_only_periods", "An interest-only note has no separate lead-in.")
    elif periods is not None and lead_in >= periods:
        message = f"The interest-only lead-in must be shorter than the term ({periods} periods)."
        _add(errors, "interest_only_periods", message)
    if amortization is None:
        return
    if not _is_count(amortization) or amortization == 0:
        _add(errors, "amortization_periods", "Amortization periods is a whole number >= 1.")
    elif terms["repayment"] == Repayment.INTEREST_ONLY:
        _add(errors, "amortization_periods", "An interest-only note does not amortize.")


def _check_installment(terms: dict[str, Any], errors: Errors) -> None:
    if terms["installment_amount"] is None:
        return
    amount = _money(terms, "installment_amount", errors)
    terms["installment_amount"] = amount
    if amount is None:
        return
    if amount <= 0 or amount >= MAX_MONEY:
        _add(errors, "installment_amount", "The installment is an amount above zero, in cents.")
    elif terms["repayment"] != Repayment.LEVEL:
        _add(errors, "installment_amount", "Only a level note states its installment.")
    elif _covers_no_principal(terms, amount):
        _add(
            errors,
            "installment_amount",
            "The installment must be more than a regular period's interest on the principal "
            "(otherwise the note never amortizes).",
        )


def _covers_no_principal(terms: dict[str, Any], amount: Decimal) -> bool:
    """A stated installment at or below a regular period's interest on the full
    principal (P x rate x months/12, exact) never repays any principal."""
    principal, rate = terms["principal"], terms["annual_rate"]
    frequency = terms["payment_frequency_months"]
    if principal is None or rate is None or frequency not in PAYMENT_FREQUENCIES:
        return False
    regular_interest: Decimal = principal * rate / HUNDRED * frequency / 12
    return amount <= regular_interest


def _check_default_terms(terms: dict[str, Any], errors: Errors) -> None:
    for field in ("cure_days", "grace_days"):
        if not _is_count(terms[field]):
            _add(errors, field, "A number of days >= 0.")
    if not isinstance(terms["notice_required"], bool):
        _add(errors, "notice_required", "Notice required is true or false.")
    elif terms["notice_required"] and terms["grace_days"]:
        _add(
            errors,
            "grace_days",
            "Grace days apply only when no notice is required; with notice, "
            "the cure days run from the notice.",
        )


def _check_lenders(lenders: list[tuple[Party, Any]], borrower: Any, errors: Errors) -> None:
    if not lenders:
        _add(errors, "lenders", "A note has at least one lender.")
        return
    seen: set[int] = set()
    total = Decimal("0")
    for party, raw_share in lenders:
        _check_lender(party, borrower, seen, errors)
        share = as_decimal(raw_share)
        if share is None or not 0 < share <= HUNDRED or _places(share) > 4:
            _add(errors, "lenders", f"The share of {party} must be above 0 and at most 100 (%).")
            continue
        total += share
    if total != HUNDRED and "lenders" not in errors:
        _add(errors, "lenders", f"The lenders' shares add up to {total}%, not 100%.")


def _check_lender(party: Party, borrower: Party | None, seen: set[int], errors: Errors) -> None:
    if not isinstance(party, Party) or party.pk is None:
        _add(errors, "lenders", "Each lender must be a saved party.")
        return
    if party.pk in seen:
        _add(errors, "lenders", f"{party} is listed as a lender more than once.")
    seen.add(party.pk)
    if isinstance(borrower, Party) and party.pk == borrower.pk:
        _add(errors, "lenders", f"{party} is the borrower and cannot also be a lender.")


def _check_collateral(collateral: list[dict[str, Any]], errors: Errors) -> None:
    for number, item in enumerate(collateral, start=1):
        unknown = set(item) - set(COLLATERAL_FIELDS)
        if unknown:
            _add(errors, "collateral", f"Collateral {number}: unknown {sorted(unknown)}.")
        if item.get("kind") not in CollateralReference.Kind.values:
            _add(errors, "collateral", f"Collateral {number}: unknown kind {item.get('kind')!r}.")
        if not str(item.get("title") or "").strip():
            _add(errors, "collateral", f"Collateral {number}: a title is required.")
        _check_collateral_dates(number, item, errors)
        filed, lapses = item.get("filing_date"), item.get("lapse_date")
        if filed and lapses and lapses <= filed:
            message = f"Collateral {number}: the lapse date must be after the filing date."
            _add(errors, "collateral", message)


def _check_collateral_dates(number: int, item: dict[str, Any], errors: Errors) -> None:
    for field in ("date", "filing_date", "lapse_date"):
        day = item.get(field)
        error = date_range_error(day) if isinstance(day, date) else None
        if error:
            _add(errors, "collateral", f"Collateral {number}: {field} {error}")


def _note_create(
    *,
    terms: dict[str, Any],
    lenders: list[tuple[Party, Decimal]],
    collateral: list[dict[str, Any]],
    instrument_file: File | None,
) -> Note:
    note = Note(**terms)
    note.instrument_sha256 = instrument_digest(file=instrument_file, text=note.instrument_text)
    if instrument_file is not None:
        note.instrument_file.save(instrument_file.name or "instrument", instrument_file, save=False)
    try:
        with transaction.atomic():
            note.save()
    except IntegrityError:
        if not Note.objects.filter(reference=note.reference).exists():
            raise
        # A concurrent boarding took the reference between the check and the insert.
        raise ValidationError({"reference": ["This reference is already boarded."]}) from None
    for party, share in lenders:  # one by one, so that history records each share
        NoteLender.objects.create(note=note, party=party, share=Decimal(str(share).strip()))
    for item in collateral:
        CollateralReference.objects.create(note=note, **_collateral_with_lapse(item))
    return note


def _collateral_with_lapse(item: dict[str, Any]) -> dict[str, Any]:
    """A UCC-1 filing without a lapse date lapses five years after filing."""
    is_filing = item.get("kind") == CollateralReference.Kind.UCC1_FILING
    if is_filing and item.get("filing_date") and not item.get("lapse_date"):
        return {**item, "lapse_date": item["filing_date"] + UCC1_LIFETIME}
    return item
