"""loans.composed: a queryset composed into SQL once gives what the queryset gives.

Each composed query is compared with the same queryset run by Django, field by field,
on rows that exercise what the pages read through it: select_related rows (a reverse
one-to-one present and absent), annotations, Django's converters (decimals and dates
come back as text on SQLite), ordering and slicing; and it is run again with other
values on the same connection, which must not reuse the first values.
"""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import QuerySet

from loans.composed import Composed, ComposeError, composed
from loans.models import Note, Party
from payments.models import Payment
from payments.services import payment_record, payment_reverse
from tests.payments.factories import make_note, make_user


def _fields(obj: Any) -> list[Any]:
    return [getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields]


@pytest.fixture
def notes(db: None) -> tuple[Note, Note]:
    """Two notes: the first with three payments (the middle one reversed), the second
    with one."""
    clerk = make_user()
    first, second = make_note("TEST-COMPOSED-1"), make_note("TEST-COMPOSED-2")
    for on, amount in (("2006-02-01", "1850.00"), ("2006-03-01", "100.10"), ("2006-03-02", "7")):
        payment_record(
            note=first,
            received_on=date.fromisoformat(on),
            amount=amount,
            method="check",
            entered_by=clerk,
            today=date(2006, 3, 15),
        )
    middle = Payment.objects.get(note=first, amount=Decimal("100.10"))
    payment_reverse(
        payment=middle,
        reversed_on=date(2006, 3, 10),
        reason="returned check",
        entered_by=clerk,
        today=date(2006, 3, 15),
    )
    payment_record(
        note=second,
        received_on=date(2006, 2, 3),
        amount="0.01",
        method="wire",
        entered_by=clerk,
        today=date(2006, 3, 15),
    )
    return first, second


def _newest(note_pk: int) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(note_id=note_pk)
        .select_related("entered_by", "reversal__entered_by")
        .order_by("-received_on", "-pk")[:2]
    )


def test_model_rows_with_related_rows_equal_the_querysets(notes):
    latest = Composed(_newest)
    for note in notes:  # the second run, other values, on the same composed SQL
        expected = list(_newest(note.pk))
        got = latest(note.pk)
        assert [_fields(p) for p in got] == [_fields(p) for p in expected]
        assert [_fields(p.entered_by) for p in got] == [_fields(p.entered_by) for p in expected]
        assert [p.is_reversed for p in got] == [p.is_reversed for p in expected]
        assert [_fields(p.reversal) for p in got if p.is_reversed] == [
            _fields(p.reversal) for p in expected if p.is_reversed
        ]
    first, second = notes
    # Worked out from the fixture: the first note's two newest, newest first, the older
    # of them reversed; the second note's one payment of 0.01, not reversed.
    amounts = [(p.received_on, p.amount, p.is_reversed) for p in latest(first.pk)]
    assert amounts == [
        (date(2006, 3, 2), Decimal("7.00"), False),
        (date(2006, 3, 1), Decimal("100.10"), True),
    ]
    assert [(p.amount, p.is_reversed) for p in latest(second.pk)] == [(Decimal("0.01"), False)]


def test_annotations_and_the_first_row(notes):
    from django.db.models import Count

    @composed
    def with_count(pk: int) -> QuerySet[Note]:
        return (
            Note.objects.select_related("borrower").annotate(paid=Count("payments")).filter(pk=pk)
        )

    first, second = notes
    got = with_count.first(first.pk)
    assert got is not None
    paid = got.paid  # type: ignore[attr-defined]
    assert (got.reference, got.borrower.name, paid) == (
        "TEST-COMPOSED-1",
        "Borrower of TEST-COMPOSED-1",
        3,
    )
    assert _fields(got) == _fields(Note.objects.get(pk=first.pk))
    assert with_count.first(second.pk).paid == 1
    assert with_count.first(second.pk + 1000) is None


def test_values_lists_flat_and_not(notes):
    @composed
    def amounts(note_pk: int) -> QuerySet[Payment, Decimal]:
        return (
            Payment.objects.filter(note_id=note_pk).order_by("pk").values_list("amount", flat=True)
        )

    @composed
    def days(note_pk: int, method: str) -> QuerySet[Payment, tuple[date, str]]:
        return (
            Payment.objects.filter(note_id=note_pk, method=method)
            .order_by("pk")
            .values_list("received_on", "method")
        )

    first, second = notes
    assert amounts(first.pk) == [Decimal("1850.00"), Decimal("100.10"), Decimal("7.00")]
    assert days(first.pk, "check") == [
        (date(2006, 2, 1), "check"),
        (date(2006, 3, 1), "check"),
        (date(2006, 3, 2), "check"),
    ]
    assert days(first.pk, "wire") == []
    assert days(second.pk, "wire") == [(date(2006, 2, 3), "wire")]


def test_one_query_a_call_and_composed_once_a_connection(notes, django_assert_num_queries):
    built: list[int] = []

    def build(pk: int) -> QuerySet[Note]:
        built.append(pk)
        return Note.objects.filter(pk=pk)

    note = Composed(build)
    first, second = notes
    with django_assert_num_queries(1):
        assert note.first(first.pk) == first
    assert len(built) == 2  # composed twice with stand-ins, to find the values' places
    with django_assert_num_queries(1):
        assert note.first(second.pk) == second
    assert len(built) == 2


def test_sql_that_depends_on_the_value_is_refused(db):
    @composed
    def named(name: str) -> QuerySet[Party]:
        return Party.objects.filter(name__icontains=name)  # the value becomes "%name%"

    with pytest.raises(ComposeError, match="depends on the values"):
        named("Leah")


def test_values_must_be_annotated_and_of_their_kind(db):
    with pytest.raises(ComposeError, match="annotate each value int or str"):
        Composed(lambda pk: Note.objects.filter(pk=pk))

    @composed
    def note(pk: int) -> QuerySet[Note]:
        return Note.objects.filter(pk=pk)

    for wrong in ("1", True, 1.0, None):
        with pytest.raises(TypeError, match=r"takes \['int'\]"):
            note(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        note(1, 2)


def test_converters_found_once_a_composition(notes, monkeypatch):
    """A call applies the converters found when the query was composed; it does not find
    them again (`SQLCompiler.get_converters`), and converts as Django does."""
    from django.db.models.sql.compiler import SQLCompiler

    newest = Composed(_newest)
    first, second = notes
    assert [_fields(p) for p in newest(first.pk)] == [_fields(p) for p in _newest(first.pk)]
    found: list[object] = []
    real = SQLCompiler.get_converters

    def counting(self: SQLCompiler, expressions: Any) -> Any:
        found.append(expressions)
        return real(self, expressions)

    monkeypatch.setattr(SQLCompiler, "get_converters", counting)
    rows = newest(second.pk)
    assert found == []
    monkeypatch.undo()
    assert [_fields(p) for p in rows] == [_fields(p) for p in _newest(second.pk)]
    assert [type(p.amount) for p in rows] == [Decimal]
    assert [type(p.received_on) for p in rows] == [date]
