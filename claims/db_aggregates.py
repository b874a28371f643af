"""Aggregates the ORM has on PostgreSQL only (django.contrib.postgres), here for SQLite too,
so that a page can read a list with its row instead of with a query of its own."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Aggregate, JSONField, QuerySet, Subquery, TextField, Value
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_datetime

SEPARATOR = ","


class JoinedText(Aggregate):
    """The values joined by SEPARATOR (PostgreSQL's string_agg, SQLite's group_concat)."""

    function = "STRING_AGG"
    template = f"%(function)s(%(expressions)s, '{SEPARATOR}')"
    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra)


class JSONList(Aggregate):
    """The values as one JSON array (PostgreSQL's jsonb_agg, SQLite's json_group_array);
    NULL on PostgreSQL when there are none (rows_of reads it as [])."""

    function = "JSONB_AGG"
    output_field = JSONField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSON_GROUP_ARRAY", **extra)


def aggregated(rows: QuerySet, aggregate: Aggregate) -> Subquery:
    """`aggregate` over `rows` as a one-value subquery (correlate `rows` with OuterRef)."""
    return Subquery(
        rows.order_by()
        .annotate(whole=Value(1))
        .values("whole")  # a constant: no GROUP BY, one row
        .annotate(found=aggregate)
        .values("found"),
        output_field=aggregate.output_field,
    )


def json_rows(rows: QuerySet, **columns: Any) -> Subquery:
    """`rows` as a JSON array of objects {name: column} in one column of the outer row;
    read it back with rows_of."""
    return aggregated(rows, JSONList(JSONObject(**columns)))


def rows_of(value: list[dict] | None) -> list[dict]:
    return value or []


def moment(value: str | None) -> datetime.datetime | None:
    """A timestamp read from JSON: PostgreSQL writes its offset, SQLite stores UTC."""
    if value is None:
        return None
    found = parse_datetime(value)
    if found is None:
        raise ValueError(f"Not a timestamp: {value!r}")
    return found if timezone.is_aware(found) else timezone.make_aware(found, datetime.UTC)
