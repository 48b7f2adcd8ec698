"""Replay checkpoints (payments/checkpoints.py): a read through the note's checkpoint is
always exactly a fresh replay of its terms and log, whatever was recorded and however.

The reference is `replay(note_terms(note), note_events(note), as_of)`, the engine's walk
of the whole log; `note_replay` is what every read uses.
"""

import contextlib
import itertools
import pickle
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from cachetools import LRUCache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import loans.engine.replay
import payments.selectors
import payments.status
from loans.engine.replay import replay
from loans.engine.values import Replay
from loans.models import Note
from payments import checkpoints
from payments.default_events import event_record
from payments.models import Payment, ReplayCheckpoint
from payments.selectors import note_events, note_replay, note_terms
from payments.services import charge_record, payment_record, payment_reverse
from payments.status import note_status_refresh
from tests.payments.factories import make_note, make_user

FAR = date(2040, 1, 1)
Store = LRUCache[tuple[str, date], Replay]
_references = itertools.count(1)


def fresh(note: Note, as_of: date) -> Replay:
    return replay(note_terms(note), note_events(note), as_of)


def walked_to(note: Note) -> date:
    return ReplayCheckpoint.objects.get(note=note).walked_to


def read_through_the_checkpoint(note: Note, as_of: date) -> Replay:
    """note_replay, proven to come from the checkpoint: one query, and no fresh replay."""
    with CaptureQueriesContext(connection) as queries:
        state = note_replay(note=note, as_of=as_of)
    assert len(queries) == 1
    return state


def assert_reads_equal_fresh_replays(note: Note, today: date) -> None:
    """Before the checkpoint's date (fresh), on it, after it, today and far ahead."""
    note.refresh_from_db()
    on = walked_to(note)
    for day in (on - timedelta(days=40), on - timedelta(days=1)):
        assert note_replay(note=note, as_of=day) == fresh(note, day)
    for day in (on, on + timedelta(days=1), today, today + timedelta(days=45), FAR):
        assert read_through_the_checkpoint(note, day) == fresh(note, day)


# --- every kind of event, recorded through the services ------------------------------


def test_each_kind_of_event_leaves_a_checkpoint_equal_to_a_fresh_replay(db: None) -> None:
    clerk = make_user()
    note = make_note()
    on = date.fromisoformat

    def check(today: str) -> None:
        assert_reads_equal_fresh_replays(note, on(today))

    payment_record(note=note, received_on=on("2006-02-01"), amount="1911.67", method="check",
                   entered_by=clerk, today=on("2006-02-01"))  # fmt: skip
    check("2006-02-01")
    assert walked_to(note) == on("2006-02-01")
    late = payment_record(note=note, received_on=on("2006-03-20"), amount="1850.00",
                          method="wire", entered_by=clerk, today=on("2006-03-20"))  # fmt: skip
    check("2006-03-20")
    # Backdated: recorded on 2006-05-02, received before the checkpoint's date.
    payment_record(note=note, received_on=on("2006-03-10"), amount="50.00", method="cash",
                   entered_by=clerk, today=on("2006-05-02"))  # fmt: skip
    check("2006-05-02")
    assert walked_to(note) == on("2006-03-20")
    payment_record(note=note, received_on=on("2006-04-03"), amount="10000.00", method="check",
                   kind="prepayment", entered_by=clerk, today=on("2006-05-02"))  # fmt: skip
    check("2006-05-02")
    payment_reverse(payment=late.payment, reversed_on=on("2006-05-02"), reason="returned check",
                    entered_by=clerk, today=on("2006-05-02"))  # fmt: skip
    check("2006-05-02")
    assert walked_to(note) == on("2006-05-02")
    charge_record(note=note, incurred_on=on("2006-05-03"), amount="350.00",
                  kind="attorneys_fees", description="letter", entered_by=clerk,
                  today=on("2006-05-03"))  # fmt: skip
    check("2006-05-03")
    event_record(note=note, kind="default_notice", date=on("2006-05-04"), entered_by=clerk,
                 today=on("2006-05-04"))  # fmt: skip
    check("2006-05-04")
    case = event_record(note=note, kind="bankruptcy_involuntary", date=on("2006-05-05"),
                        entered_by=clerk, today=on("2006-05-05"))  # fmt: skip
    check("2006-05-05")
    event_record(note=note, kind="bankruptcy_dismissed", date=on("2006-06-01"),
                 refers_to=case.id, entered_by=clerk, today=on("2006-06-01"))  # fmt: skip
    check("2006-06-01")
    # The notice's cure days ran out unpaid: an event of default, then a waiver of it.
    assert fresh(note, on("2006-06-01")).defaults
    event_record(note=note, kind="waiver", date=on("2006-06-02"), entered_by=clerk,
                 today=on("2006-06-02"))  # fmt: skip
    check("2006-06-02")
    assert all(d.waived_on == on("2006-06-02") for d in fresh(note, FAR).defaults)


