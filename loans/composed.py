"""Querysets composed into SQL once, then run again with other values.

Django composes a queryset's SQL anew every time it runs: resolving each lookup and
join, then compiling the expression tree. For the few queries every page runs (the
note with its borrower and what lists it has, its latest payments, its lenders) that
took longer than running them: 0.4 to 1.1 ms each on the note page, against 0.1 to
0.3 ms in PostgreSQL. A `Composed` query is written as an ordinary queryset and
composed once per database connection; each call runs the same SQL with its own values
and builds the same objects Django would (model instances with their `select_related`
rows and annotations, or `values_list` tuples).

    @composed
    def note_with_borrower(pk: int) -> QuerySet[Note]:
        return Note.objects.select_related("borrower").filter(pk=pk)

    note_with_borrower.first(7)  # the Note, or None

Values are ints or strs. The queryset is built twice with two sets of stand-in values,
and the two compositions must differ exactly where the stand-ins went: a queryset whose
SQL depends on a value itself (`IN` a list, `None` becoming `IS NULL`, `LIKE`
patterns) is refused when composed, not run wrongly.
"""

from __future__ import annotations

import inspect
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar
from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
    get_related_populators,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models import Model, QuerySet
    from django.db.models.sql.compiler import SQLCompiler

Row = TypeVar("Row")

_KINDS = {"int": int, "str": str, int: int, str: str}


def _stand_in(kind: type, index: int, variant: int) -> int | str:
    """A value no query of ours holds as a constant: ints in range of a 32-bit key."""
    if kind is int:
        return -1_999_000_000 + 2 * index + variant
    return f"\x1fcomposed-{variant}-{index}\x1f"


class ComposeError(TypeError):
    """The queryset cannot be composed once: its SQL depends on a value, not only on
    where the value goes."""


