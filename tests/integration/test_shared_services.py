"""The machine's PostgreSQL and Redis are shared with other work: a test run keeps to
the databases and Redis keys it created, and removes only those."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import redis

from tests.integration.services import REDIS_URL, RUN_ID, redis_postgres_stack

pytestmark = pytest.mark.integration

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def _databases() -> set[str]:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}


def test_the_redis_stack_queues_under_its_own_prefix_and_removes_only_its_keys(
    tmp_path: Path, sample_path: Path
) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    # A key that belongs to someone else, in the same Redis database.
    foreign = f"someone-else-{RUN_ID}:imports"
    client.rpush(foreign, "not ours")
    try:
        with redis_postgres_stack(tmp_path) as stack:
            prefix = stack.env["CELERY_REDIS_KEY_PREFIX"]
            database = stack.env["DATABASE_URL"].rsplit("/", 1)[1]
            assert RUN_ID in prefix and RUN_ID in database
            assert database in _databases()
            assert stack.manage("migrate", "--noinput").returncode == 0

            # No worker: the job's message waits in the broker, under the prefix.
            queued = stack.manage("import_articles", str(sample_path), "--no-wait")
            assert queued.returncode == 0, queued.stderr
            ours = {key.decode() for key in client.scan_iter(match=f"{prefix}*")}
            assert f"{prefix}imports" in ours
            assert client.llen(f"{prefix}imports") == 1

        # Afterwards: our keys and our database are gone, the other key is untouched.
        assert list(client.scan_iter(match=f"{prefix}*")) == []
        assert database not in _databases()
        assert client.lrange(foreign, 0, -1) == [b"not ours"]
    finally:
        client.delete(foreign)
