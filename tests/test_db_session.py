"""Every PostgreSQL connection starts with the planner settings of factcheck/settings.py
(DB_JOIN_COLLAPSE_LIMIT), sent with the connection's start, not as a query of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection, connections

REPO = Path(__file__).resolve().parents[1]


def _options(tmp_path: Path, **env: str) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "PG"))}
    base.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        SECRET_KEY="settings-test-secret-key-0123456789-abcdefghijklmnop",
        FACTCHECK_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck",
    )
    base.update(env)
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=base, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_limit_follows_the_environment_and_zero_leaves_the_servers(tmp_path):
    assert _options(tmp_path)["options"] == "-c join_collapse_limit=4"
    assert _options(tmp_path, DB_JOIN_COLLAPSE_LIMIT="6")["options"] == "-c join_collapse_limit=6"
    assert "options" not in _options(tmp_path, DB_JOIN_COLLAPSE_LIMIT="0")


def test_options_given_in_the_environment_or_the_url_are_kept(tmp_path):
    from_env = _options(tmp_path, PGOPTIONS="-c statement_timeout=55s")
    from_url = _options(
        tmp_path,
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/factcheck?options=-c%20work_mem%3D8MB",
    )

    assert from_env["options"] == "-c statement_timeout=55s -c join_collapse_limit=4"
    assert from_url["options"] == "-c work_mem=8MB -c join_collapse_limit=4"


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL setting")
def test_a_new_connection_has_the_limit_without_a_query_of_its_own():
    fresh = connections.create_connection("default")
    ran: list[str] = []

    def record(execute, sql, params, many, context):
        ran.append(sql)
        return execute(sql, params, many, context)

    try:
        with fresh.execute_wrapper(record):
            fresh.ensure_connection()
            assert ran == []
            with fresh.cursor() as cursor:
                cursor.execute("SHOW join_collapse_limit")
                assert cursor.fetchone()[0] == "4"
    finally:
        fresh.close()
