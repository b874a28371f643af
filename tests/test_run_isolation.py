"""`make test`'s PostgreSQL pass shares the machine's server with other work: it runs in
a database named for the run (TEST_RUN_ID), which pytest-django creates and drops."""

from __future__ import annotations

import os

import pytest


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="only the PostgreSQL pass names its test database",
)
@pytest.mark.django_db
def test_the_postgresql_pass_runs_in_a_database_named_for_this_run() -> None:
    from django.db import connection

    name = connection.settings_dict["NAME"]
    assert name != "test_factcheck"
    if run_id := os.environ.get("TEST_RUN_ID"):
        assert run_id in name
