"""The action pages' forms. They only parse what was typed and show errors in words; every
rule (dates, amounts, what the note's history allows) is the services' and the engine's,
whose ValidationErrors are put back on the fields by `show_errors`.
"""

import uuid
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from loans.models import Acceleration, DayCount, Party, Repayment
from loans.models.notes import PAYMENT_FREQUENCIES
from payments.models import (
    ChargeKind,
    DeliveryMethod,
    NoteEvent,
    NoteEventKind,
    Payment,
    PaymentKind,
    PaymentMethod,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY_HELP = "In dollars and cents, e.g. 1,850.00"
LENDER_ROWS = 4


class MoneyField(forms.CharField):
    """An amount as typed ("$1,850.00" reads 1850.00); the service checks its value."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", MONEY_HELP)
        attrs = {"inputmode": "decimal", "autocomplete": "off"}
        super().__init__(max_length=24, widget=forms.TextInput(attrs=attrs), **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value) or ""
        return text.replace("$", "").replace(",", "").replace(" ", "")


def show_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one,
    else at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


class ActionForm(forms.Form):
    """Labels without Django's trailing colon."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class PaymentForm(ActionForm):
    amount = MoneyField(label="Amount received")
    received_on = forms.DateField(
        label="Date received", widget=DATE, help_text="The day the money arrived."
    )
    method = forms.ChoiceField(label="Method", choices=PaymentMethod.choices)
    reference = forms.CharField(
        label="Reference",
        required=False,
        max_length=Payment._meta.get_field("reference").max_length,
        help_text="Check number or wire reference, if any.",
    )
    kind = forms.ChoiceField(
        label="How to apply it",
        choices=PaymentKind.choices,
        widget=forms.RadioSelect,
        initial=PaymentKind.REGULAR,
    )
    memo = forms.CharField(label="Memo", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    # One token per form: the Idempotency-Key of payment_record, so a double click, a
    # refresh or the back button returns the payment already recorded.
    idempotency_key = forms.CharField(
        widget=forms.HiddenInput, max_length=Payment._meta.get_field("idempotency_key").max_length
    )

    def payment_fields(self) -> dict[str, Any]:
        """What payment_record takes, from the cleaned form."""
        data = self.cleaned_data
        return {name: data[name] for name in ("received_on", "amount", "method", "kind")} | {
            "reference": data["reference"],
            "memo": data["memo"],
        }


class ReverseForm(ActionForm):
    reversed_on = forms.DateField(
        label="Date of the reversal", widget=DATE, help_text="E.g. the day the check bounced."
    )
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the payment is taken back (returned check, posting error...).",
    )


class ConfirmForm(ActionForm):
    ANSWERS = (("confirm", "I confirm we received it"), ("dispute", "I dispute it"))

    answer = forms.ChoiceField(label="Your answer", choices=ANSWERS, widget=forms.RadioSelect)
    lender_party = forms.ModelChoiceField(
        label="Answering for", queryset=Party.objects.none(), empty_label=None
    )
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, lenders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["lender_party"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = lenders


class ChargeForm(ActionForm):
    kind = forms.ChoiceField(label="Kind", choices=ChargeKind.choices)
    amount = MoneyField(label="Amount")
    incurred_on = forms.DateField(
        label="Date incurred", widget=DATE, help_text="Due that day, past due from the next."
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoticeForm(ActionForm):
    sent_on = forms.DateField(label="Date the notice was sent", widget=DATE)
    installments = forms.CharField(
        label="Installments named",
        required=False,
        help_text="Installment numbers separated by commas, e.g. 15, 16. "
        "Leave empty for every installment past due on that date.",
    )
    delivery_method = forms.ChoiceField(label="Sent by", choices=DeliveryMethod.choices)

    def clean_installments(self) -> list[int] | None:
        text = self.cleaned_data["installments"].replace(" ", "")
        if not text:
            return None
        try:
            return [int(part) for part in text.split(",") if part]
        except ValueError:
            raise ValidationError("Write installment numbers like 15, 16.") from None


class EventForm(ActionForm):
    kind = forms.ChoiceField(label="What happened", choices=NoteEventKind.choices)
    date = forms.DateField(label="Date", widget=DATE)
    refers_to = forms.ModelChoiceField(
        label="Case or judgment it closes",
        queryset=NoteEvent.objects.none(),
        required=False,
        help_text="Only for a consent, a dismissal or a satisfaction.",
    )
    affiliate = forms.BooleanField(
        label="The assignment is to an affiliate (no default)", required=False
    )
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, earlier_events: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["refers_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = earlier_events


class BoardForm(ActionForm):
    reference = forms.CharField(label="Reference", max_length=64)
    borrower = forms.ModelChoiceField(label="Borrower", queryset=Party.objects.order_by("name"))
    principal = MoneyField(label="Principal")
    annual_rate = forms.DecimalField(
        label="Annual rate (%)", max_digits=9, decimal_places=6, help_text="E.g. 12 for 12%."
    )
    day_count = forms.ChoiceField(label="Interest basis", choices=DayCount.choices)
    dated = forms.DateField(label="Dated", widget=DATE)
    accrual_start = forms.DateField(
        label="Interest from", widget=DATE, required=False, help_text="Empty: the dated date."
    )
    first_payment_date = forms.DateField(label="First payment date", widget=DATE)
    payment_frequency_months = forms.TypedChoiceField(
        label="Payment every",
        coerce=int,
        choices=[(n, f"{n} month{'s' if n > 1 else ''}") for n in PAYMENT_FREQUENCIES],
    )
    maturity_date = forms.DateField(label="Maturity date", widget=DATE)
    repayment = forms.ChoiceField(label="Repayment", choices=Repayment.choices)
    interest_only_periods = forms.IntegerField(label="Interest-only installments first", initial=0)
    amortization_periods = forms.IntegerField(
        label="Amortized over (installments)", required=False, help_text="Empty: to maturity."
    )
    installment_amount = MoneyField(
        label="Stated installment", required=False, help_text="Level notes only; empty: computed."
    )
    notice_required = forms.BooleanField(
        label="Notice of default required", required=False, initial=True
    )
    cure_days = forms.IntegerField(label="Cure days after notice", initial=10)
    grace_days = forms.IntegerField(label="Grace days (no notice)", initial=0)
    acceleration = forms.ChoiceField(label="Acceleration", choices=Acceleration.choices)
    governing_law = forms.CharField(label="Governing law", required=False, max_length=100)
    instrument_text = forms.CharField(
        label="Text of the note", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, LENDER_ROWS + 1):
            self.fields[f"lender_{row}"] = forms.ModelChoiceField(
                label=f"Lender {row}", queryset=Party.objects.order_by("name"), required=row == 1
            )
            self.fields[f"share_{row}"] = forms.DecimalField(
                label=f"Share of lender {row} (%)", required=row == 1, max_digits=7
            )

    def lender_fields(self) -> list[Any]:
        return [(self[f"lender_{n}"], self[f"share_{n}"]) for n in range(1, LENDER_ROWS + 1)]

    def board_fields(self) -> dict[str, Any]:
        """What note_board takes, from the cleaned form."""
        data = dict(self.cleaned_data)
        lenders = []
        for row in range(1, LENDER_ROWS + 1):
            party, share = data.pop(f"lender_{row}"), data.pop(f"share_{row}")
            if party is not None:
                lenders.append((party, share))
        data["installment_amount"] = data["installment_amount"] or None
        return data | {"lenders": lenders}
