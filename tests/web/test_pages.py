"""The reading pages without a browser: what they show for the seed note, how they
refuse, and that their SQL query count does not grow with notes or payments."""

import hashlib
import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from loans.models import Membership, Note, Party, Role
from loans.seed import SEED_TEXT
from loans.services import note_board
from payments.models import Payment
from payments.services import payment_record
from tests.web.conftest import DEMO_DATE, Demo
from web.selectors import note_page

pytestmark = pytest.mark.django_db


def signed_in(username: str) -> Client:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_note_page_shows_terms_schedule_and_payments_of_the_seed(demo):
    page = signed_in("lender").get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()
    assert "<strong>30/360 (Bond Basis)</strong>" in page
    # Installment 8: due 2006-09-01, received 2006-09-14 -> 13 days late.
    assert "Paid 13 days late" in page
    assert page.count('tone-ok">Paid<') == 13  # installments 1-7 and 9-14 paid on their due date
    assert page.count('tone-neutral">Upcoming<') == 10  # installments 15-24
    # Period 1 under 30/360: 185,000.00 x 12% x 31/360 = 1,911.67.
    assert "1,911.67" in page
    # Interest paid to 2007-03-15: 1,911.67 + 13 x 1,850.00 = 25,961.67 (the chart says so).
    assert "Interest paid to 2007-03-15: 25,961.67" in page
    assert "check 1008" in page and "borrower" in page
    # The note's collateral, as boarded: the security agreement of 2005-12-31.
    assert "<h3>Collateral Security Agreement</h3>" in page
    assert '<dt>Dated</dt><dd><time datetime="2005-12-31">2005-12-31</time></dd>' in page
    assert "No collateral recorded." not in page


def test_the_instrument_is_served_byte_for_byte_with_its_sha256(demo):
    client = signed_in("accountant")
    served = client.get(reverse("note-instrument", kwargs={"pk": demo.note.pk}))
    expected = SEED_TEXT.read_bytes()
    assert served.content == expected
    page = client.get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()
    assert hashlib.sha256(expected).hexdigest() in page


