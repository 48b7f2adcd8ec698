"""Boarding preview: the schedule a note's terms give, computed by the engine WITHOUT
writing (the confirmation step of the boarding page).

The terms are checked exactly as `note_board` checks them (`note_board_errors`), so a
preview that passes boards without a surprise.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from loans.engine import values
from loans.engine.money import ZERO
from loans.engine.schedule import build_schedule
from loans.models import Party
from loans.services.boarding import BOARD_DEFAULTS, note_board_errors

ENGINE_TERMS = (
    "principal",
    "annual_rate",
    "day_count",
    "accrual_start",
    "first_payment_date",
    "maturity_date",
    "payment_frequency_months",
    "repayment",
    "interest_only_periods",
    "amortization_periods",
    "installment_amount",
    "notice_required",
    "cure_days",
    "grace_days",
    "acceleration",
)


@dataclass(frozen=True)
class BoardingPreview:
    """The projected schedule of a note about to be boarded (DESIGN 3.2)."""

    installments: tuple[values.Installment, ...]
    """Every installment, as if each is paid in full on its due date."""
    total_interest: Decimal
    """The interest column's sum."""
    total_principal: Decimal
    """The principal column's sum (always the principal)."""


def note_board_preview(
    *,
    reference: str,
    borrower: Party | None,
    lenders: Iterable[tuple[Party, Decimal]],
    collateral: Iterable[Mapping[str, Any]] = (),
    **terms: Any,
) -> BoardingPreview:
    """The schedule `note_board` would board; ValidationError naming every bad term."""
    fields: dict[str, Any] = {**BOARD_DEFAULTS, **terms}
    fields["reference"] = (reference or "").strip()
    fields["borrower"] = borrower
    fields["accrual_start"] = fields["accrual_start"] or fields.get("dated")
    errors = note_board_errors(
        terms=fields, lenders=list(lenders), collateral=[dict(item) for item in collateral]
    )
    if errors:
        raise ValidationError(errors)
    rows = build_schedule(values.Terms(**{name: fields[name] for name in ENGINE_TERMS}))
    return BoardingPreview(
        installments=rows,
        total_interest=sum((row.interest for row in rows), ZERO),
        total_principal=sum((row.principal for row in rows), ZERO),
    )
