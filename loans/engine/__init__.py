"""The servicing engine: pure Python, no Django, no clock (the date is passed in).

money (D, ZERO, CENT, round_cents), daycount (DESIGN 3.1), schedule (3.2),
replay (3.3-3.7) and the values they exchange (values).
"""
