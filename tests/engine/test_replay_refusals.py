"""event_refusal (DESIGN 3.6): which notices, accelerations, waivers and references are refused."""

from datetime import date

import pytest

from loans.engine.replay import event_refusal
from loans.engine.values import Event
from tests.engine.replay_factories import SEED, event, pay, seed, seed_on_time

# On time through 2006-05-01: on 2006-06-05 only installment 5 (due 06-01) is past due.
PAID_TO_MAY = seed_on_time(date(2006, 5, 1))
JUNE_5 = date(2006, 6, 5)


@pytest.mark.parametrize(
    ("installments", "on", "refused"),
    [
        ((), JUNE_5, False),  # all past due: installment 5
        ((5,), JUNE_5, False),
        ((6,), JUNE_5, True),  # due 07-01: not past due
        ((5, 6), JUNE_5, True),
        ((), date(2006, 6, 1), True),  # 06-01 is due that day, not past due: none past due
        ((4,), JUNE_5, True),  # paid on time
    ],
)
def test_notice_must_name_installments_past_due(
    installments: tuple[int, ...], on: date, refused: bool
) -> None:
    notice = event("default_notice", on, installments=installments)
    assert (event_refusal(SEED, PAID_TO_MAY, notice) is not None) is refused


def test_notice_refused_on_a_note_without_notice_requirement() -> None:
    notice = event("default_notice", JUNE_5)
    assert event_refusal(seed(notice_required=False), PAID_TO_MAY, notice) is not None


def _defaulted() -> list[Event]:
    """Notice on 06-05 for the missed 06-01 installment; default on 06-16."""
    return [*PAID_TO_MAY, event("default_notice", JUNE_5)]


def test_acceleration_refused_on_an_automatic_note() -> None:
    acceleration = event("acceleration", date(2006, 6, 20))
    assert event_refusal(SEED, _defaulted(), acceleration) is not None


def test_acceleration_needs_a_standing_default() -> None:
    optional = seed(acceleration="optional")
    assert (
        event_refusal(optional, _defaulted(), event("acceleration", date(2006, 6, 15))) is not None
    )
    assert event_refusal(optional, _defaulted(), event("acceleration", date(2006, 6, 16))) is None
    waived = [*_defaulted(), event("waiver", date(2006, 6, 18))]
    assert event_refusal(optional, waived, event("acceleration", date(2006, 6, 20))) is not None


def test_waiver_needs_a_standing_default() -> None:
    assert event_refusal(SEED, _defaulted(), event("waiver", date(2006, 6, 15))) is not None
    assert event_refusal(SEED, _defaulted(), event("waiver", date(2006, 6, 16))) is None
    once = [*_defaulted(), event("waiver", date(2006, 6, 18))]
    assert event_refusal(SEED, once, event("waiver", date(2006, 6, 19))) is not None


def test_waiver_refused_after_payoff() -> None:
    # A voluntary petition on 01-10 accelerates: 2005-12-31 -> 01-10 is 10 days under
    # 30/360 (D1 31 -> 30), 616.666.. -> 616.67, plus the principal; paid the same day.
    events: list[Event] = [
        event("bankruptcy_voluntary", date(2006, 1, 10)),
        pay(date(2006, 1, 10), "185616.67"),
    ]
    assert event_refusal(SEED, events, event("waiver", date(2006, 1, 11))) is not None


CASE = event("bankruptcy_involuntary", date(2006, 3, 10), id="case")
JUDGMENT = event("judgment", date(2006, 3, 10), id="judgment")


@pytest.mark.parametrize(
    ("kind", "refers_to", "on", "refused"),
    [
        ("bankruptcy_dismissed", "case", date(2006, 4, 1), False),
        ("bankruptcy_consent", "case", date(2006, 4, 1), False),
        ("judgment_satisfied", "judgment", date(2006, 4, 1), False),
        ("bankruptcy_dismissed", "judgment", date(2006, 4, 1), True),
        ("judgment_satisfied", "case", date(2006, 4, 1), True),
        ("bankruptcy_consent", "nothing", date(2006, 4, 1), True),
        ("bankruptcy_dismissed", None, date(2006, 4, 1), True),
        ("bankruptcy_dismissed", "case", date(2006, 3, 9), True),  # before the case
    ],
)
def test_references_must_name_this_notes_case_or_judgment(
    kind: str, refers_to: str | None, on: date, refused: bool
) -> None:
    reference = event(kind, on, refers_to=refers_to)  # type: ignore[arg-type]
    assert (event_refusal(SEED, [CASE, JUDGMENT], reference) is not None) is refused


@pytest.mark.parametrize(
    "kind", ["bankruptcy_voluntary", "creditors_assignment", "judgment", "borrower_assignment"]
)
def test_default_events_themselves_are_allowed(kind: str) -> None:
    assert event_refusal(SEED, [], event(kind, date(2006, 4, 1))) is None  # type: ignore[arg-type]