def test_acceleration_and_judgment_on_an_optional_note(db: None) -> None:
    clerk = make_user()
    note = make_note(notice_required=False, grace_days=5, acceleration="optional")
    on = date.fromisoformat
    payment_record(note=note, received_on=on("2006-02-01"), amount="1911.67", method="check",
                   entered_by=clerk, today=on("2006-03-20"))  # fmt: skip
    assert_reads_equal_fresh_replays(note, on("2006-03-20"))
    # 2006-03-01 unpaid, 5 days of grace: a default on 2006-03-07, then acceleration.
    event_record(note=note, kind="acceleration", date=on("2006-03-20"), entered_by=clerk,
                 today=on("2006-03-20"))  # fmt: skip
    assert_reads_equal_fresh_replays(note, on("2006-03-20"))
    assert fresh(note, on("2006-03-20")).accelerated_on == on("2006-03-20")
    event_record(note=note, kind="judgment", date=on("2006-03-25"), entered_by=clerk,
                 today=on("2006-04-01"))  # fmt: skip
    assert_reads_equal_fresh_replays(note, on("2006-04-01"))


# --- generated notes and logs --------------------------------------------------------

ACTIONS = st.sampled_from(
    ["payment", "payment", "prepayment", "backdated", "reversal", "reversal", "charge", "notice",
     "waiver", "acceleration", "bankruptcy", "dismissal"]
)  # fmt: skip


@st.composite
def histories(draw: st.DrawFn) -> tuple[dict[str, Any], list[tuple[str, int, int, int]]]:
    terms = draw(
        st.sampled_from(
            [
                {},
                {"notice_required": False, "grace_days": 10, "acceleration": "optional"},
                {"repayment": "level", "maturity_date": date(2007, 1, 1)},
            ]
        )
    )
    steps = draw(
        st.lists(
            st.tuples(
                ACTIONS,
                st.integers(0, 75),  # days the business date moves on
                st.integers(0, 60),  # how far back the event is dated
                st.integers(1, 400_000),  # cents
            ),
            min_size=1,
            max_size=8,
        )
    )
    return terms, steps


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(histories())
def test_generated_logs_read_through_the_checkpoint_equal_fresh_replays(
    db: None, case: tuple[dict[str, Any], list[tuple[str, int, int, int]]]
) -> None:
    terms, steps = case
    clerk = make_user(f"clerk-{next(_references)}")
    note = make_note(f"GEN-{next(_references)}", **terms)
    today = note.accrual_start
    note_status_refresh(note=note, today=today)
    for action, moves_on, back, cents in steps:
        today += timedelta(days=moves_on)
        day = max(note.accrual_start, today - timedelta(days=back if action == "backdated" else 0))
        # A refusal (nothing past due to give notice of, nothing to waive) stores nothing.
        with contextlib.suppress(ValidationError):
            record(note, clerk, action, day, Decimal(cents) / 100, today)
        assert_reads_equal_fresh_replays(note, today)


def record(note: Note, clerk: Any, action: str, day: date, amount: Decimal, today: date) -> None:
    """One event through the services, dated `day`, on the business date `today`."""
    by = {"entered_by": clerk, "today": today}
    if action in ("payment", "prepayment", "backdated"):
        kind = "prepayment" if action == "prepayment" else "regular"
        payment_record(note=note, received_on=day, amount=amount, method="check", kind=kind, **by)
    elif action == "reversal":
        payment = Payment.objects.filter(note=note, reversal__isnull=True).order_by("pk").last()
        if payment is not None:
            payment_reverse(payment=payment, reversed_on=max(day, payment.received_on),
                            reason="returned", **by)  # fmt: skip
    elif action == "charge":
        charge_record(note=note, incurred_on=day, amount=amount, kind="other", description="", **by)
    elif action == "dismissal":
        case = note.events.filter(kind="bankruptcy_involuntary").last()
        if case is not None:
            event_record(note=note, kind="bankruptcy_dismissed", date=max(day, case.date),
                         refers_to=case.pk, **by)  # fmt: skip
    else:
        names = {"notice": "default_notice", "bankruptcy": "bankruptcy_involuntary"}
        event_record(note=note, kind=names.get(action, action), date=day, **by)


