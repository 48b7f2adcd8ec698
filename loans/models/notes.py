"""Parties, notes, their lenders and collateral, and who may reach them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Party(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANIZATION = "organization", "Organization"

    kind = models.CharField(max_length=16, choices=Kind.choices)
    name = models.CharField(max_length=200)
    address_line1 = models.CharField(max_length=200, blank=True)
    address_line2 = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=50, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    tax_id = models.CharField(
        max_length=20, blank=True, help_text="Shown masked except to servicers."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "parties"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["person", "organization"]), name="party_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def tax_id_masked(self) -> str:
        return f"***-**-{self.tax_id[-4:]}" if self.tax_id else ""


class DayCount(models.TextChoices):
    THIRTY_360 = "30/360", "30/360 (Bond Basis)"
    THIRTY_E_360 = "30E/360", "30E/360 (Eurobond)"
    ACT_360 = "ACT/360", "Actual/360"
    ACT_365F = "ACT/365F", "Actual/365 Fixed"
    ACT_ACT = "ACT/ACT", "Actual/Actual (ISDA)"


class Repayment(models.TextChoices):
    INTEREST_ONLY = "interest_only", "Interest only, principal at maturity"
    LEVEL = "level", "Level installments"
    FIXED_PRINCIPAL = "fixed_principal", "Fixed principal plus interest"


class Acceleration(models.TextChoices):
    AUTOMATIC = "automatic", "Automatic on an event of default"
    OPTIONAL = "optional", "At the lender's option"


# Due dates must fall on the same days every year, so the frequency divides 12.
PAYMENT_FREQUENCIES = (1, 2, 3, 4, 6, 12)


class NoteStatus(models.TextChoices):
    CURRENT = "current", "Current"
    PAST_DUE = "past_due", "Past due"
    IN_DEFAULT = "in_default", "In default"
    ACCELERATED = "accelerated", "Accelerated"
    MATURED = "matured", "Matured"
    PAID_OFF = "paid_off", "Paid off"


class Note(models.Model):
    reference = models.CharField(max_length=64, unique=True)
    borrower = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="notes_as_borrower")
    lenders = models.ManyToManyField(Party, through="NoteLender", related_name="notes_as_lender")
    principal = models.DecimalField(max_digits=14, decimal_places=2)
    annual_rate = models.DecimalField(
        max_digits=9, decimal_places=6, help_text="Percent per year, e.g. 12.000000"
    )
    day_count = models.CharField(
        max_length=8, choices=DayCount.choices, default=DayCount.THIRTY_360
    )
    dated = models.DateField()
    accrual_start = models.DateField()
    first_payment_date = models.DateField()
    payment_frequency_months = models.PositiveSmallIntegerField(default=1)
    maturity_date = models.DateField()
    repayment = models.CharField(max_length=16, choices=Repayment.choices)
    interest_only_periods = models.PositiveSmallIntegerField(default=0)
    amortization_periods = models.PositiveSmallIntegerField(null=True, blank=True)
    installment_amount = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The note's stated installment (level notes); computed when empty.",
    )
    notice_required = models.BooleanField(default=True)
    cure_days = models.PositiveSmallIntegerField(default=10)
    grace_days = models.PositiveSmallIntegerField(default=0)
    acceleration = models.CharField(
        max_length=16, choices=Acceleration.choices, default=Acceleration.AUTOMATIC
    )
    governing_law = models.CharField(max_length=100, blank=True)
    prepayment_terms = models.TextField(blank=True)
    status = models.CharField(
        max_length=16,
        choices=NoteStatus.choices,
        default=NoteStatus.CURRENT,
        help_text="Stored copy of the replay's status as of the business date, for lists.",
    )
    instrument_file = models.FileField(upload_to="instruments/", blank=True)
    instrument_text = models.TextField(blank=True)
    instrument_sha256 = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="SHA-256 of the instrument as boarded (the file, else the text in UTF-8).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["status"])

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.CheckConstraint(condition=Q(principal__gt=0), name="note_principal_positive"),
            models.CheckConstraint(
                condition=Q(annual_rate__gte=0, annual_rate__lte=100), name="note_rate_0_to_100"
            ),
            models.CheckConstraint(
                condition=Q(maturity_date__gt=F("first_payment_date")),
                name="note_maturity_after_first_payment",
            ),
            models.CheckConstraint(
                condition=Q(first_payment_date__gt=F("accrual_start")),
                name="note_first_payment_after_accrual_start",
            ),
            models.CheckConstraint(
                condition=Q(payment_frequency_months__in=PAYMENT_FREQUENCIES),
                name="note_frequency_divides_year",
            ),
            models.CheckConstraint(
                condition=Q(installment_amount__isnull=True) | Q(installment_amount__gt=0),
                name="note_installment_positive",
            ),
            models.CheckConstraint(
                condition=Q(amortization_periods__isnull=True) | Q(amortization_periods__gt=0),
                name="note_amortization_periods_positive",
            ),
            models.CheckConstraint(
                condition=Q(day_count__in=DayCount.values), name="note_day_count_known"
            ),
            models.CheckConstraint(
                condition=Q(repayment__in=Repayment.values), name="note_repayment_known"
            ),
            models.CheckConstraint(
                condition=Q(acceleration__in=Acceleration.values), name="note_acceleration_known"
            ),
        ]

    def __str__(self) -> str:
        return self.reference


class NoteLender(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="lender_shares")
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="lender_shares")
    share = models.DecimalField(max_digits=7, decimal_places=4, help_text="Percent of the note.")
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100), name="lender_share_0_to_100"
            ),
            models.UniqueConstraint(fields=["note", "party"], name="one_share_per_lender"),
        ]

    def __str__(self) -> str:
        return f"{self.party} ({self.share}%)"


class CollateralReference(models.Model):
    class Kind(models.TextChoices):
        SECURITY_AGREEMENT = "security_agreement", "Security agreement"
        UCC1_FILING = "ucc1_filing", "UCC-1 filing"
        MORTGAGE = "mortgage", "Mortgage"
        GUARANTY = "guaranty", "Guaranty"
        OTHER = "other", "Other"

    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="collateral")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=200)
    date = models.DateField(null=True, blank=True)
    parties = models.CharField(max_length=300, blank=True)
    filing_office = models.CharField(max_length=200, blank=True)
    filing_number = models.CharField(max_length=100, blank=True)
    filing_date = models.DateField(null=True, blank=True)
    lapse_date = models.DateField(
        null=True, blank=True, help_text="UCC-1: five years after filing."
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["note", "date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["security_agreement", "ucc1_filing", "mortgage", "guaranty", "other"]
                ),
                name="collateral_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(lapse_date__isnull=True)
                | Q(filing_date__isnull=True)
                | Q(lapse_date__gt=F("filing_date")),
                name="collateral_lapse_after_filing",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Role(models.TextChoices):
    LENDER = "lender", "Lender"
    BORROWER_STAFF = "borrower_staff", "Borrower staff"
    ACCOUNTANT = "accountant", "Accountant"
    SERVICER = "servicer", "Servicer"


class Membership(models.Model):
    """A user reaches a party's notes in one role (DESIGN 1)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(role__in=Role.values), name="membership_role_known"),
            models.UniqueConstraint(
                fields=["user", "party", "role"], name="one_membership_per_user_party_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.party}"
