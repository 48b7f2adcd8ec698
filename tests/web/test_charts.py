"""The note page's chart: coordinates from figures worked out by hand."""

from datetime import date, timedelta
from decimal import Decimal
from typing import cast

from loans.engine.values import Allocation, Installment, Replay
from web.charts import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, _nice_top, _Scale, note_chart


class FakeReplay:
    def __init__(self, as_of, installments, allocations):
        self.as_of, self.installments, self.allocations = as_of, installments, allocations


def row(number: int, due: date, principal: str) -> Installment:
    return Installment(
        number=number,
        period_start=date(2006, 1, 1),
        due_date=due,
        days=30,
        interest=Decimal("100.00"),
        principal=Decimal(principal),
        total=Decimal("100.00") + Decimal(principal),
        paid=Decimal("0.00"),
        status="upcoming",
        days_late=0,
    )


def test_round_tops():
    # 185,000 / 4 = 46,250 -> the next round step is 50,000 -> top 200,000.
    assert _nice_top(Decimal("185000.00")) == Decimal("200000")
    # 10,000 / 4 = 2,500 -> 2,500 itself -> top 10,000.
    assert _nice_top(Decimal("10000")) == Decimal("10000")


def test_principal_and_interest_lines():
    # 1,000.00 lent 2006-01-01, 500.00 principal due 2006-07-01 and 2007-01-01 (365 days).
    replay = FakeReplay(
        date(2006, 7, 1),
        (row(1, date(2006, 7, 1), "500.00"), row(2, date(2007, 1, 1), "500.00")),
        (Allocation("7", Decimal("0"), Decimal("100.00"), Decimal("500.00"), Decimal("0")),),
    )
    chart = note_chart(
        replay=cast(Replay, replay),
        principal=Decimal("1000.00"),
        start=date(2006, 1, 1),
        received={"7": date(2006, 7, 1)},
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    # Top 1,000 (250 a step). 2006-07-01 is day 181 of 365: x = LEFT + plot_w * 181/365.
    x_mid = round(LEFT + plot_w * 181 / 365, 1)
    y_full, y_half, y_zero = TOP, TOP + plot_h / 2, HEIGHT - BOTTOM
    assert chart.principal_points.split() == [
        f"{float(LEFT)},{float(y_full)}",
        f"{x_mid},{float(y_full)}",
        f"{x_mid},{float(y_half)}",
        f"{float(WIDTH - RIGHT)},{float(y_half)}",
        # The last installment's step down, once: the series' closing point repeats it.
        f"{float(WIDTH - RIGHT)},{float(y_zero)}",
    ]
    # Interest: 100.00 of 1,000 -> a tenth of the height, from 2006-07-01 on.
    y_interest = round(HEIGHT - BOTTOM - plot_h * 0.1, 1)
    assert chart.interest_points.split()[-1] == f"{x_mid},{y_interest}"
    assert chart.as_of_x == x_mid
    assert "Interest paid to 2006-07-01: 100.00" in chart.description


def test_points_leave_out_only_what_draws_nothing():
    # 400 days over the plot's 520 pixels, top 1,000 over its 204: a day is 1.3 px, and
    # 1.00 is 0.204 px. A point repeated, points inside a run along y or x, go; a turn
    # back along the same x (up to 500, down to 250) stays.
    scale = _Scale(date(2006, 1, 1), date(2007, 2, 5), Decimal("1000"))

    def day(n: int) -> date:
        return date(2006, 1, 1) + timedelta(days=n)

    series = [
        (day(0), Decimal(0)),
        (day(0), Decimal(0)),  # the same point
        (day(10), Decimal(0)),  # along y = 0 ...
        (day(20), Decimal(0)),  # ... to here
        (day(20), Decimal(100)),  # up along x = day 20 ...
        (day(20), Decimal(500)),  # ... to 500
        (day(20), Decimal(250)),  # and back down: a turn, kept
        (day(30), Decimal("250.20")),  # 250.20 is 250 on the chart's tenths of a pixel
        (day(40), Decimal(250)),
    ]
    x = {n: round(LEFT + 520 * n / 400, 1) for n in (0, 20, 40)}
    y = {v: round(HEIGHT - BOTTOM - 204 * v / 1000, 1) for v in (0, 500, 250)}
    assert scale.points(series).split() == [
        f"{x[0]},{y[0]}",
        f"{x[20]},{y[0]}",
        f"{x[20]},{y[500]}",
        f"{x[20]},{y[250]}",
        f"{x[40]},{y[250]}",
    ]
