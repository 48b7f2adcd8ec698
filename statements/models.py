"""Statements issued by the month-end close (DESIGN 4): stored as issued, never changed."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from loans.append_only import AppendOnlyModel
from loans.models import Note


class IssuedStatement(AppendOnlyModel):
    """One statement of one note for one closed month, byte for byte as issued."""

    class Kind(models.TextChoices):
        ACTIVITY = "activity", "Activity statement"
        JOURNAL_LENDER = "journal-lender", "Journal, lender's books"
        JOURNAL_BORROWER = "journal-borrower", "Journal, borrower's books"

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="issued_statements")
    month = models.DateField(help_text="The first day of the month closed.")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    content = models.TextField(help_text="The statement as issued (JSON).")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the content's UTF-8 bytes.")
    issued_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["note", "month", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["note", "month", "kind"], name="one_issued_statement_per_note_month_kind"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="issued_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.note} {self.month:%Y-%m} {self.kind}"
