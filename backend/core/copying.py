"""Writing and reading rows without the ORM's per-row machinery: many at once with
PostgreSQL's COPY (psycopg's ``cursor.copy``), what the ballot box's opening and the generated
campaigns (``demo_scale``) use instead of ``bulk_create``; one in one statement, what casting a
ballot uses instead of ``save()``; one row read into its model, what casting a ballot uses
instead of ``raw()`` (which inspects the answer's columns and the model's fields at every
query: most of a cast's reading cost, docs/scaling.md "Vote day")."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Model

M = TypeVar("M", bound=Model)


def copy_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """COPY ``rows`` (tuples in the order of ``columns``, database column names) into
    ``model``'s table, in the current transaction; geometries as EWKT text, JSON as text.
    Returns the number of rows."""
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        with raw.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
    return count


def insert_statement(instance: Model, *, where: str = "") -> tuple[str, list[Any]]:
    """The INSERT of ``instance``'s row (every concrete field, its primary key already set, e.g.
    a UUID's default) and its parameters, for a hot path that writes without the ORM's save
    machinery: no signals, no ``save()`` override (vote day's cast). ``pre_save`` still fills
    ``auto_now_add`` fields. With ``where`` (SQL without parameters), the row is inserted only
    when it holds (``INSERT … SELECT … WHERE``)."""
    fields = instance._meta.concrete_fields
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    into, marks = _insert_sql(type(instance))
    if where:
        return f"{into} SELECT {marks} WHERE {where}", values
    return f"{into} VALUES ({marks})", values


@functools.cache
def _insert_sql(model: type[Model]) -> tuple[str, str]:
    fields = model._meta.concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    return f"INSERT INTO {table} ({names})", ", ".join(["%s"] * len(fields))


def inserted(*instances: Model) -> None:
    """Mark ``instances`` as stored (their rows written by ``insert_statement``)."""
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias


@functools.cache
def _reading(
    model: type[Model],
) -> tuple[str, tuple[tuple[int, list[Callable[..., Any]], Any], ...]]:
    """``model``'s concrete columns (quoted, in field order) and, for the columns that have
    them, the database converters a query of the ORM applies (found once per model)."""
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    converters = []
    for i, field in enumerate(fields):
        expression = field.get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(expression) + expression.get_db_converters(
            connection
        )
        if found:
            converters.append((i, found, expression))
    return columns, tuple(converters)


def row_columns(model: type[Model], alias: str = "") -> str:
    """The select list of ``model``'s row, in the order ``row_instance`` reads it; each column
    prefixed with ``alias.`` when given."""
    columns = _reading(model)[0]
    if not alias:
        return columns
    return ", ".join(f"{alias}.{column}" for column in columns.split(", "))


def row_instance(model: type[M], values: Sequence[Any]) -> M:
    """``model``'s instance from the values of ``row_columns(model)``, converted as the ORM
    converts them (a JSON column parsed, a geometry read), marked as stored."""
    values = list(values)
    for i, converters, expression in _reading(model)[1]:
        for converter in converters:
            values[i] = converter(values[i], expression, connection)
    return model.from_db(connection.alias, None, values)  # type: ignore[arg-type]


def row_width(model: type[Model]) -> int:
    """How many values ``row_instance(model, …)`` reads."""
    return len(model._meta.concrete_fields)
