"""Hypothesis strategies for the engine: any reasonable note, and an event log for it."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from loans.engine.schedule import months_after
from loans.engine.values import (
    Charge,
    DayCountCode,
    Event,
    NoteEvent,
    NoteEventKind,
    Payment,
    RepaymentType,
    Reversal,
    Terms,
)

DAY_COUNTS: tuple[DayCountCode, ...] = ("30/360", "30E/360", "ACT/360", "ACT/365F", "ACT/ACT")


@st.composite
def note_terms(draw: st.DrawFn, max_months: int = 120) -> Terms:
    """Any reasonable note: every day count, type, frequency and an odd first period."""
    months = draw(st.sampled_from([1, 3, 6, 12]))
    periods = draw(st.integers(min_value=1, max_value=max_months // months + 1))
    accrual = draw(st.dates(min_value=date(1995, 1, 1), max_value=date(2040, 12, 31)))
    first = accrual + timedelta(days=draw(st.integers(min_value=1, max_value=120)))
    maturity = months_after(first, months * (periods - 1)) + timedelta(
        days=draw(st.sampled_from([0, 0, 0, 9]))
    )
    repayment: RepaymentType = draw(st.sampled_from(["interest_only", "level", "fixed_principal"]))
    lead_in = draw(st.integers(min_value=0, max_value=periods - 1)) if periods > 1 else 0
    return Terms(
        principal=Decimal(draw(st.integers(min_value=1, max_value=10**9))) / 100,
        annual_rate=Decimal(draw(st.integers(min_value=0, max_value=30_000_000))) / 10**6,
        day_count=draw(st.sampled_from(DAY_COUNTS)),
        accrual_start=accrual,
        first_payment_date=first,
        maturity_date=maturity,
        payment_frequency_months=months,
        repayment=repayment,
        interest_only_periods=lead_in if repayment != "interest_only" else 0,
        amortization_periods=draw(st.sampled_from([None, None, 360, 2])),
        notice_required=draw(st.booleans()),
        acceleration=draw(st.sampled_from(["automatic", "optional"])),
    )


def note_days(terms: Terms) -> st.SearchStrategy[date]:
    """Days from the accrual start to 60 days after maturity."""
    span = (terms.maturity_date - terms.accrual_start).days + 60
    return st.integers(0, span).map(lambda n: terms.accrual_start + timedelta(days=n))


@st.composite
def note_events(draw: st.DrawFn, terms: Terms) -> list[Event]:
    """Regular payments and prepayments sized to the note, some reversed, a few charges,
    notices, bankruptcies, judgments, accelerations and waivers."""
    days = note_days(terms)
    cents = int(terms.principal * 100)
    amount = st.one_of(st.integers(1, max(1, cents // 20)), st.integers(1, cents + cents // 5)).map(
        lambda c: Decimal(c).scaleb(-2)
    )
    log: list[Event] = []
    for i in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(["regular", "regular", "prepayment"]))
        payment = Payment(f"p{i}", draw(days), draw(amount), kind, sequence=i)  # type: ignore[arg-type]
        log.append(payment)
        if draw(st.integers(0, 5)) == 0:
            later = timedelta(days=draw(st.integers(0, 60)))
            log.append(Reversal(payment.id, payment.received_on + later))
    for i in range(draw(st.integers(0, 2))):
        log.append(Charge(f"c{i}", draw(days), draw(amount)))
    kinds: list[NoteEventKind] = [
        "default_notice",
        "bankruptcy_involuntary",
        "judgment",
        "waiver",
        "acceleration",
    ]
    for i in range(draw(st.integers(0, 3))):
        log.append(NoteEvent(f"e{i}", draw(st.sampled_from(kinds)), draw(days)))
    return log
