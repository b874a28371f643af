"""A worker killed in the middle of a large import: a new worker finishes the job, and
every article is stored exactly once. On both stacks: Redis + PostgreSQL, and the
embedded filesystem broker + SQLite (whose broker loses a killed worker's message, so
the job is re-sent by the next worker's start-up sweep)."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from bench.newsgen import jsonl
from tests.integration.services import Stack

pytestmark = pytest.mark.integration

ARTICLES = 1500
LEASE_SECONDS = 3


def _scalar(stack: Stack, sql: str) -> object:
    url = stack.env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql).fetchone()[0]
    with sqlite3.connect(Path(stack.env["FACTCHECK_VAR_DIR"]) / "db.sqlite3", timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


def _wait_for(condition, *, timeout: float, what: str, stack: Stack) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}\n{stack.worker_log()[-3000:]}")


def test_a_job_killed_mid_way_is_finished_by_a_new_worker_without_duplicates(
    stack: Stack, tmp_path: Path
) -> None:
    stack.env["FACTCHECK_JOB_LEASE_SECONDS"] = str(LEASE_SECONDS)
    batch = tmp_path / "large.jsonl"
    batch.write_bytes(jsonl(ARTICLES, seed=11))
    queued = stack.manage("import_articles", str(batch), "--no-wait")
    assert queued.returncode == 0, queued.stderr

    done = lambda: _scalar(stack, "SELECT done FROM claims_importjob") or 0  # noqa: E731
    with stack.worker() as first:
        _wait_for(
            lambda: 0 < done() < ARTICLES, timeout=120, what="the import to start", stack=stack
        )
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    stored_when_killed = _scalar(stack, "SELECT COUNT(*) FROM claims_article")
    assert _scalar(stack, "SELECT status FROM claims_importjob") == "running"
    assert stored_when_killed < ARTICLES

    time.sleep(LEASE_SECONDS + 1)  # the dead worker's lease runs out
    with stack.worker():
        _wait_for(
            lambda: _scalar(stack, "SELECT status FROM claims_importjob") == "succeeded",
            timeout=300,
            what="the job to finish on the new worker",
            stack=stack,
        )

    assert _scalar(stack, "SELECT COUNT(*) FROM claims_article") == ARTICLES
    assert _scalar(stack, "SELECT attempts FROM claims_importjob") == 2
    # Nothing half-written: every article has all its claims (positions 0..n-1, no gap).
    assert (
        _scalar(
            stack,
            "SELECT COUNT(*) FROM claims_article a WHERE NOT EXISTS "
            "(SELECT 1 FROM claims_claim c WHERE c.article_id = a.id)",
        )
        == 0
    )
    assert _scalar(stack, "SELECT COUNT(*) FROM claims_claim") == _scalar(
        stack,
        "SELECT SUM(n) FROM (SELECT MAX(position) + 1 AS n FROM claims_claim GROUP BY article_id) t",
    )
    summary = stack.query(
        "import json; from claims.models import ImportJob; print(json.dumps(ImportJob.objects.get().summary))"
    )
    assert (summary["imported"], summary["duplicates"], summary["failed"]) == (ARTICLES, 0, 0)