# --- what a checkpoint must not be trusted for ---------------------------------------


@pytest.fixture
def paid(db: None) -> Note:
    """A note with three payments, its checkpoint written by the services on 2006-04-01."""
    clerk = make_user()
    note = make_note()
    for day in ("2006-02-01", "2006-03-01", "2006-04-01"):
        payment_record(note=note, received_on=date.fromisoformat(day), amount="1850.00",
                       method="check", entered_by=clerk, today=date(2006, 4, 1))  # fmt: skip
    return note


def test_a_row_inserted_behind_the_services_is_seen(paid: Note) -> None:
    before = note_replay(note=paid, as_of=date(2006, 6, 1))
    Payment.objects.create(
        note=paid, received_on=date(2006, 5, 1), amount=Decimal("1850.00"), method="cash",
        entered_by=make_user("other"),
    )  # fmt: skip
    after = note_replay(note=paid, as_of=date(2006, 6, 1))
    assert after == fresh(paid, date(2006, 6, 1))
    assert after != before
    assert len(after.allocations) == 4
    assert after.balance.total_due < before.balance.total_due


def test_terms_changed_before_any_event_are_seen(db: None) -> None:
    note = make_note()
    note_status_refresh(note=note, today=date(2006, 3, 15))
    assert read_through_the_checkpoint(note, date(2006, 3, 15)) == fresh(note, date(2006, 3, 15))
    note.principal = Decimal("100000.00")
    note.save()
    state = note_replay(note=note, as_of=date(2006, 3, 15))
    assert state == fresh(note, date(2006, 3, 15))
    # 100,000.00 at 12% (30/360) from 2005-12-31 to 2006-02-01: 31 days -> 1,033.33.
    assert state.installments[0].interest == Decimal("1033.33")


def stale_reads(note: Note, as_of: date) -> int:
    """Queries of a read: 1 through the checkpoint, 6 when it replays afresh."""
    with CaptureQueriesContext(connection) as queries:
        state = note_replay(note=note, as_of=as_of)
    assert state == fresh(note, as_of)
    return len(queries)


def test_a_checkpoint_with_a_wrong_signature_is_not_used(paid: Note, settings: Any) -> None:
    assert stale_reads(paid, date(2006, 6, 1)) == 1
    ReplayCheckpoint.objects.filter(note=paid).update(signature="0" * 64)
    assert stale_reads(paid, date(2006, 6, 1)) == 6


def test_a_checkpoint_signed_with_another_key_is_not_used(paid: Note, settings: Any) -> None:
    settings.SECRET_KEY = "another key, another deployment"
    assert stale_reads(paid, date(2006, 6, 1)) == 6


def test_a_checkpoint_of_another_engine_is_not_used(paid: Note) -> None:
    row = ReplayCheckpoint.objects.get(note=paid)
    other = "1" * 64
    signature = checkpoints._signature(
        paid.pk, other, row.fingerprint, row.walked_to, bytes(row.state)
    )
    ReplayCheckpoint.objects.filter(note=paid).update(engine=other, signature=signature)
    assert stale_reads(paid, date(2006, 6, 1)) == 6


class _Tripwire:
    """A pickle that records that it was loaded."""

    loaded = False

    def __reduce__(self) -> tuple[Any, tuple[()]]:
        return (_trip, ())


def _trip() -> None:
    _Tripwire.loaded = True


def test_a_forged_state_is_never_unpickled(paid: Note) -> None:
    forged = pickle.dumps(_Tripwire())
    ReplayCheckpoint.objects.filter(note=paid).update(state=forged)
    assert stale_reads(paid, date(2006, 6, 1)) == 6
    assert not _Tripwire.loaded
    # The control: the same bytes, unpickled, do trip it.
    pickle.loads(forged)
    assert _Tripwire.loaded
    _Tripwire.loaded = False


def test_another_notes_checkpoint_is_not_used(paid: Note) -> None:
    other = make_note("OTHER")
    note_status_refresh(note=other, today=date(2006, 4, 1))
    copied = ReplayCheckpoint.objects.get(note=paid)
    ReplayCheckpoint.objects.filter(note=other).update(
        fingerprint=copied.fingerprint, walked_to=copied.walked_to, state=copied.state,
        signature=copied.signature,
    )  # fmt: skip
    assert stale_reads(other, date(2006, 6, 1)) == 6


