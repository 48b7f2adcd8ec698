"""The statements pages, and the number of SQL queries of the payment and statements pages
(which must not grow with the number of payments on the note)."""

import re
from datetime import date
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments.models import Payment
from tests.web.actions_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def statements_url(demo) -> str:
    return reverse("web-note-statements", kwargs={"pk": demo.note.pk})


def form_actions(page: str) -> list[str]:
    return [unescape(url) for url in re.findall(r'<form [^>]*method="get" action="([^"]+)"', page)]


@pytest.mark.parametrize("username", ["lender", "borrower", "accountant", "servicer"])
def test_every_role_on_the_note_gets_its_statements(demo, username):
    response = demo.client(username).get(statements_url(demo))
    page = response.content.decode()
    assert response.status_code == 200
    base = f"/api/notes/{demo.note.pk}/statements"
    assert form_actions(page) == [
        f"{base}/{kind}/" for kind in ("billing", "activity", "year-end", "payoff")
    ]
    for fmt in ("html", "pdf", "csv", "xlsx"):
        assert page.count(f'name="format" value="{fmt}"') == 4
    # Defaults: the next due date (installment 15, 2007-04-01), the business year so far,
    # the last year ended.
    assert 'id="billing-to" name="to" value="2007-04-01"' in page
    assert 'id="activity-from" name="from" value="2007-01-01"' in page
    assert '<option value="2006-12-31" selected>2006</option>' in page


def test_another_party_gets_404(demo):
    assert demo.client("stranger").get(statements_url(demo)).status_code == 404


def test_the_forms_reach_working_statement_urls(demo):
    # The page's forms submit to the API; the formats built today answer already.
    client = demo.client("accountant")
    query = {"from": "2006-01-01", "to": "2006-12-31", "format": "csv"}
    activity = client.get(f"/api/notes/{demo.note.pk}/statements/activity/", query)
    assert activity.status_code == 200 and activity["Content-Type"].startswith("text/csv")
    journal = client.get(reverse("api-journal"), query | {"book": "lender"})
    assert journal.status_code == 200


def test_the_exports_show_to_those_who_may_export(demo):
    accountant = demo.client("accountant").get(reverse("web-statements")).content.decode()
    assert form_actions(accountant) == [reverse("api-journal"), "/api/exports/accrual/"]
    assert demo.note.reference in accountant
    lender = demo.client("lender").get(reverse("web-statements")).content.decode()
    assert form_actions(lender) == [] and demo.note.reference in lender
    assert demo.foreign.reference not in lender
    servicer = demo.client("servicer").get(reverse("web-statements")).content.decode()
    assert demo.foreign.reference in servicer


# --- query counts -----------------------------------------------------------------------


def add_payments(demo, count: int) -> None:
    clerk = demo.users["borrower"]
    Payment.objects.bulk_create(
        Payment(
            note=demo.note,
            received_on=date(2007, 3, 10),
            amount=Decimal("1.00"),
            method="cash",
            entered_by=clerk,
        )
        for _ in range(count)
    )


def queries_of(request) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code in (200, 302)
    return len(queries)


def page_requests(demo):
    client = demo.client("borrower")
    payment = Payment.objects.filter(note=demo.note).first()
    body = {
        "amount": "1850.00",
        "received_on": "2007-03-15",
        "method": "check",
        "kind": "regular",
        "idempotency_key": "counting",
        "step": "preview",
    }
    new = reverse("web-payment-new", kwargs={"pk": demo.note.pk})
    return {
        "payment form": lambda: client.get(new),
        "payment preview": lambda: client.post(new, body),
        "receipt": lambda: client.get(reverse("web-payment-receipt", kwargs={"pk": payment.pk})),
        "note statements": lambda: client.get(statements_url(demo)),
        "statements": lambda: client.get(reverse("web-statements")),
        "reversal preview": lambda: demo.client("servicer").post(
            reverse("web-payment-reverse", kwargs={"pk": payment.pk}),
            {"reversed_on": "2007-03-15", "reason": "x", "step": "preview"},
        ),
    }


def test_query_counts_do_not_grow_with_the_payments(demo):
    few = {name: queries_of(request) for name, request in page_requests(demo).items()}
    add_payments(demo, 50)
    many = {name: queries_of(request) for name, request in page_requests(demo).items()}
    assert Payment.objects.filter(note=demo.note).count() == 64
    assert many == few
    assert max(few.values()) < 40  # and they are few
