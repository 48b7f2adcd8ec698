"""Lender and servicer actions on a note: charges, notices of default, default events, and
boarding a note with its computed schedule shown before it is saved.

A refusal (a field error, or the engine's reason, e.g. "no installment is past due on
2007-03-15") re-renders the form with the reason in words and status 400; nothing is
written then.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.permissions import Action
from accounts.selectors import note_events_visible_to
from loans.business_date import business_date
from loans.models import Note
from loans.previews import note_board_preview
from loans.services import note_board
from payments.default_events import default_notice_record, note_event_record
from payments.models import NoteEventKind
from payments.services import charge_record
from web.forms import BoardForm, ChargeForm, EventForm, NoticeForm, show_errors
from web.views.access import actor, note_for, note_page_url, posted, refuse_unless

FORM_REFUSED = 400
# Events a dismissal, consent or satisfaction can name.
CLOSABLE_KINDS = [NoteEventKind.BANKRUPTCY_INVOLUNTARY, NoteEventKind.JUDGMENT]


def _note_action(
    request: HttpRequest,
    note: Note,
    form: forms.Form,
    *,
    title: str,
    record: Callable[[dict[str, Any]], object],
    done: str,
) -> HttpResponse:
    """GET shows the form; a valid POST calls `record` and returns to the note page."""
    if request.method == "POST" and form.is_valid():
        try:
            record(form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, done)
            return redirect(note_page_url(note))
    status = FORM_REFUSED if form.is_bound else 200
    context = {"note": note, "form": form, "title": title}
    return render(request, "web/actions/note_action.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def charge_new(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for(request, pk, Action.RECORD_CHARGE)
    form = ChargeForm(posted(request), initial={"incurred_on": business_date()})

    def record(data: dict[str, Any]) -> object:
        return charge_record(note=note, entered_by=actor(request), today=business_date(), **data)

    title = "Record a cost of collection or attorneys' fees"
    return _note_action(request, note, form, title=title, record=record, done="Charge recorded.")


@require_http_methods(["GET", "POST"])
@login_required
def notice_new(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for(request, pk, Action.RECORD_EVENT)
    form = NoticeForm(posted(request), initial={"sent_on": business_date()})

    def record(data: dict[str, Any]) -> object:
        return default_notice_record(
            note=note, entered_by=actor(request), today=business_date(), **data
        )

    title = "Record a notice of default"
    done = "Notice of default recorded."
    return _note_action(request, note, form, title=title, record=record, done=done)


@require_http_methods(["GET", "POST"])
@login_required
def event_new(request: HttpRequest, pk: int) -> HttpResponse:
    note = note_for(request, pk, Action.RECORD_EVENT)
    earlier = note_events_visible_to(request.user).filter(note=note, kind__in=CLOSABLE_KINDS)
    form = EventForm(posted(request), earlier_events=earlier, initial={"date": business_date()})

    def record(data: dict[str, Any]) -> object:
        return note_event_record(
            note=note, entered_by=actor(request), today=business_date(), **data
        )

    title = "Record a default event"
    return _note_action(request, note, form, title=title, record=record, done="Event recorded.")


@require_http_methods(["GET", "POST"])
@login_required
def board(request: HttpRequest) -> HttpResponse:
    refuse_unless(request, Action.BOARD_NOTE)
    form = BoardForm(posted(request))
    step = request.POST.get("step")
    if request.method == "GET" or step == "edit" or not form.is_valid():
        return _board_form(request, form)
    try:
        if step == "board":
            note = note_board(**form.board_fields())
            messages.success(request, f"Note {note.reference} is boarded.")
            return redirect(note_page_url(note))
        preview = note_board_preview(**form.board_fields())
    except ValidationError as error:
        show_errors(form, error)
        return _board_form(request, form)
    return render(request, "web/actions/board_preview.html", {"form": form, "preview": preview})


def _board_form(request: HttpRequest, form: BoardForm) -> HttpResponse:
    refused = form.is_bound and bool(form.errors)
    status = FORM_REFUSED if refused else 200
    return render(request, "web/actions/board_form.html", {"form": form}, status=status)
