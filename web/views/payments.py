"""Payment pages: entry with a preview step, the receipt, confirmation and reversal.

Each POST names its step (`step=preview`, `edit`, `record`...). Nothing is written until
the last step; a refusal re-renders the form with the reason (400, or 409 for a clash
with what is recorded), never a 500.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from accounts.permissions import Action, user_may
from accounts.selectors import lender_parties_answering
from loans.business_date import business_date
from loans.errors import Conflict
from loans.models import Note
from payments.models import Payment
from payments.previews import payment_preview, payment_receipt, reversal_preview
from payments.selectors import note_balance
from payments.services import payment_confirm, payment_record, payment_reverse
from payments.shares import lender_shares_on
from web.forms import ConfirmForm, PaymentForm, ReverseForm, new_idempotency_key, show_errors
from web.views.access import actor, note_for, payment_for, posted

FORM_REFUSED = 400
CLASH = 409


@require_http_methods(["GET", "POST"])
@login_required
def payment_new(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for(request, pk, Action.RECORD_PAYMENT)
    if request.method == "GET":
        initial = {"received_on": business_date(), "idempotency_key": new_idempotency_key()}
        return _payment_form(request, note, PaymentForm(initial=initial))
    form = PaymentForm(request.POST)
    step = request.POST.get("step")
    if not form.is_valid() or step == "edit":
        return _payment_form(request, note, form, status=200 if step == "edit" else FORM_REFUSED)
    if step == "record":
        return _payment_record(request, note, form)
    try:
        preview = payment_preview(note=note, today=business_date(), **_previewed(form))
    except ValidationError as error:
        show_errors(form, error)
        return _payment_form(request, note, form, status=FORM_REFUSED)
    context = {"note": note, "form": form, "preview": preview}
    return render(request, "web/actions/payment_preview.html", context)


def _previewed(form: PaymentForm) -> dict[str, object]:
    fields = form.payment_fields()
    return {name: fields[name] for name in ("received_on", "amount", "method", "kind")}


def _payment_form(
    request: HttpRequest, note: Note, form: PaymentForm, status: int = 200, clash: bool = False
) -> HttpResponse:
    balance = note_balance(note=note, as_of=business_date())
    context = {"note": note, "form": form, "balance": balance, "clash": clash}
    return render(request, "web/actions/payment_form.html", context, status=status)


def _payment_record(request: HttpRequest, note: Note, form: PaymentForm) -> HttpResponse:
    try:
        recorded = payment_record(
            note=note,
            entered_by=actor(request),
            today=business_date(),
            idempotency_key=form.cleaned_data["idempotency_key"],
            **form.payment_fields(),
        )
    except ValidationError as error:
        show_errors(form, error)
        return _payment_form(request, note, form, status=FORM_REFUSED)
    except Conflict:
        form.add_error(
            None,
            "This form was already used to record a different payment. "
            "Start a new payment if you meant to record another one.",
        )
        return _payment_form(request, note, form, status=CLASH, clash=True)
    if recorded.created:
        messages.success(request, "The payment is recorded.")
    else:
        messages.info(request, "This payment was already recorded; it was not posted twice.")
    return redirect("web-payment-receipt", pk=recorded.payment.pk)


@require_GET
@login_required
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_for(request, pk, Action.READ)
    note = payment.note
    context = {
        "payment": payment,
        "note": note,
        "receipt": payment_receipt(payment=payment, today=business_date()),
        "lenders": lender_shares_on(note=note, on=payment.received_on),
        "confirmations": payment.confirmations.select_related("lender_party", "by"),
        "may_confirm": user_may(request.user, Action.CONFIRM_PAYMENT, note),
        "may_reverse": user_may(request.user, Action.REVERSE_PAYMENT, note),
    }
    return render(request, "web/actions/receipt.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_for(request, pk, Action.CONFIRM_PAYMENT)
    lenders = lender_parties_answering(request.user, payment)
    form = ConfirmForm(posted(request), lenders=lenders, initial={"lender_party": lenders.first()})
    if request.method == "POST" and form.is_valid():
        try:
            payment_confirm(
                payment=payment,
                lender_party=form.cleaned_data["lender_party"],
                confirmed=form.cleaned_data["answer"] == "confirm",
                comment=form.cleaned_data["comment"],
                by=actor(request),
                today=business_date(),
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            answer = "confirmed" if form.cleaned_data["answer"] == "confirm" else "disputed"
            messages.success(request, f"You {answer} this payment.")
            return redirect("web-payment-receipt", pk=payment.pk)
    status = FORM_REFUSED if form.errors else 200
    context = {"payment": payment, "note": payment.note, "form": form}
    return render(request, "web/actions/confirm.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def reversal(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_for(request, pk, Action.REVERSE_PAYMENT)
    if request.method == "GET":
        return _reverse_form(
            request, payment, ReverseForm(initial={"reversed_on": business_date()})
        )
    form = ReverseForm(request.POST)
    step = request.POST.get("step")
    if not form.is_valid() or step == "edit":
        return _reverse_form(request, payment, form, status=200 if step == "edit" else FORM_REFUSED)
    try:
        if step == "reverse":
            payment_reverse(
                payment=payment,
                entered_by=actor(request),
                today=business_date(),
                **form.cleaned_data,
            )
            messages.success(request, "The payment is reversed.")
            return redirect("web-payment-receipt", pk=payment.pk)
        preview = reversal_preview(
            payment=payment, reversed_on=form.cleaned_data["reversed_on"], today=business_date()
        )
    except ValidationError as error:
        show_errors(form, error)
        return _reverse_form(request, payment, form, status=FORM_REFUSED)
    except Conflict as clash:
        form.add_error(None, str(clash))
        return _reverse_form(request, payment, form, status=CLASH)
    context = {"payment": payment, "note": payment.note, "form": form, "preview": preview}
    return render(request, "web/actions/reverse_preview.html", context)


def _reverse_form(
    request: HttpRequest, payment: Payment, form: ReverseForm, status: int = 200
) -> HttpResponse:
    context = {"payment": payment, "note": payment.note, "form": form}
    return render(request, "web/actions/reverse_form.html", context, status=status)
