"""Share transfers: a lender moves part of its share of a note to another party
from a date on (DESIGN 2). They are events of the note's log: append-only, with
who entered them and when; a mistake is corrected by a transfer back.

A note's lender shares as boarded (`NoteLender`) never change once anything is
recorded against the note; the shares in effect on a date are those plus every
transfer effective on or before it (payments.shares.lender_shares_on).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from loans.append_only import AppendOnlyModel
from loans.models import Note, Party


class ShareTransfer(AppendOnlyModel):
    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="share_transfers")
    from_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="shares_transferred_out"
    )
    to_party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="shares_transferred_in"
    )
    share = models.DecimalField(
        max_digits=7, decimal_places=4, help_text="Percent of the note moved, e.g. 25.0000."
    )
    effective_on = models.DateField(
        help_text="Payments applied on or after this date follow the new shares."
    )
    description = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="transfers_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["effective_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="transfer_share_0_to_100"
            ),
            models.CheckConstraint(
                condition=~Q(from_party=F("to_party")), name="transfer_between_two_parties"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.share}% of {self.note} from {self.from_party} to {self.to_party}"
