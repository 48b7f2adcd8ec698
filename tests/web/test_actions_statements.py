"""The statements pages, and the number of SQL queries of the payment and statements pages
(which must not grow with the number of payments on the note)."""

import re
from datetime import date
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loans.business_date import business_date
from payments.models import Payment
from payments.status import note_status_refresh

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


def test_another_party_gets_404(demo, stranger):
    assert demo.client("stranger").get(statements_url(demo)).status_code == 404


def test_the_forms_reach_working_statement_urls(demo):
    # The page's forms submit to the API; the formats built today answer already.
    client = demo.client("accountant")
    query = {"from": "2006-01-01", "to": "2006-12-31", "format": "csv"}
    activity = client.get(f"/api/notes/{demo.note.pk}/statements/activity/", query)
    assert activity.status_code == 200 and activity["Content-Type"].startswith("text/csv")
    journal = client.get(reverse("api-journal"), query | {"book": "lender"})
    assert journal.status_code == 200


def test_the_exports_show_to_those_who_may_export(demo, stranger):
    accountant = demo.client("accountant").get(reverse("web-statements")).content.decode()
    assert form_actions(accountant)[:2] == [reverse("api-journal"), "/api/exports/accrual/"]
    assert demo.note.reference in accountant
    assert form_actions(accountant)[-1] == reverse("api-portfolio")
    lender = demo.client("lender").get(reverse("web-statements")).content.decode()
    # A lender gets no books exports, only the portfolio of the notes they see.
    assert form_actions(lender) == [reverse("api-portfolio")] and demo.note.reference in lender
    assert stranger.reference not in lender
    servicer = demo.client("servicer").get(reverse("web-statements")).content.decode()
    assert stranger.reference in servicer


# --- every download button, followed ------------------------------------------------------

# What each button must bring back, written from the formats themselves: a PDF starts
# "%PDF-", an XLSX is a zip ("PK\x03\x04"), the ledger journal is plain text.
EXPECTED = {
    "html": ("text/html", b"<"),
    "pdf": ("application/pdf", b"%PDF-"),
    "csv": ("text/csv", b""),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    "ledger": ("text/plain", b""),
}


class Forms(HTMLParser):
    """The GET forms of a page: action, the values their fields start with, and the
    `format` of each submit button, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "form" and a.get("method") == "get":
            self.forms.append({"action": a["action"], "fields": {}, "formats": []})
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name"):
            fields[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            if self._first_option is None:
                self._first_option = a["value"]
                fields.setdefault(self._select, a["value"])
            if "selected" in a:
                fields[self._select] = a["value"]
        elif tag == "button" and a.get("name") == "format":
            self.forms[-1]["formats"].append(a["value"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def get_forms(page: str) -> list[dict]:
    parser = Forms()
    parser.feed(page)
    return parser.forms


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_every_download_button_answers_its_file_to_the_accountant(demo):
    client = demo.client("accountant")
    pages = [statements_url(demo), reverse("web-statements")]
    followed = []
    for url in pages:
        forms = get_forms(client.get(url).content.decode())
        for form in forms:
            for fmt in form["formats"]:
                response = client.get(unescape(form["action"]), form["fields"] | {"format": fmt})
                what = f"{form['action']} {form['fields']} {fmt}"
                assert response.status_code == 200, what
                content_type, starts = EXPECTED[fmt]
                assert response["Content-Type"].split(";")[0] == content_type, what
                body = body_of(response)
                assert body.startswith(starts) and len(body) > 100, what
                followed.append((form["action"].rsplit("/", 2)[-2], fmt))
    # Four statements of the note and the accrual report and portfolio in four formats,
    # the journal in five (the ledger file too): 6 x 4 + 5 = 29 buttons.
    assert len(followed) == 29
    assert ("journal", "ledger") in followed and ("year-end", "pdf") in followed
    assert {fmt for _, fmt in followed} == set(EXPECTED)


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
    # bulk_create goes around the services, which rewrite the replay checkpoint: do it here,
    # or every read would replay the grown log afresh (five queries more, whatever `count`).
    note_status_refresh(note=demo.note, today=business_date())


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
