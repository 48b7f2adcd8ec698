"""What integrators do with Notekeeper, through a client generated from its schema
by openapi-python-client and nothing else (docs/api.md): the borrower's payables
system, the lender's portal, the servicer's back office, the accountant's scripts.

`notekeeper_client` is the generated package (tests/clients/test_generated_client.py
generates it); each function signs in as one user and returns what it was answered.
"""

from datetime import date
from typing import Any

from notekeeper_client import AuthenticatedClient, Client
from notekeeper_client.api.auth import auth_token_create
from notekeeper_client.api.exports import exports_journal_retrieve
from notekeeper_client.api.notes import (
    notes_balance_retrieve,
    notes_create,
    notes_payments_create,
    notes_schedule_list,
    notes_statements_csv_retrieve,
    notes_statements_year_end_retrieve,
)
from notekeeper_client.api.parties import parties_list
from notekeeper_client.api.payments import payments_confirm_create, payments_reverse_create
from notekeeper_client.models import (
    ConfirmRequest,
    JournalBookEnum,
    NoteLenderRequest,
    NoteRequest,
    PaymentCreateRequest,
    PaymentMethodEnum,
    RepaymentEnum,
    ReverseRequest,
    StatementKindEnum,
    TokenRequestRequest,
)


def signed_in(base_url: str, username: str, password: str) -> AuthenticatedClient:
    """A client sending the user's token with the prefix the schema documents."""
    with Client(base_url=base_url) as anonymous:
        answer = auth_token_create.sync_detailed(
            client=anonymous, body=TokenRequestRequest(username=username, password=password)
        )
    assert answer.status_code == 200, answer.content
    return AuthenticatedClient(base_url=base_url, token=answer.parsed.token, prefix="Token")


def party_id(client: AuthenticatedClient, name: str) -> int:
    answer = parties_list.sync_detailed(client=client)
    assert answer.status_code == 200, answer.content
    return next(party.id for party in answer.parsed.results if party.name == name)


def board_note(servicer: AuthenticatedClient, *, borrower: str, lender: str) -> Any:
    """Only the required terms: the rest take the defaults the schema names."""
    body = NoteRequest(
        reference="API-CLIENT-1",
        borrower=party_id(servicer, borrower),
        lenders=[NoteLenderRequest(party=party_id(servicer, lender), share="100")],
        principal="12000.00",
        annual_rate="12.000",
        dated=date(2006, 1, 1),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2008, 1, 1),
        repayment=RepaymentEnum.INTEREST_ONLY,
    )
    return notes_create.sync_detailed(client=servicer, body=body)


def read_note(borrower: AuthenticatedClient, note_id: int) -> tuple[Any, Any]:
    balance = notes_balance_retrieve.sync_detailed(note_id, client=borrower)
    schedule = notes_schedule_list.sync_detailed(note_id, client=borrower)
    return balance, schedule


def pay(borrower: AuthenticatedClient, note_id: int, amount: str, key: str) -> Any:
    body = PaymentCreateRequest(
        received_on=date(2006, 12, 15),
        amount=amount,
        method=PaymentMethodEnum.WIRE,
        reference="AP-2006-1215",
    )
    return notes_payments_create.sync_detailed(
        note_id, client=borrower, body=body, idempotency_key=key
    )


def confirm(lender: AuthenticatedClient, payment_id: int) -> Any:
    body = ConfirmRequest(confirmed=True, comment="Received by wire.")
    return payments_confirm_create.sync_detailed(payment_id, client=lender, body=body)


def reverse(servicer: AuthenticatedClient, payment_id: int) -> Any:
    body = ReverseRequest(reason="Wire recalled by the sending bank.")
    return payments_reverse_create.sync_detailed(payment_id, client=servicer, body=body)


def year_end(accountant: AuthenticatedClient, note_id: int) -> tuple[Any, Any]:
    """The 2006 year-end statement as JSON and as CSV."""
    in_2006 = date(2006, 12, 31)
    as_json = notes_statements_year_end_retrieve.sync_detailed(
        note_id, client=accountant, to=in_2006
    )
    as_csv = notes_statements_csv_retrieve.sync_detailed(
        note_id, StatementKindEnum.YEAR_END, client=accountant, to=in_2006
    )
    return as_json, as_csv


def journal_2006(accountant: AuthenticatedClient) -> Any:
    return exports_journal_retrieve.sync_detailed(
        client=accountant,
        book=JournalBookEnum.LENDER,
        from_=date(2006, 1, 1),
        to=date(2006, 12, 31),
    )
