"""bench/http_load.py: the wrk figures it reads, and the 500 payments it posts paying the seed
note's installments exactly (so both notes it compares owe the same)."""

from datetime import date
from decimal import Decimal

import pytest

from tests.bench.scripts import bench_script

bench = bench_script("http_load")

WRK_OUTPUT = """\
Running 10s test @ http://127.0.0.1:8201/api/parties/3/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    47.10ms   12.02ms 180.33ms   80.12%
  3400 requests in 10.00s, 2.10MB read
Requests/sec:    339.98
NK-RESULT requests=3400 duration_us=10000512 p50_us=45210 p99_us=98500 non2xx=3 socket_errors=1
"""


def test_parse_wrk_reads_the_done_hook_line() -> None:
    timing = bench.parse_wrk(WRK_OUTPUT)
    assert (timing.requests, timing.non_2xx, timing.socket_errors) == (3400, 3, 1)
    assert timing.seconds == pytest.approx(10.000512)
    assert timing.rate == pytest.approx(3400 / 10.000512)
    assert (timing.p50_ms, timing.p99_ms) == (pytest.approx(45.21), pytest.approx(98.5))


def test_parse_wrk_refuses_output_without_the_line() -> None:
    with pytest.raises(ValueError, match="no NK-RESULT line"):
        bench.parse_wrk("unable to connect to 127.0.0.1:8201 Connection refused\n")


def test_median_timing_takes_the_median_latency_and_sums_the_rest() -> None:
    runs = [bench.Timing(100, 10.0, p50, p99, bad, 0)
            for p50, p99, bad in ((40.0, 90.0, 0), (50.0, 300.0, 2), (45.0, 95.0, 0))]  # fmt: skip
    median = bench.median_timing(runs)
    assert (median.requests, median.seconds, median.non_2xx) == (300, 30.0, 2)
    assert (median.p50_ms, median.p99_ms) == (45.0, 95.0)


def test_installment_parts_pay_each_installment_exactly_within_its_period() -> None:
    # Two installments of the seed note: 1,911.67 for 2005-12-31 -> 2006-02-01 and
    # 1,850.00 for 2006-02-01 -> 2006-03-01, in 7 payments: 4 then 3.
    installments = [
        (date(2005, 12, 31), date(2006, 2, 1), Decimal("1911.67")),
        (date(2006, 2, 1), date(2006, 3, 1), Decimal("1850.00")),
    ]
    parts = bench.installment_parts(installments, 7)
    first, second = parts[:4], parts[4:]
    # 191,167 cents / 4 = 47,791 r 3: three parts of 477.92 and one of 477.91.
    assert [amount for _, amount in first] == [Decimal("477.92")] * 3 + [Decimal("477.91")]
    # 185,000 cents / 3 = 61,666 r 2: 616.67, 616.67, 616.66.
    assert [amount for _, amount in second] == [Decimal("616.67")] * 2 + [Decimal("616.66")]
    # Spread over each period (32 days, then 28), the last on the due date.
    assert [received for received, _ in first] == [
        date(2006, 1, 8), date(2006, 1, 16), date(2006, 1, 24), date(2006, 2, 1)
    ]  # fmt: skip
    assert [received for received, _ in second] == [
        date(2006, 2, 10), date(2006, 2, 19), date(2006, 3, 1)
    ]  # fmt: skip


def test_a_pool_endpoint_s_script_goes_round_its_paths_and_others_keep_their_path() -> None:
    paths = ("/api/notes/7/payments/", "/api/notes/8/payments/", "/api/notes/9/payments/")
    body = '{"amount": "1.00"}'
    pool = bench.Endpoint("payment POST", "POST", paths[0], {}, body, pool=paths)
    script = bench.wrk_script(pool)
    assert 'local paths = {"/api/notes/7/payments/", "/api/notes/8/payments/", ' \
           '"/api/notes/9/payments/"}' in script  # fmt: skip
    assert "turn = turn % #paths + 1" in script
    assert "return wrk.format(nil, paths[turn])" in script
    assert 'wrk.body = "{\\"amount\\": \\"1.00\\"}"' in script
    assert 'wrk.method = "POST"' in script
    one = bench.wrk_script(bench.Endpoint("balance", "GET", "/api/notes/1/balance/", {}))
    assert "function request" not in one and "paths" not in one
    assert "wrk.body = nil" in one
    # Both hook the same answers: the count of those not 2xx and the NK-RESULT line.
    for text in (script, one):
        assert "if status < 200 or status > 299 then bad = bad + 1 end" in text
        assert "NK-RESULT requests=%d" in text
