"""Notices of default and default events (DESIGN 3.6): the lender's part of the event log.

Append-only like payments (loans/append_only.py); every row records who entered it
and when. These models began in the loans app: their tables keep the names
`loans_defaultnotice` and `loans_noteevent` (and so their PostgreSQL append-only triggers).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from loans.append_only import AppendOnlyModel
from loans.models.notes import Note


class DeliveryMethod(models.TextChoices):
    CERTIFIED_MAIL = "certified_mail", "Certified mail"
    REGISTERED_MAIL = "registered_mail", "Registered mail"
    OVERNIGHT_COURIER = "overnight_courier", "Overnight courier"
    HAND_DELIVERY = "hand_delivery", "Hand delivery"
    FIRST_CLASS_MAIL = "first_class_mail", "First-class mail"
    EMAIL = "email", "Email"
    OTHER = "other", "Other"


class DefaultNotice(AppendOnlyModel):
    """The lender's written notice of default and demand (clause i)."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="default_notices")
    sent_on = models.DateField()
    installments = models.JSONField(
        default=list, help_text="Installment numbers the notice names (all past due if empty)."
    )
    delivery_method = models.CharField(max_length=20, choices=DeliveryMethod.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notices_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "loans_defaultnotice"
        ordering = ["sent_on", "pk"]

    def __str__(self) -> str:
        return f"Notice of default on {self.note}, {self.sent_on}"


class NoteEventKind(models.TextChoices):
    BANKRUPTCY_VOLUNTARY = "bankruptcy_voluntary", "Voluntary bankruptcy petition"
    CREDITORS_ASSIGNMENT = "creditors_assignment", "Assignment for the benefit of creditors"
    BANKRUPTCY_INVOLUNTARY = "bankruptcy_involuntary", "Involuntary bankruptcy instituted"
    BANKRUPTCY_CONSENT = "bankruptcy_consent", "Borrower consents to involuntary case"
    BANKRUPTCY_DISMISSED = "bankruptcy_dismissed", "Involuntary case dismissed or stayed"
    JUDGMENT = "judgment", "Judgment entered"
    JUDGMENT_SATISFIED = (
        "judgment_satisfied",
        "Judgment paid, satisfied, discharged, stayed or bonded",
    )
    BORROWER_ASSIGNMENT = "borrower_assignment", "Assignment of the note by the borrower"
    ACCELERATION = "acceleration", "Acceleration by the lender"
    WAIVER = "waiver", "Waiver / rescission by the lender"


# Kinds that name the case or judgment they close (refers_to), and only those.
FOLLOW_UP_KINDS = [
    NoteEventKind.BANKRUPTCY_CONSENT,
    NoteEventKind.BANKRUPTCY_DISMISSED,
    NoteEventKind.JUDGMENT_SATISFIED,
]


class NoteEvent(AppendOnlyModel):
    """A bankruptcy, judgment, assignment, acceleration or waiver."""

    note = models.ForeignKey(Note, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=24, choices=NoteEventKind.choices)
    date = models.DateField()
    refers_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    affiliate = models.BooleanField(
        default=False, help_text="borrower_assignment: to an affiliate (then no default)."
    )
    description = models.TextField(blank=True)
    document = models.FileField(upload_to="note-events/", blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="note_events_entered"
    )
    entered_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        db_table = "loans_noteevent"
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind__in=FOLLOW_UP_KINDS) & Q(refers_to__isnull=False))
                | (~Q(kind__in=FOLLOW_UP_KINDS) & Q(refers_to__isnull=True)),
                name="note_event_refers_to_only_for_follow_ups",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.note}, {self.date}"
