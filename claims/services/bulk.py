"""Bulk inserts of plain rows that return primary keys: COPY on PostgreSQL,
bulk_create elsewhere.

An import batch writes thousands of claim rows. Building a model instance per row and
preparing every field through Django cost more than extracting the claims; COPY of
plain tuples, with ids taken from the table's sequence first, is several times faster
and still gives callers the ids (for the check-claim links) as bulk_create would.
Fields a row leaves out get their model default, prepared once per batch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from django.db import connection, models
from django.utils import timezone

# Below this, the extra round trip for the ids costs more than COPY saves.
COPY_FROM = 50


def _json(value: Any) -> str:
    # orjson writes dataclasses (the extraction results) and tuples natively, several
    # times faster than json.dumps with a default hook; this was most of the write cost.
    return orjson.dumps(value).decode()


def _to_python(value: Any) -> Any:
    return orjson.loads(orjson.dumps(value))


def bulk_insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert rows ({field attname: value}) and return their new ids, in order.

    JSON field values may hold extraction dataclasses and tuples; they are stored as
    JSON objects and lists.
    """
    if not rows:
        return []
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    json_fields = {f.attname for f in fields if isinstance(f, models.JSONField)}
    stamped = {
        f.attname
        for f in fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    }
    if connection.vendor != "postgresql" or len(rows) < COPY_FROM:
        objects = [
            model(
                **{
                    key: _to_python(value) if key in json_fields else value
                    for key, value in row.items()
                }
            )
            for row in rows
        ]
        return [obj.pk for obj in model.objects.bulk_create(objects, batch_size=1000)]

    given = set(rows[0])
    defaults = {
        f.attname: f.get_db_prep_save(now if f.attname in stamped else f.get_default(), connection)
        for f in fields
        if f.attname not in given
    }
    order = [f.attname for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join([quote(meta.pk.column), *(quote(f.column) for f in fields)])
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        with cursor.cursor.copy(f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN") as copy:
            for pk, row in zip(ids, rows, strict=True):
                values: list[Any] = [pk]
                for name in order:
                    if name in row:
                        value = row[name]
                        if name in json_fields:
                            value = _json(value)
                        values.append(value)
                    else:
                        values.append(defaults[name])
                copy.write_row(values)
    return ids