@dataclass(frozen=True)
class _Composition:
    """One queryset's SQL on one connection, and what turns its rows into objects."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int], ...]
    """(position in `params`, index of the call's value) for each value's place."""
    compiler: SQLCompiler
    """Composed: its `select` describes the rows."""
    converters: dict[int, Any]
    """The rows' converters by column (`SQLCompiler.get_converters`), found once: finding
    them again for every call, as `results_iter` does, read each of a note's 40 columns'
    fields again."""
    iterable: type
    instances: _Instances | None
    """How ModelIterable makes the rows' instances; None for values_list."""


@dataclass(frozen=True)
class _Instances:
    """ModelIterable's plan for one composition: the model's columns, the related rows'
    populators (select_related) and the annotations' columns."""

    model: type[Model]
    start: int
    end: int
    names: list[str]
    populators: list[Any]
    annotations: list[tuple[str, int]]

    @classmethod
    def of(cls, compiler: SQLCompiler, using: str) -> _Instances:
        klass_info, select = compiler.klass_info, compiler.select
        assert klass_info is not None and select is not None
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        return cls(
            model=klass_info["model"],
            start=start,
            end=end,
            names=[column[0].target.attname for column in select[start:end]],
            # Django 5.2's signature (the stubs follow 6.0, which adds `fetch_mode`).
            populators=get_related_populators(klass_info, select, using),  # type: ignore[call-arg]
            annotations=list((compiler.annotation_col_map or {}).items()),
        )

    def make(self, rows: Iterable[Sequence[Any]], using: str) -> list[Model]:
        objects = []
        for row in rows:
            obj = self.model.from_db(using, self.names, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations:
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects


class Composed(Generic[Row]):
    """A queryset of a fixed shape, composed into SQL once per connection (see above)."""

    def __init__(
        self, build: Callable[..., QuerySet[Any, Row]], kinds: tuple[type, ...] | None = None
    ) -> None:
        """`kinds`: the types of `build`'s values, int or str; by default its annotations."""
        try:
            if kinds is None:
                kinds = tuple(p.annotation for p in inspect.signature(build).parameters.values())
            self._kinds = tuple(_KINDS[kind] for kind in kinds)
        except KeyError as error:
            raise ComposeError(f"{build.__qualname__}: annotate each value int or str") from error
        self._build = build
        self._compositions: WeakKeyDictionary[BaseDatabaseWrapper, _Composition] = (
            WeakKeyDictionary()
        )
        self._lock = threading.Lock()
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__

    def __call__(self, *values: int | str, using: str = DEFAULT_DB_ALIAS) -> list[Row]:
        """The rows the queryset built with `values` gives, in its order."""
        if len(values) != len(self._kinds) or any(
            type(value) is not kind for value, kind in zip(values, self._kinds, strict=False)
        ):
            raise TypeError(f"{self.__name__} takes {[k.__name__ for k in self._kinds]}")
        connection = connections[using]
        with self._lock:
            composition = self._compositions.get(connection)
        if composition is None:
            composition = self._compose(using)
            with self._lock:
                self._compositions[connection] = composition
        params = list(composition.params)
        for position, index in composition.slots:
            params[position] = values[index]
        with connection.cursor() as cursor:
            cursor.execute(composition.sql, params)
            fetched = cursor.fetchall()
        return _objects(composition, fetched, using)

    def first(self, *values: int | str, using: str = DEFAULT_DB_ALIAS) -> Row | None:
        """The first row, or None. The queryset itself says how many rows it reads:
        slice it (`[:1]`) where more than one could match."""
        rows = self(*values, using=using)
        return rows[0] if rows else None

    def _compose(self, using: str) -> _Composition:
        (sql, params, compiler, iterable), (other_sql, other_params, _, _) = (
            self._composed(variant, using) for variant in (0, 1)
        )
        slots = _slots(params, self._stand_ins(0))
        fixed = [p for i, p in enumerate(params) if i not in dict(slots)]
        other_fixed = [p for i, p in enumerate(other_params) if i not in dict(slots)]
        if (
            sql != other_sql
            or slots != _slots(other_params, self._stand_ins(1))
            or {index for _, index in slots} != set(range(len(self._kinds)))
            or fixed != other_fixed
        ):
            raise ComposeError(
                f"{self.__name__}: its SQL depends on the values, not only on their places"
            )
        instances = _Instances.of(compiler, using) if iterable is ModelIterable else None
        assert compiler.select is not None
        fields = [column[0] for column in compiler.select[: compiler.col_count]]
        if compiler.has_composite_fields(fields):
            raise ComposeError(f"{self.__name__}: no composite fields")
        converters = compiler.get_converters(fields)
        return _Composition(
            sql, tuple(params), tuple(slots), compiler, converters, iterable, instances
        )

    def _stand_ins(self, variant: int) -> list[int | str]:
        return [_stand_in(kind, index, variant) for index, kind in enumerate(self._kinds)]

    def _composed(self, variant: int, using: str) -> tuple[str, Sequence[Any], SQLCompiler, type]:
        queryset = self._build(*self._stand_ins(variant)).using(using)
        shown: Any = queryset  # the private attributes below are not in the stubs
        if shown._prefetch_related_lookups or shown._known_related_objects:
            raise ComposeError(f"{self.__name__}: no prefetch_related or related managers")
        iterable = queryset._iterable_class
        if iterable not in (ModelIterable, ValuesListIterable, FlatValuesListIterable):
            raise ComposeError(f"{self.__name__}: model instances or values_list only")
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if compiler.has_extra_select:
            raise ComposeError(f"{self.__name__}: columns beyond those selected")
        return sql, params, compiler, iterable


def composed(build: Callable[..., QuerySet[Any, Row]]) -> Composed[Row]:
    """`Composed(build)`, as a decorator."""
    return Composed(build)


def _slots(params: Sequence[Any], stand_ins: list[int | str]) -> list[tuple[int, int]]:
    return [
        (position, stand_ins.index(param))
        for position, param in enumerate(params)
        if type(param) in (int, str) and param in stand_ins
    ]


def _objects(composition: _Composition, fetched: list[Any], using: str) -> list[Any]:
    """The rows as Django's iterables make them (ModelIterable, ValuesListIterable,
    FlatValuesListIterable), with the same converters (as `SQLCompiler.results_iter`)."""
    rows: Iterable[Sequence[Any]] = fetched
    if composition.converters:
        rows = composition.compiler.apply_converters(rows, composition.converters)
    if composition.instances is not None:
        return composition.instances.make(rows, using)
    if composition.iterable is FlatValuesListIterable:
        return [row[0] for row in rows]
    return [tuple(row) for row in rows]
