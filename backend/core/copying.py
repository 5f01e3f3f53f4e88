"""Writing rows without the ORM's per-row machinery: many at once with PostgreSQL's COPY
(psycopg's ``cursor.copy``), what the ballot box's opening and the generated campaigns
(``demo_scale``) use instead of ``bulk_create``; one in one statement, what casting a ballot uses
instead of ``save()``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model


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


def insert_statement(instance: Model) -> tuple[str, list[Any]]:
    """The INSERT of ``instance``'s row (every concrete field, its primary key already set, e.g.
    a UUID's default) and its parameters, for a hot path that writes without the ORM's save
    machinery: no signals, no ``save()`` override (vote day's cast). ``pre_save`` still fills
    ``auto_now_add`` fields."""
    meta = instance._meta
    fields = meta.concrete_fields
    table = connection.ops.quote_name(meta.db_table)
    names = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]
    return f"INSERT INTO {table} ({names}) VALUES ({marks})", values  # noqa: S608


def inserted(*instances: Model) -> None:
    """Mark ``instances`` as stored (their rows written by ``insert_statement``)."""
    for instance in instances:
        instance._state.adding = False
        instance._state.db = connection.alias