def test_the_balance_box_as_of_another_date(demo):
    url = reverse("note-balance", kwargs={"pk": demo.note.pk})
    response = signed_in("borrower").get(
        url, {"as_of": "2006-09-10"}, headers={"HX-Request": "true"}
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert not text.lstrip().startswith("<!doctype")  # the box alone
    # Installment 8 (1,850.00, due 2006-09-01) is unpaid on 2006-09-10: 9 days past due.
    assert "9 days past due" in text
    assert "<dt>Interest due and unpaid</dt><dd>1,850.00</dd>" in text


@pytest.mark.parametrize("as_of", ["2006-09-10", "2007-03-15", "2008-02-01"])
def test_the_balance_box_alone_is_the_pages_box_without_the_rest_of_the_page(demo, as_of):
    """The box swapped in is the page's own balance section as of that date; it reads
    none of the page's own reads (lenders' answers, lenders, collateral)."""
    client = signed_in("lender")
    page = client.get(reverse("note", kwargs={"pk": demo.note.pk}), {"as_of": as_of})
    section = re.search(r'<section id="balance".*?</section>', page.content.decode(), re.S)
    assert section is not None
    with CaptureQueriesContext(connection) as queries:
        box = client.get(
            reverse("note-balance", kwargs={"pk": demo.note.pk}),
            {"as_of": as_of},
            headers={"HX-Request": "true"},
        )
    assert box.status_code == 200
    assert box.content.decode().strip() == section.group(0)
    read = " ".join(query["sql"] for query in queries.captured_queries)
    for table in ("payments_paymentconfirmation", "loans_notelender", "loans_collateralreference"):
        assert f'FROM "{table}"' not in read


@pytest.mark.parametrize("bad", ["2007-02-30", "tomorrow", "15/03/2007", "9" * 30])
def test_a_date_that_is_not_a_date_is_a_400_with_the_reason(demo, bad):
    client = signed_in("lender")
    for name in ("note", "note-balance"):
        response = client.get(reverse(name, kwargs={"pk": demo.note.pk}), {"as_of": bad})
        assert response.status_code == 400
        assert "is not a date" in response.content.decode()


@pytest.mark.parametrize("edge", ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"])
def test_a_date_outside_the_accepted_range_is_a_400_with_the_range(demo, edge):
    """The API's bound (loans/dates.py): 1900-01-01 to 2199-12-31."""
    client = signed_in("lender")
    for name in ("note", "note-balance"):
        response = client.get(reverse(name, kwargs={"pk": demo.note.pk}), {"as_of": edge})
        assert response.status_code == 400
        assert f"{edge} is outside 1900-01-01..2199-12-31." in response.content.decode()


@pytest.mark.parametrize("edge", ["1900-01-01", "2199-12-31"])
def test_the_ends_of_the_accepted_range_answer(demo, edge):
    response = signed_in("lender").get(
        reverse("note", kwargs={"pk": demo.note.pk}), {"as_of": edge}
    )
    assert response.status_code == 200


def test_another_partys_user_gets_the_friendly_404(demo):
    other = Party.objects.create(name="OTHER LLC", kind=Party.Kind.ORGANIZATION)
    clerk = get_user_model().objects.create_user(username="other")
    Membership.objects.create(user=clerk, party=other, role=Role.LENDER)
    client = Client()
    client.force_login(clerk)
    for name in ("note", "note-balance", "note-instrument"):
        response = client.get(reverse(name, kwargs={"pk": demo.note.pk}))
        assert response.status_code == 404
        assert "INFINITE" not in response.content.decode()
    assert "We could not find that page" in client.get("/notes/999999999/").content.decode()
    assert client.get("/notes/" + "9" * 19 + "/").status_code == 404  # longer than a key


def test_home_offers_record_a_payment_only_to_borrower_staff(demo):
    new_payment = f"/notes/{demo.note.pk}/payments/new/"
    assert new_payment in signed_in("borrower").get("/").content.decode()
    for username in ("lender", "accountant"):
        assert new_payment not in signed_in(username).get("/").content.decode()


def test_exports_are_offered_to_accountants_and_servicers_only(demo):
    for username, offered in (("accountant", True), ("servicer", True), ("lender", False)):
        assert (
            f'href="{reverse("web-statements")}"' in signed_in(username).get("/").content.decode()
        ) is offered


def action_links(demo: Demo) -> dict[str, str]:
    pk = {"pk": demo.note.pk}
    return {
        "payment": reverse("web-payment-new", kwargs=pk),
        "charge": reverse("web-charge-new", kwargs=pk),
        "notice": reverse("web-notice-new", kwargs=pk),
        "event": reverse("web-event-new", kwargs=pk),
        "statements": reverse("web-note-statements", kwargs=pk),
    }


# What DESIGN 1 lets each role do on a note it sees.
OFFERED = {
    "lender": {"charge", "notice", "event", "statements", "confirm"},
    "borrower": {"payment", "statements"},
    "accountant": {"statements"},
    "servicer": {"payment", "charge", "notice", "event", "statements", "confirm", "reverse"},
}


@pytest.mark.parametrize("username", list(OFFERED))
def test_the_note_page_offers_each_role_its_actions_and_each_payment_its_receipt(demo, username):
    client = signed_in(username)
    page = client.get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()
    assert f"/notes/{demo.note.pk}/actions/" not in page
    march = demo.note.payments.get(received_on=date(2007, 3, 1))
    per_payment = {
        "receipt": reverse("web-payment-receipt", kwargs={"pk": march.pk}),
        "confirm": reverse("web-payment-confirm", kwargs={"pk": march.pk}),
        "reverse": reverse("web-payment-reverse", kwargs={"pk": march.pk}),
    }
    links = action_links(demo) | per_payment
    shown = {name for name, url in links.items() if f'href="{url}"' in page}
    assert shown == OFFERED[username] | {"receipt"}
    # Every link offered opens (a GET of each action page answers 200), and the 14
    # demo payments each link to their receipt.
    for name in shown:
        assert client.get(links[name]).status_code == 200, name
    assert page.count('href="/payments/') >= 14
    for payment in demo.note.payments.all():
        assert f'href="{reverse("web-payment-receipt", kwargs={"pk": payment.pk})}"' in page


def test_a_reversed_payment_offers_its_receipt_only(demo):
    from payments.services import payment_reverse

    march = demo.note.payments.get(received_on=date(2007, 3, 1))
    servicer = get_user_model().objects.get(username="servicer")
    payment_reverse(
        payment=march,
        reversed_on=date(2007, 3, 15),
        reason="Check returned",
        entered_by=servicer,
        today=date(2007, 3, 15),
    )
    page = signed_in("servicer").get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()
    assert reverse("web-payment-receipt", kwargs={"pk": march.pk}) in page
    assert reverse("web-payment-reverse", kwargs={"pk": march.pk}) not in page
    assert reverse("web-payment-confirm", kwargs={"pk": march.pk}) not in page


def test_each_payment_row_shows_its_own_lenders_answers(demo):
    from payments.services import payment_confirm

    february, march = (demo.note.payments.get(received_on=date(2007, month, 1)) for month in (2, 3))
    david, leah = (
        demo.note.lender_shares.get(party__name=name).party
        for name in ("DAVID N. SLAVNY", "LEAH A. SLAVNY")
    )
    answers = [(david, True, "Received", "lender"), (leah, False, "Not in our account", "servicer")]
    for party, confirmed, comment, username in answers:
        payment_confirm(
            payment=march,
            lender_party=party,
            confirmed=confirmed,
            comment=comment,
            by=demo.users[username],
        )
    page = signed_in("lender").get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()

    def row(payment):
        receipt = reverse("web-payment-receipt", kwargs={"pk": payment.pk})
        return next(tr for tr in page.split("<tr") if receipt in tr)

    assert re.search(
        r'tone-ok">Confirmed</span> DAVID N\. SLAVNY \(lender, .*\): Received<br>\s*'
        r'<span class="badge tone-bad">Disputed</span> LEAH A\. SLAVNY \(servicer, .*\): '
        r"Not in our account",
        row(march),
    )
    assert "Not yet confirmed" in row(february) and "SLAVNY" not in row(february)
    assert page.count("Not yet confirmed") == 13  # the 14 demo payments but March


def test_the_note_page_shows_the_stored_sha256_not_a_fresh_one(demo):
    # The page shows what boarding stored; a digest made up here proves it is not recomputed.
    Note.objects.filter(pk=demo.note.pk).update(instrument_sha256="ab" * 32)
    page = signed_in("lender").get(reverse("note", kwargs={"pk": demo.note.pk})).content.decode()
    assert "ab" * 32 in page
    assert hashlib.sha256(SEED_TEXT.read_bytes()).hexdigest() not in page


def test_the_note_page_shows_shares_in_effect_and_the_transfers(demo):
    from payments.models import ShareTransfer

    lender, other = (row.party for row in demo.note.lender_shares.order_by("pk"))
    buyer = Party.objects.create(name="SHARE BUYER LLC", kind=Party.Kind.ORGANIZATION)
    ShareTransfer.objects.create(
        note=demo.note,
        from_party=lender,
        to_party=buyer,
        share=Decimal("25"),
        effective_on=date(2007, 1, 1),
        description="Sold a quarter",
        entered_by=get_user_model().objects.get(username="servicer"),
    )
    client = signed_in("lender")
    url = reverse("note", kwargs={"pk": demo.note.pk})
    now = client.get(url).content.decode()
    # The seed is lent 50/50. From 2007-01-01: 50% - 25% = 25% stays with the first
    # lender, the other keeps 50%, the buyer holds 25%.
    assert f'<td>{lender.name}</td><td class="num">25.00%</td>' in now
    assert f'<td>{other.name}</td><td class="num">50.00%</td>' in now
    assert f'<td>{buyer.name}</td><td class="num">25.00%</td>' in now
    assert "Sold a quarter" in now and "2007-01-01" in now
    # The balance box's date does not change the page; ?as_of before the transfer does.
    before = client.get(url, {"as_of": "2006-12-31"}).content.decode()
    assert f'<td>{lender.name}</td><td class="num">50.00%</td>' in before
    assert f"<td>{buyer.name}</td>" not in before
    assert "Not yet in effect" in before


def test_only_the_servicer_is_offered_to_board_a_note(demo):
    board = f'href="{reverse("web-note-board")}"'
    assert board in signed_in("servicer").get("/").content.decode()
    for username in ("lender", "borrower", "accountant"):
        assert board not in signed_in(username).get("/").content.decode()


def test_favicon_and_the_500_page(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("web/favicon.svg")
    assert "Something went wrong on our side" in render_to_string("500.html")


def test_the_demo_command_prints_the_apps_url_for_each_user(settings, capsys):
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    call_command("load_seed_note", "--demo")
    out = capsys.readouterr().out
    for username in ("servicer", "lender", "borrower", "accountant"):
        line = next(line for line in out.splitlines() if f"username {username} " in line)
        assert line.endswith("at http://127.0.0.1:8000/")
    assert "/admin/" not in out


# --- query counts -----------------------------------------------------------------------


def board(reference: str, borrower: Party, lender: Party) -> Note:
    return note_board(
        reference=reference,
        borrower=borrower,
        lenders=[(lender, Decimal("100"))],
        principal=Decimal("10000.00"),
        annual_rate=Decimal("6"),
        day_count="30/360",
        dated=date(2006, 1, 1),
        first_payment_date=date(2006, 2, 1),
        maturity_date=date(2008, 1, 1),
        repayment="interest_only",
    )


def portfolio(count: int) -> Client:
    """`count` notes of one borrower and lender, each with one payment; a lender signed in."""
    borrower = Party.objects.create(name="B", kind=Party.Kind.ORGANIZATION)
    lender = Party.objects.create(name="L", kind=Party.Kind.PERSON)
    user = get_user_model().objects.create_user(username="l")
    Membership.objects.create(user=user, party=lender, role=Role.LENDER)
    Membership.objects.create(user=user, party=borrower, role=Role.BORROWER_STAFF)
    for n in range(count):
        note = board(f"N-{n}", borrower, lender)
        pay(note, user, date(2006, 2, 1))
    client = Client()
    client.force_login(user)
    return client


def pay(note: Note, user, on: date) -> None:
    payment_record(note=note, received_on=on, amount="50.00", method="check", entered_by=user)


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/", "/watchlist/", "/statements/"])
def test_home_and_watchlist_queries_do_not_grow_with_notes(settings, url):
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    one = queries(portfolio(1), url)
    fifty = queries(portfolio_more(49), url)
    assert fifty == one, f"{url}: {one} queries for 1 note, {fifty} for 50"


def portfolio_more(count: int) -> Client:
    """Add `count` more notes to the portfolio of user "l" (now 1 + count notes)."""
    user = get_user_model().objects.get(username="l")
    borrower, lender = Party.objects.get(name="B"), Party.objects.get(name="L")
    for n in range(count):
        pay(board(f"M-{n}", borrower, lender), user, date(2006, 2, 1))
    client = Client()
    client.force_login(user)
    return client


def test_the_query_count_would_see_one_replay_per_note(settings, monkeypatch):
    # Negative control: replaying each note on its own (a query a note, for its replay
    # checkpoint) is caught.
    import web.selectors
    from payments.selectors import note_replay

    def one_by_one(*, notes, as_of):
        return {note.pk: note_replay(note=note, as_of=as_of) for note in notes}

    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    monkeypatch.setattr(web.selectors, "notes_replay", one_by_one)
    one = queries(portfolio(1), "/")
    three = queries(portfolio_more(2), "/")
    assert three == one + 2


def fifty_more_payments(note: Note) -> None:
    """Five payments a month, 2006-03-01 .. 2006-12-20, after the portfolio's 2006-02-01."""
    user = get_user_model().objects.get(username="l")
    for month in range(3, 13):
        for day in (1, 5, 10, 15, 20):
            pay(note, user, date(2006, month, day))


def test_the_note_page_queries_do_not_grow_with_payments(settings):
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    client = portfolio(1)
    note = Note.objects.get()
    url = reverse("note", kwargs={"pk": note.pk})
    one = queries(client, url)
    one_all = queries(client, f"{url}?payments=all")
    fifty_more_payments(note)
    assert note.payments.count() == 51
    fifty_one = queries(client, url)
    assert fifty_one == one, f"{one} queries for 1 payment, {fifty_one} for 51"
    fifty_one_all = queries(client, f"{url}?payments=all")
    assert fifty_one_all == one_all, f"{one_all} queries for 1 payment, {fifty_one_all} for 51"


def test_the_note_page_lists_the_latest_24_payments_and_all_on_request(settings):
    settings.NOTEKEEPER_BUSINESS_DATE = DEMO_DATE
    client = portfolio(1)
    note = Note.objects.get()
    fifty_more_payments(note)
    first, *later = note.payments.order_by("received_on")
    url = reverse("note", kwargs={"pk": note.pk})

    def receipts(page: str) -> list[int]:
        found = re.findall(r'href="/payments/(\d+)/receipt/"', page)
        return [int(pk) for pk in found]

    page = client.get(url, {"as_of": "2007-01-31"}).content.decode()
    assert "The latest 24 of 51 payments." in page
    assert 'href="?payments=all&amp;as_of=2007-01-31#payments-heading"' in page
    # 2006-08-05 .. 2006-12-20, oldest first: the 24 received last
    assert receipts(page) == [p.pk for p in later[-24:]]
    assert later[-24].received_on == date(2006, 8, 5)

    everything = client.get(url, {"payments": "all"}).content.decode()
    assert "The latest" not in everything
    assert receipts(everything) == [first.pk] + [p.pk for p in later]


def test_an_uncured_notice_accelerates_and_the_schedule_ends_with_the_acceleration_row(settings):
    from payments.default_events import default_notice_record

    settings.NOTEKEEPER_BUSINESS_DATE = "2006-03-15"
    client = portfolio(0)
    user = get_user_model().objects.get(username="l")
    note = board("N-ACC", Party.objects.get(name="B"), Party.objects.get(name="L"))
    # Installment 1 (due 2006-02-01) is never paid. Notice sent 2006-02-10, 10 cure days:
    # deadline 2006-02-20; still unpaid at its end, so the event of default occurs on
    # 2006-02-21 and, the acceleration being automatic, everything is due that day.
    default_notice_record(
        note=note,
        sent_on=date(2006, 2, 10),
        installments=None,
        delivery_method="certified_mail",
        entered_by=user,
    )
    page = client.get(reverse("note", kwargs={"pk": note.pk})).content.decode()
    assert 'tone-bad">Accelerated<' in page
    assert "Not cured: event of default on 2006-02-21" in page
    assert '<td data-label="Cure deadline"><time datetime="2006-02-20">' in page
    acceleration_row = page.split('class="tone-row-')[-1]
    assert "acceleration" in acceleration_row.split(">")[0]
    assert '<strong><time datetime="2006-02-21">' in acceleration_row

    as_of_notice = client.get(reverse("note", kwargs={"pk": note.pk}), {"as_of": "2006-02-15"})
    # On 2006-02-15 the cure period runs to 2006-02-20: 5 days left.
    assert "Cure period running: 5 days left" in as_of_notice.content.decode()


def test_the_drawing_kept_with_a_replay_is_drawn_again_once_a_payment_is_recorded(demo):
    """As of 2007-04-02 the seed has paid 1,911.67 + 13 x 1,850.00 = 25,961.67 of
    interest, and 13 installments on their due dates (8 was late, 15 is unpaid). The
    page read twice keeps one drawing (chart and schedule) with the note's replay;
    1,850.00 received on 2007-03-15 is held for installment 15 and pays its 1,850.00 of
    interest on 2007-04-01, so the next page draws 27,811.67, shows 14 installments paid
    on their due dates and counts 15 payments."""
    as_of = date(2007, 4, 2)
    lender = get_user_model().objects.get(username="lender")
    url = reverse("note", kwargs={"pk": demo.note.pk}) + "?as_of=2007-04-02"
    first = note_page(user=lender, note=demo.note, as_of=as_of)
    again = note_page(user=lender, note=demo.note, as_of=as_of)
    assert again.chart is first.chart and first.payment_count == 14
    assert again.schedule_table is first.schedule_table
    assert again.chart_html is first.chart_html
    assert "Interest paid to 2007-04-02: 25,961.67" in first.chart_html
    assert first.schedule_table.count('tone-ok">Paid<') == 13
    assert "Interest paid to 2007-04-02: 25,961.67" in first.chart.description
    assert "Interest paid to 2007-04-02: 25,961.67" in signed_in("lender").get(url).content.decode()

    payment_record(
        note=demo.note, received_on=date(2007, 3, 15), amount="1850.00", method="check",
        entered_by=demo.users["borrower"],
    )  # fmt: skip
    after = note_page(user=lender, note=demo.note, as_of=as_of)
    assert after.chart is not first.chart and after.payment_count == 15
    assert after.schedule_table.count('tone-ok">Paid<') == 14
    assert "Interest paid to 2007-04-02: 27,811.67" in after.chart.description
    assert "Interest paid to 2007-04-02: 27,811.67" in after.chart_html
    assert "Interest paid to 2007-04-02: 27,811.67" in signed_in("lender").get(url).content.decode()


LISTS = (
    "payments_sharetransfer",
    "payments_charge",
    "loans_defaultnotice",
    "loans_noteevent",
    "loans_collateralreference",
)
"""The tables of the note page's lists besides payments."""


def tables_listed(client: Client, url: str) -> tuple[set[str], str]:
    """The tables the page read rows of (not those it only asked whether they have one
    of the note's), and the page."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    read = {table for table in LISTS for q in captured if q["sql"].startswith(f'SELECT "{table}"')}
    return read, response.content.decode()


def test_the_note_page_reads_only_the_lists_the_note_has(settings):
    """A note with none of them is not asked for their rows; once it has one of each,
    each is read and shown."""
    from loans.models import CollateralReference
    from payments.default_events import default_notice_record, note_event_record
    from payments.models import ShareTransfer
    from payments.services import charge_record

    settings.NOTEKEEPER_BUSINESS_DATE = "2006-03-15"
    client = portfolio(1)
    note = Note.objects.get()
    user = get_user_model().objects.get(username="l")
    url = reverse("note", kwargs={"pk": note.pk})
    read, page = tables_listed(client, url)
    assert read == set()
    assert "No charges recorded." in page and "No collateral recorded." in page
    assert "No notices of default." in page and "No default events." in page

    charge_record(note=note, incurred_on=date(2006, 3, 1), amount="125.00",
                  kind="collection_cost", description="Courier", entered_by=user)  # fmt: skip
    default_notice_record(note=note, sent_on=date(2006, 3, 10), installments=None,
                          delivery_method="certified_mail", entered_by=user)  # fmt: skip
    note_event_record(note=note, kind="borrower_assignment", date=date(2006, 3, 12),
                      affiliate=True, description="To its parent", entered_by=user)  # fmt: skip
    CollateralReference.objects.create(note=note, kind="guaranty", title="Parent guaranty")
    buyer = Party.objects.create(name="SHARE BUYER LLC", kind=Party.Kind.ORGANIZATION)
    ShareTransfer.objects.create(note=note, from_party=Party.objects.get(name="L"),
                                 to_party=buyer, share=Decimal("40"),
                                 effective_on=date(2006, 3, 1), entered_by=user)  # fmt: skip
    read, page = tables_listed(client, url)
    assert read == set(LISTS)
    assert "Courier" in page and "125.00" in page
    assert "Cure period running" in page  # the notice: sent 2006-03-10, 10 days to cure
    assert "To its parent" in page
    assert "<h3>Parent guaranty</h3>" in page
    assert f'<td>{buyer.name}</td><td class="num">40.00%</td>' in page


def test_the_payment_rows_read_reversals_and_answers_only_when_the_note_has_them(settings):
    """A note none of whose payments is reversed or answered reads the payments alone;
    once one is answered and one reversed, both are read and shown."""
    from payments.services import payment_confirm, payment_reverse

    settings.NOTEKEEPER_BUSINESS_DATE = "2006-03-15"
    client = portfolio(1)
    note = Note.objects.get()
    user = get_user_model().objects.get(username="l")
    pay(note, user, date(2006, 3, 1))
    url = reverse("note", kwargs={"pk": note.pk})

    def reads() -> tuple[str, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return " ".join(q["sql"] for q in captured), response.content.decode()

    sql, page = reads()
    assert '"payments_paymentreversal"' not in sql
    assert 'FROM "payments_paymentconfirmation"' not in sql
    assert page.count("Not yet confirmed") == 2

    february, march = note.payments.order_by("received_on")
    payment_confirm(payment=february, lender_party=Party.objects.get(name="L"), confirmed=False,
                    comment="Never arrived", by=user)  # fmt: skip
    payment_reverse(payment=march, reversed_on=date(2006, 3, 15), reason="Check returned",
                    entered_by=user, today=date(2006, 3, 15))  # fmt: skip
    sql, page = reads()
    assert 'LEFT OUTER JOIN "payments_paymentreversal"' in sql
    assert 'FROM "payments_paymentconfirmation"' in sql
    assert "Disputed</span> L (l, " in page and "Never arrived" in page
    reversed_on = '<time datetime="2006-03-15">2006-03-15</time>'
    assert f"Reversed {reversed_on}</span> by l: Check returned" in page


def test_a_payment_row_is_rendered_once_and_shows_every_change_at_once(demo, monkeypatch):
    """The note page keeps each payment's row under everything the row shows: read
    again, no row is rendered; a lender's answer, a reversal, a renamed lender or user,
    and another user's rights each show on the next read."""
    import web.selectors
    from payments.services import payment_confirm, payment_reverse

    rendered: list[str] = []
    render = web.selectors.render_to_string

    def counting(name, context=None, *args, **kwargs):
        rendered.append(name)
        return render(name, context, *args, **kwargs)

    monkeypatch.setattr(web.selectors, "render_to_string", counting)
    url = reverse("note", kwargs={"pk": demo.note.pk})
    march = demo.note.payments.get(received_on=date(2007, 3, 1))
    receipt = reverse("web-payment-receipt", kwargs={"pk": march.pk})

    def march_row(username: str) -> str:
        page = signed_in(username).get(url).content.decode()
        return next(tr for tr in page.split("<tr") if receipt in tr)

    first = march_row("lender")
    rendered.clear()
    assert march_row("lender") == first and rendered == []  # 14 rows, all kept
    assert "Not yet confirmed" in first and "Interest 1,850.00" in first
    assert "borrower" in first  # entered by the demo's borrower staff

    david = demo.note.lender_shares.get(party__name="DAVID N. SLAVNY").party
    payment_confirm(payment=march, lender_party=david, confirmed=True, comment="Received",
                    by=demo.users["lender"])  # fmt: skip
    confirmed = march_row("lender")
    assert "DAVID N. SLAVNY (lender, " in confirmed and "Not yet confirmed" not in confirmed

    david.name = "DAVID SLAVNY TRUST"
    david.save()
    assert "DAVID SLAVNY TRUST (lender, " in march_row("lender")
    clerk = demo.users["borrower"]
    clerk.username = "ap-clerk"
    clerk.save()
    renamed = march_row("lender")
    assert "ap-clerk" in renamed and "borrower" not in renamed

    reverse_url = reverse("web-payment-reverse", kwargs={"pk": march.pk})
    assert reverse_url not in renamed  # a lender may not reverse
    assert reverse_url in march_row("servicer")
    payment_reverse(payment=march, reversed_on=date(2007, 3, 15), reason="Check returned",
                    entered_by=demo.users["servicer"], today=date(2007, 3, 15))  # fmt: skip
    reversed_row = march_row("servicer")
    assert "Reversed" in reversed_row and "Check returned" in reversed_row
    assert reverse_url not in reversed_row


def test_the_home_pages_last_payment_is_the_latest_not_reversed(demo: Demo) -> None:
    """The demo's 14th payment (1,850.00) is the latest until 100.00 arrives on
    2007-03-10; once that is reversed (returned check), the 14th is the latest again."""
    from payments.services import payment_reverse
    from web.selectors import note_summaries

    lender = demo.users["lender"]
    demo_last = Payment.objects.filter(note=demo.note).order_by("received_on", "pk").last()
    assert demo_last is not None and demo_last.amount == Decimal("1850.00")

    def latest() -> tuple[date | None, Decimal | None]:
        today = date.fromisoformat(DEMO_DATE)
        (summary,) = note_summaries(user=lender, as_of=today, anywhere=frozenset())
        return summary.last_payment_on, summary.last_payment_amount

    assert latest() == (demo_last.received_on, Decimal("1850.00"))
    clerk = demo.users["borrower"]
    extra = payment_record(note=demo.note, received_on=date(2007, 3, 10), amount="100.00",
                           method="check", entered_by=clerk).payment  # fmt: skip
    assert latest() == (date(2007, 3, 10), Decimal("100.00"))
    payment_reverse(payment=extra, reversed_on=date(2007, 3, 12), reason="returned check",
                    entered_by=demo.users["servicer"])  # fmt: skip
    assert latest() == (demo_last.received_on, Decimal("1850.00"))
