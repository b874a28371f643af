"""Every PostgreSQL connection starts with the planner settings of factcheck/db_session.py."""

from __future__ import annotations

import pytest
from django.db import connection, connections

from factcheck import db_session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting"),
]


def _limit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        return cursor.fetchone()[0]


def test_a_new_connection_takes_the_join_collapse_limit():
    fresh = connections.create_connection("default")
    try:
        with fresh.cursor() as cursor:
            cursor.execute("SHOW join_collapse_limit")
            assert cursor.fetchone()[0] == "4"
    finally:
        fresh.close()


def test_the_setting_follows_the_environment_and_zero_leaves_the_server_default(settings):
    settings.DB_JOIN_COLLAPSE_LIMIT = 6
    db_session.configure(sender=None, connection=connection)
    assert _limit() == "6"

    with connection.cursor() as cursor:
        cursor.execute("SET join_collapse_limit = 8")
    settings.DB_JOIN_COLLAPSE_LIMIT = 0
    db_session.configure(sender=None, connection=connection)
    assert _limit() == "8"
