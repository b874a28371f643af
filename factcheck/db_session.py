"""Settings every PostgreSQL connection starts with (the connection_created signal).

join_collapse_limit: the workbench's list queries join a claim to its article and to four
or five small tables (people, ratings) for what a row shows. With PostgreSQL's default
(8) the planner tries every order of those joins: 6-9 ms of planning for a query that
runs in under 1 ms (measured on the 1M-claim bench database). Joins past the first
DB_JOIN_COLLAPSE_LIMIT (default 4) are taken in the order the ORM writes them, which for
those lookups is the order a person would pick; planning then takes about 1 ms.
DB_JOIN_COLLAPSE_LIMIT=0 leaves the server's own setting.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def configure(sender: Any, connection: Any, **kwargs: Any) -> None:
    limit = settings.DB_JOIN_COLLAPSE_LIMIT
    if connection.vendor != "postgresql" or not limit:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('join_collapse_limit', %s, false)", [str(limit)])
