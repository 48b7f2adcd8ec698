"""Nothing changes in place (DESIGN 2) through the services: boarding only creates
notes, so boarding the seed note again with other shares (60/40) is refused and its
shares stay 50/50. Shares move only by a share transfer (tests/payments/test_transfers.py);
the admin and the API are tested in tests/web/test_admin_fixed.py and
tests/api/test_nothing_in_place.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from loans.models import Note, NoteLender
from loans.seed import SEED_REFERENCE
from loans.services import note_board


def test_boarding_an_existing_note_again_is_refused(seed_note: Note) -> None:
    david, leah = (row.party for row in seed_note.lender_shares.order_by("pk"))
    with pytest.raises(ValidationError) as refused:
        note_board(
            reference=SEED_REFERENCE, borrower=seed_note.borrower,
            lenders=[(david, Decimal("60")), (leah, Decimal("40"))],
            principal=Decimal("185000.00"), annual_rate=Decimal("12"), day_count="30/360",
            dated=date(2005, 12, 31), first_payment_date=date(2006, 2, 1),
            maturity_date=date(2008, 1, 1), repayment="interest_only",
        )  # fmt: skip

    assert "already boarded" in refused.value.message_dict["reference"][0]
    shares = (
        NoteLender.objects.filter(note=seed_note).order_by("pk").values_list("share", flat=True)
    )
    assert list(shares) == [Decimal("50"), Decimal("50")]
    assert Note.objects.filter(reference=SEED_REFERENCE).count() == 1