def test_reads_from_the_checkpoint_do_not_replay_the_log(
    paid: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = fresh(paid, date(2006, 6, 1))

    def refuse(*args: object) -> None:
        raise AssertionError("the log was replayed afresh")

    monkeypatch.setattr(payments.selectors, "replay", refuse)
    monkeypatch.setattr(payments.selectors, "notes_events", refuse)
    assert note_replay(note=paid, as_of=date(2006, 6, 1)) == expected
    # Before the checkpoint's date only a fresh replay answers: the patch is what stops it.
    with pytest.raises(AssertionError, match="afresh"):
        note_replay(note=paid, as_of=date(2006, 3, 15))


def test_lists_read_every_current_checkpoint_in_one_query(paid: Note) -> None:
    other = make_note("OTHER")
    note_status_refresh(note=other, today=date(2006, 4, 1))
    notes = [paid, other]
    with CaptureQueriesContext(connection) as queries:
        states = payments.selectors.notes_replay(notes=notes, as_of=date(2006, 6, 1))
    assert len(queries) == 1
    assert states == {n.pk: fresh(n, date(2006, 6, 1)) for n in notes}


def test_the_daily_refresh_resumes_an_unchanged_log_and_rewrites_nothing(
    paid: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the checkpoint was rewritten")

    monkeypatch.setattr(payments.status, "replay_checkpoint", refuse)
    monkeypatch.setattr(payments.status, "checkpoint_store", refuse)
    # Paid 1,850.00 a month against 1,911.67 due on 2006-02-01: 61.67 is past due, and on
    # 2006-05-20 so is 2006-05-01's installment. The status moves without an event.
    status = note_status_refresh(note=paid, today=date(2006, 5, 20))
    assert status == fresh(paid, date(2006, 5, 20)).balance.status == "past_due"


# --- a posting extends the checkpoint of the log just before it -----------------------


class _Spy:
    """Counts the fresh replays of the status refresh, or refuses them."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, *, refuse: bool) -> None:
        self.calls = 0
        self.refuse = refuse
        self.real = payments.status.replay_checkpoint
        monkeypatch.setattr(payments.status, "replay_checkpoint", self)

    def __call__(self, *args: Any) -> Any:
        if self.refuse:
            raise AssertionError("the log was replayed afresh")
        self.calls += 1
        return self.real(*args)


def test_an_in_order_payment_and_charge_extend_the_checkpoint(
    paid: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the log was read")

    _Spy(monkeypatch, refuse=True)
    monkeypatch.setattr(payments.status, "note_events", refuse)
    # Nor is a whole replay built: no snapshot, every payment's allocation in it.
    monkeypatch.setattr(loans.engine.replay._Walk, "snapshot", refuse)
    clerk = make_user("later")
    recorded = payment_record(note=paid, received_on=date(2006, 5, 1), amount="1850.00",
                              method="check", entered_by=clerk, today=date(2006, 5, 3))  # fmt: skip
    charge_record(note=paid, incurred_on=date(2006, 5, 2), amount="350.00", kind="other",
                  description="", entered_by=clerk, today=date(2006, 5, 3))  # fmt: skip
    # A payment the same day as the charge comes after it in the same-day order.
    payment_record(note=paid, received_on=date(2006, 5, 2), amount="350.00", method="check",
                   entered_by=clerk, today=date(2006, 5, 3))  # fmt: skip
    monkeypatch.undo()
    assert walked_to(paid) == date(2006, 5, 2)
    assert_reads_equal_fresh_replays(paid, date(2006, 5, 3))
    # The answer to the posting is the fresh replay's too, every cent of it placed.
    state = fresh(paid, date(2006, 5, 3))
    mine = next(a for a in state.allocations if a.payment_id == str(recorded.payment.pk))
    assert recorded.allocation == mine
    parts = mine.principal + mine.interest + mine.charges + mine.unapplied + mine.held
    assert parts == Decimal("1850.00")


@pytest.mark.parametrize("action", ["backdated", "same_day_charge", "reversal", "behind"])
def test_other_postings_replay_the_whole_log(
    paid: Note, monkeypatch: pytest.MonkeyPatch, action: str
) -> None:
    clerk = make_user("later")
    by: dict[str, Any] = {"entered_by": clerk, "today": date(2006, 5, 3)}
    if action == "behind":  # the checkpoint is two rows behind: one the services never saw
        Payment.objects.create(note=paid, received_on=date(2006, 4, 20), amount=Decimal("5.00"),
                               method="cash", entered_by=clerk)  # fmt: skip
    spy = _Spy(monkeypatch, refuse=False)
    if action == "reversal":
        last = Payment.objects.filter(note=paid).order_by("pk").last()
        assert last is not None
        payment_reverse(payment=last, reversed_on=date(2006, 5, 2), reason="returned", **by)
    elif action == "same_day_charge":  # charges come before payments on a day
        charge_record(note=paid, incurred_on=date(2006, 4, 1), amount="35.00", kind="other",
                      description="", **by)  # fmt: skip
    else:
        day = {"backdated": date(2006, 3, 15)}.get(action)
        payment_record(note=paid, received_on=day or date(2006, 5, 1), amount="100.00",
                       method="check", **by)  # fmt: skip
    assert spy.calls == 1
    assert_reads_equal_fresh_replays(paid, date(2006, 5, 3))


# --- the replays a process keeps --------------------------------------------------------


@pytest.fixture
def kept(monkeypatch: pytest.MonkeyPatch) -> Store:
    """An empty store of resumed replays, for this test only."""
    store = checkpoints.kept_store()
    monkeypatch.setattr(checkpoints, "_kept", store)
    return store


class _Resumes:
    """`resume`, counted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self.real = checkpoints.resume
        monkeypatch.setattr(checkpoints, "resume", self)

    def __call__(self, *args: Any) -> Replay | None:
        self.calls += 1
        return self.real(*args)


def test_a_note_read_again_is_answered_from_what_the_process_kept(
    paid: Note, kept: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    resumes = _Resumes(monkeypatch)
    day = date(2006, 6, 1)
    first = read_through_the_checkpoint(paid, day)
    again = read_through_the_checkpoint(paid, day)
    assert first == again == fresh(paid, day)
    assert resumes.calls == 1
    # Another as-of date is another replay.
    assert read_through_the_checkpoint(paid, FAR) == fresh(paid, FAR)
    assert resumes.calls == 2
    # A rows' count of the two replays: 1 + 24 installments + 3 allocations each.
    assert kept.currsize == 2 * (1 + 24 + 3)


def test_a_posting_is_seen_by_the_next_read_not_the_kept_replay(paid: Note, kept: Store) -> None:
    day = date(2006, 6, 1)
    before = read_through_the_checkpoint(paid, day)
    payment_record(note=paid, received_on=date(2006, 5, 1), amount="1850.00", method="check",
                   entered_by=make_user("other"), today=day)  # fmt: skip
    after = read_through_the_checkpoint(paid, day)
    assert after == fresh(paid, day)
    assert len(after.allocations) == len(before.allocations) + 1
    # 1,850.00 more paid: the interest due on 2006-05-01 (1,850.00) is no longer owed.
    assert after.balance.total_due == before.balance.total_due - Decimal("1850.00")


def test_a_row_behind_the_services_is_seen_though_a_replay_was_kept(
    paid: Note, kept: Store
) -> None:
    day = date(2006, 6, 1)
    before = read_through_the_checkpoint(paid, day)
    Payment.objects.create(
        note=paid, received_on=date(2006, 5, 1), amount=Decimal("1850.00"), method="cash",
        entered_by=make_user("other"),
    )  # fmt: skip
    after = note_replay(note=paid, as_of=day)
    assert after == fresh(paid, day) != before


def test_the_kept_replays_stay_within_their_rows(
    paid: Note, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Room for two replays of 28 rows (24 installments, 3 allocations and the replay).
    store = checkpoints.kept_store(56)
    monkeypatch.setattr(checkpoints, "_kept", store)
    resumes = _Resumes(monkeypatch)
    days = [date(2006, 6, 1), date(2006, 7, 1), date(2006, 8, 1)]
    for day in days:
        assert read_through_the_checkpoint(paid, day) == fresh(paid, day)
    assert resumes.calls == 3
    assert store.currsize == 56
    # The latest two are kept; the first was let go and is resumed again.
    for day in days[1:]:
        read_through_the_checkpoint(paid, day)
    assert resumes.calls == 3
    read_through_the_checkpoint(paid, days[0])
    assert resumes.calls == 4
    assert store.currsize == 56
    # A replay larger than the whole store is answered and not kept.
    tiny = checkpoints.kept_store(10)
    monkeypatch.setattr(checkpoints, "_kept", tiny)
    assert read_through_the_checkpoint(paid, days[0]) == fresh(paid, days[0])
    assert tiny.currsize == 0
