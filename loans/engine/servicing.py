"""The replay's state machine: one note, walked forward event by event (DESIGN 3.3-3.6).

`Servicer` holds the principal, the period in progress, the ledger of what fell due,
the money held for the next installment, the default clocks and the acceleration.
`replay.replay` feeds it the events in order; `report.build_report` turns it into values.

Vocabulary: `principal` is all principal outstanding; `not_due` the part that has
not fallen due yet (principal - principal due and unpaid); `prepaid` the principal
not yet due that was paid during the period in progress (it shows in that
installment's principal column, DESIGN 3.2). `period` is the index in
the due dates of the installment in progress; None once the schedule has ended
(maturity, acceleration, or principal at zero), after which interest accrues as one
open period on the unpaid principal (`open_accrual`), due as it accrues.
"""

from datetime import date
from decimal import Decimal

from loans.engine.accrual import PeriodAccrual, annual_rate
from loans.engine.defaults import (
    STOPPERS,
    Clocks,
    Waivers,
    clock_cause,
    grace_clock,
    notice_clock,
    window_clock,
)
from loans.engine.lines import LineMap
from loans.engine.money import ZERO
from loans.engine.schedule import amortization
from loans.engine.values import (
    Allocation,
    Charge,
    Clock,
    DefaultCause,
    DefaultOccurrence,
    Event,
    NoteEvent,
    Payment,
    Reversal,
    Terms,
)
from loans.engine.waterfall import (
    FinalSplits,
    Ledger,
    Owed,
    Row,
    Split,
    allocation_of,
    pay_charges,
    pay_interest,
    pay_principal,
    pay_row_interest,
    pay_row_principal,
    split_of,
)


