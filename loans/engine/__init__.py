"""The servicing engine: pure Python, no Django, no clock (the date is passed in).

money (D, ZERO, CENT, round_cents), daycount (DESIGN 3.1), schedule (3.2: due
dates, the principal rule, the one projection), replay (3.3-3.7: `replay` for one
as-of date, `replay_at` for several in one walk, `event_refusal`) and the values
they exchange (values: `Terms`, events, `Replay` with its `Installment`s,
`Allocation`s, `Balance`, `Payoff`, `DefaultOccurrence`s and running `Clock`s).
"""