class Servicer:
    """One note's state while its events are replayed (mutable; never leaves the engine)."""

    def __init__(self, terms: Terms, waivers: Waivers) -> None:
        self.terms = terms
        self.plan = amortization(terms)
        self.rate = annual_rate(terms.annual_rate)
        self.waivers = waivers
        self.ledger = Ledger()
        self.principal = terms.principal
        self.not_due = terms.principal
        self.prepaid = ZERO
        self.period: int | None = 0
        self.accrual = PeriodAccrual(terms.day_count, self.rate, terms.accrual_start)
        self.open_accrual: PeriodAccrual | None = None
        self.held: list[Split] = []
        """The splits of the payments whose money is held for the installment in progress
        (`Split.held`), in the order they were received (a payment is held once)."""
        self.held_sum = ZERO
        self.held_covered_on: date | None = None
        self.splits: dict[str, Split] = {}
        """Where each payment's money went, by payment id; after a thaw, only the payments
        received since, the others being in `frozen_held` or `final_splits`."""
        self.frozen_held = LineMap()
        """The splits still held when the walk was frozen, as text (`Split.text`), in the
        order they were held: before every split in `held`. They stay text until an
        installment falls due or the schedule ends (`_thaw_held`)."""
        self.frozen_unapplied = ZERO
        """The unapplied money of the `frozen_held` splits, in all."""
        self.final_splits = FinalSplits()
        self.clocks = Clocks()
        self.cases: dict[str, str] = {}
        self.defaults: list[DefaultOccurrence] = []
        self.accelerated_on: date | None = None
        self.paid_off_on: date | None = None

    def __getstate__(self) -> dict[str, object]:
        """Frozen with its splits as text (`Split.text`): the final ones in `final_splits`,
        those whose money is still held in `frozen_held`. A note paid in many small parts
        ahead of its due date can hold hundreds; those held since an earlier freeze are
        written as they were read."""
        state = self.__dict__.copy()
        live = {split.payment_id: split for split in self.held}
        state["frozen_held"] = self.frozen_held.plus((k, s.text()) for k, s in live.items())
        state["frozen_unapplied"] = sum((s.unapplied for s in live.values()), self.frozen_unapplied)
        state["splits"] = {}
        state["held"] = []
        state["final_splits"] = self.final_splits.with_(
            s for k, s in self.splits.items() if k not in live
        )
        return state

    def _thaw_held(self) -> None:
        """Make the `frozen_held` splits objects again, held before the others."""
        if not self.frozen_held:
            return
        thawed = []
        for payment_id, text in self.frozen_held.items():
            split = self.splits[payment_id] = split_of(payment_id, text)
            thawed.append(split)
        self.held[:0] = thawed
        self.frozen_held, self.frozen_unapplied = LineMap(), ZERO

    def frozen_allocation(self, payment_id: str) -> Allocation:
        """The allocation of a split still frozen (`frozen_held`, else `final_splits`)."""
        text = self.frozen_held.get(payment_id) or self.final_splits.amounts[payment_id]
        return allocation_of(payment_id, text)

    def unapplied(self) -> Decimal:
        """Money the payments left unapplied, in all."""
        frozen = self.final_splits.unapplied + self.frozen_unapplied
        return sum((s.unapplied for s in self.splits.values()), frozen)

    # --- time -------------------------------------------------------------------------

    def advance_to(self, day: date) -> None:
        """Let installments fall due and clocks fire up to and including `day`."""
        while (next_day := self._next_timed()) is not None and next_day <= day:
            if self.period is not None and self.plan.due_dates[self.period] == next_day:
                self._fall_due(next_day)
            for clock in self.clocks.pop_firing(next_day):
                self._fire(clock, next_day)

    def _next_timed(self) -> date | None:
        """The next due date or clock firing day."""
        days = [self.clocks.next_date()]
        if self.period is not None:
            days.append(self.plan.due_dates[self.period])
        return min((d for d in days if d is not None), default=None)

    def apply(self, event: Event, on: date) -> None:
        """One event, on its effective date (the replay passes them in order)."""
        self.advance_to(on)
        if isinstance(event, Payment):
            self._receive(event)
        elif isinstance(event, Charge):
            self.ledger.charges.append(Owed(event.incurred_on, event.amount))
        elif isinstance(event, NoteEvent):
            self._note_event(event)
        elif isinstance(event, Reversal):
            raise ValueError("reversals are resolved before the replay")

    # --- the schedule -------------------------------------------------------------------

    def _fall_due(self, due: date) -> None:
        """Installment `period + 1` falls due: its interest is rounded once, held money pays."""
        assert self.period is not None
        number = self.period + 1
        interest = self.accrual.rounded_to(due, self.principal)
        principal = self.plan.principal_due(number, self.not_due, interest)
        row = self._add_row(due, interest, principal)
        if row.unpaid == ZERO:
            row.paid_on = due  # nothing to pay (a 0% installment, or all prepaid): paid on time
        self.not_due -= principal
        if number == len(self.plan.due_dates) or self.not_due == ZERO:
            self._open_from(due)
        else:
            self.period += 1
            self.accrual = PeriodAccrual(self.terms.day_count, self.rate, due)
        self._apply_held(row, due)
        self._start_grace_clock(row)
        if self.owes_nothing(due):
            self.paid_off_on = self.paid_off_on or due

    def _add_row(self, due: date, interest: Decimal, principal: Decimal) -> Row:
        """The installment in progress falls due on `due`, its period's prepayments shown."""
        assert self.period is not None
        prepaid, self.prepaid = self.prepaid, ZERO
        row = Row(self.period + 1, self.accrual.start, due, interest, principal + prepaid)
        row.principal_paid = prepaid
        self.ledger.add_row(row)
        return row

    def _open_from(self, on: date) -> None:
        """The schedule has ended: interest accrues as one open period from `on`."""
        self.period = None
        self.open_accrual = PeriodAccrual(self.terms.day_count, self.rate, on)

    def _end_schedule(self, on: date, *, zero_day_row: bool = False) -> None:
        """Everything not yet due falls due on `on` (payoff, acceleration, principal at zero).

        The installment in progress falls due that day with interest to that day; on a
        due date, the installment due that day takes the remaining principal instead,
        unless `zero_day_row` (acceleration keeps an installment paid that day intact).
        """
        if self.period is None:
            return
        rows = self.ledger.rows
        if not zero_day_row and self.accrual.start == on and rows and rows[-1].due_date == on:
            row = self.ledger.reopen_last(self.not_due + self.prepaid)
            row.principal_paid += self.prepaid
            self.prepaid = ZERO
        else:
            interest = self.accrual.rounded_to(on, self.principal)
            row = self._add_row(on, interest, self.not_due)
            if not zero_day_row:
                self._start_grace_clock(row)
        self.not_due = ZERO
        self._open_from(on)

    def _lower_principal(self, on: date, amount: Decimal) -> None:
        """Principal paid on `on`: the old balance accrues to `on`, the new one from it."""
        if amount == ZERO:
            return
        active = self.accrual if self.period is not None else self.open_accrual
        assert active is not None
        active.book(on, self.principal)
        self.principal -= amount

    def _round_open_interest(self, on: date) -> None:
        """Open-period interest to `on` is rounded once and falls due (a payment arrives)."""
        if self.open_accrual is None:
            return
        chunk = self.open_accrual.rounded_to(on, self.principal)
        if chunk > ZERO:
            self.ledger.open_interest.append(Owed(self.open_accrual.start, chunk))
        self.open_accrual = PeriodAccrual(self.terms.day_count, self.rate, on)

    def accrued_to(self, on: date) -> Decimal:
        """Interest of the period in progress for the days before `on`, rounded once."""
        if self.period is None:
            return ZERO
        return self.accrual.rounded_to(on, self.principal)

    def open_interest_to(self, on: date) -> Decimal:
        """Open-period interest accrued since the last payment, rounded once."""
        if self.open_accrual is None:
            return ZERO
        return self.open_accrual.rounded_to(on, self.principal)

    def projected_interest(self) -> Decimal:
        """The installment in progress's interest if nothing else happens before its due date."""
        assert self.period is not None
        return self.accrual.rounded_to(self.plan.due_dates[self.period], self.principal)

    # --- money --------------------------------------------------------------------------

    def _receive(self, payment: Payment) -> None:
        """A payment on `t`: the regular waterfall or the prepayment order (DESIGN 3.4)."""
        split = Split(payment.id)
        self.splits[payment.id] = split
        t = payment.received_on
        self._round_open_interest(t)
        if payment.kind == "prepayment":
            self._apply_prepayment(t, payment.amount, split)
        else:
            self._apply_regular(t, payment.amount, split)
        self._settle_after_payment(t)

    def _apply_regular(self, t: date, money: Decimal, split: Split) -> None:
        """Charges, interest due, principal due, payoff, hold, prepay (steps 1-6)."""
        money = self._pay_due(t, money, split)
        if money == ZERO:
            return
        if money + self.held_total() >= self.not_due + self.accrued_to(t):
            self._end_schedule(t)
            self._release_held(t)
            split.unapplied += self._pay_due(t, money, split)
            return
        money = self._hold(t, money, split)
        if money > ZERO:
            split.unapplied += self._retire_principal(t, money, split)

    def _apply_prepayment(self, t: date, money: Decimal, split: Split) -> None:
        """Principal first (due, then not yet due); any excess in the regular order."""
        money = self._pay_principal_due(t, money, split)
        if money > ZERO:
            money = self._retire_principal(t, money, split)
        if money > ZERO:
            self._release_held(t)
            split.unapplied += self._pay_due(t, money, split)

    def _pay_due(self, on: date, money: Decimal, split: Split) -> Decimal:
        """Charges, then interest due, then principal due, each oldest first."""
        money = pay_charges(self.ledger, money, split)
        money = pay_interest(self.ledger, on, money, split)
        return self._pay_principal_due(on, money, split)

    def _pay_principal_due(self, on: date, money: Decimal, split: Split) -> Decimal:
        """Principal that has fallen due, oldest first."""
        before = split.principal
        money = pay_principal(self.ledger, on, money, split)
        self._lower_principal(on, split.principal - before)
        return money

    def _retire_principal(self, on: date, money: Decimal, split: Split) -> Decimal:
        """Principal not yet due, from `on`; all of it ends the schedule that day."""
        if self.period is not None and money < self.not_due:
            self._lower_principal(on, money)
            self.not_due -= money
            self.prepaid += money
            split.principal += money
            return ZERO
        self._end_schedule(on)
        return self._pay_principal_due(on, money, split)

    def _hold(self, t: date, money: Decimal, split: Split) -> Decimal:
        """Step 5: hold money for the installment in progress, up to its regular amount."""
        if self.period is None:
            return money
        interest = self.projected_interest()
        regular = self.plan.regular_principal(self.period + 1, self.not_due, interest)
        wanted = interest + regular - self.held_total()
        part = min(money, max(wanted, ZERO))
        if part > ZERO:
            self.held.append(split)
            self.held_sum += part
            split.held += part
        return money - part

    def held_total(self) -> Decimal:
        """Money held for the installment in progress."""
        return self.held_sum

    def holds_any(self) -> bool:
        """Whether money is held for the installment in progress."""
        return bool(self.held or self.frozen_held)

    def _apply_held(self, row: Row, due: date) -> None:
        """On the due date held money pays interest, then principal; the rest is principal."""
        self._thaw_held()
        covered_on, held = self.held_covered_on, self.held
        self.held, self.held_covered_on, self.held_sum = [], None, ZERO
        for split in held:
            amount, split.held = split.held, ZERO
            money = pay_row_interest(row, due, amount, split)
            before = split.principal
            money = pay_row_principal(row, due, money, split)
            self._lower_principal(due, split.principal - before)
            if money > ZERO:
                money = self._retire_principal(due, money, split)
            if money > ZERO:
                split.unapplied += self._pay_due(due, money, split)
        if covered_on is not None and row.paid_on is not None:
            row.paid_on = min(row.paid_on, covered_on)

    def _release_held(self, on: date) -> None:
        """The schedule ended: held money pays what is due at once, as a payment would."""
        self._thaw_held()
        held, self.held, self.held_covered_on = self.held, [], None
        self.held_sum = ZERO
        for split in held:
            amount, split.held = split.held, ZERO
            split.unapplied += self._pay_due(on, amount, split)

    def _settle_after_payment(self, t: date) -> None:
        """Held money covering everything pays the note off; note a covered installment."""
        if self.holds_any() and (self.period is None or self.held_total() >= self.owed(t)):
            self._end_schedule(t)
            self._release_held(t)
        if self.owes_nothing(t):
            self.paid_off_on = self.paid_off_on or t
        elif self.period is not None and self.holds_any() and self.held_covered_on is None:
            interest = self.projected_interest()
            total = interest + self.plan.principal_due(self.period + 1, self.not_due, interest)
            if self.held_total() >= total:
                self.held_covered_on = t

    def owed(self, on: date) -> Decimal:
        """Everything owed on `on`: principal, interest due and accrued, charges."""
        accrued = self.accrued_to(on) + self.open_interest_to(on)
        return self.not_due + accrued + self.ledger.total_due()

    def owes_nothing(self, on: date) -> bool:
        """Paid off: no principal and nothing due or accruing."""
        return self.principal == ZERO and self.owed(on) == ZERO

    # --- defaults (DESIGN 3.6) ------------------------------------------------------------

    def _note_event(self, event: NoteEvent) -> None:
        """A notice, default event, dismissal, acceleration (waivers act by look-ahead)."""
        kind = event.kind
        if kind in ("bankruptcy_voluntary", "creditors_assignment"):
            self._occur(event.date, "bankruptcy", event.id)
        elif kind == "borrower_assignment" and not event.affiliate:
            self._occur(event.date, "assignment", event.id)
        elif kind in ("bankruptcy_involuntary", "judgment"):
            self.cases[event.id] = kind
            self.clocks.start(window_clock(event))
        elif kind in STOPPERS:
            self._stop_clock(event)
        elif kind == "acceleration":
            self._lender_accelerates(event.date)
        elif kind == "default_notice":
            self._start_notice(event)

    def _stop_clock(self, event: NoteEvent) -> None:
        """Dismissal or satisfaction stops a window; consent defaults at once."""
        case = event.refers_to
        if case is None or self.cases.get(case) != STOPPERS[event.kind]:
            return
        running = self.clocks.is_running(case)
        self.clocks.stop(case)
        if event.kind == "bankruptcy_consent" and running:
            self._occur(event.date, "bankruptcy", event.id)

    def _start_notice(self, notice: NoteEvent) -> None:
        """A notice of default names installments (all past due by default); cure clock."""
        if not self.terms.notice_required:
            return
        past_due = tuple(r.number for r in self.ledger.unpaid_rows() if r.due_date < notice.date)
        named = notice.installments or past_due
        if named:
            self.clocks.start(notice_clock(self.terms, notice, named))

    def _start_grace_clock(self, row: Row) -> None:
        """Without a notice requirement every installment runs its own grace clock."""
        if not self.terms.notice_required:
            self.clocks.start(grace_clock(self.terms, row.number, row.due_date))

    def _fire(self, clock: Clock, on: date) -> None:
        """A clock's day has come: payment clocks default only if a watched row is unpaid."""
        if clock.kind in ("notice", "grace") and not self._any_unpaid(clock.installments):
            return
        self._occur(on, clock_cause(clock), clock.source_id)

    def _any_unpaid(self, numbers: tuple[int, ...]) -> bool:
        """Whether any of these installments has fallen due and is not fully paid."""
        rows = self.ledger.rows
        return any(0 < n <= len(rows) and rows[n - 1].unpaid > ZERO for n in numbers)

    def _occur(self, on: date, cause: DefaultCause, source_id: str) -> None:
        """An event of default; ignored after payoff; automatic notes accelerate."""
        if self.owes_nothing(on):
            return
        waived_on = self.waivers.rescinding(on)
        self.defaults.append(DefaultOccurrence(on, cause, source_id, waived_on))
        if waived_on is None and self.terms.acceleration == "automatic":
            self._accelerate(on)

    def _lender_accelerates(self, on: date) -> None:
        """An optional note's acceleration event, if a default stands and no waiver follows."""
        if self.terms.acceleration != "optional" or self.waivers.rescinding(on) is not None:
            return
        if any(d.waived_on is None for d in self.defaults):
            self._accelerate(on)

    def _accelerate(self, on: date) -> None:
        """Everything is due at once; held money pays it as a payment that day would."""
        if self.accelerated_on is not None or self.owes_nothing(on):
            return
        self.accelerated_on = on
        self._end_schedule(on, zero_day_row=True)
        self._release_held(on)
        if self.owes_nothing(on):
            self.paid_off_on = self.paid_off_on or on
