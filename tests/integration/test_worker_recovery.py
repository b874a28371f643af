"""A worker SIGKILLed in the middle of a job and a new one started at once: the periodic
sweep (Celery beat inside the worker, as `make run` starts it) finds the job once its
lease runs out and the new worker finishes it, within lease + 60 s of the kill, on both
stacks. Neither broker helps here: the filesystem broker lost the killed worker's
message, and Redis keeps it unacknowledged for its six-hour visibility timeout.

Each test prints the measured seconds from kill + restart to the job resumed and
finished (run with -s to see them)."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bench.newsgen import jsonl
from tests.integration.services import Stack

pytestmark = pytest.mark.integration

LEASE_SECONDS = 20
SWEEP_SECONDS = 5
DEADLINE = LEASE_SECONDS + 60
IMPORT_ARTICLES = 150  # a few seconds of extraction, then matching: killed in between
PDF_ARTICLES = 5  # about 165 claims: a PDF that takes several seconds to lay out


# What the export page does: create the job, then queue it for a worker.
QUEUE_PDF_EXPORT = """
import json
from claims.services.exports import export_job_create
from claims.tasks import run_export
job = export_job_create(format="pdf")
run_export.delay(job.pk)
print(json.dumps(job.pk))
"""


def _scalar(stack: Stack, sql: str) -> object:
    url = stack.env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql).fetchone()[0]
    with sqlite3.connect(Path(stack.env["FACTCHECK_VAR_DIR"]) / "db.sqlite3", timeout=30) as conn:
        return conn.execute(sql).fetchone()[0]


def _wait_for(condition: Callable[[], bool], *, timeout: float, what: str, stack: Stack) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}\n{stack.worker_log()[-4000:]}")


def _short_lease(stack: Stack) -> None:
    stack.env["FACTCHECK_JOB_LEASE_SECONDS"] = str(LEASE_SECONDS)
    stack.env["FACTCHECK_JOB_SWEEP_SECONDS"] = str(SWEEP_SECONDS)


def _kill_restart_and_time(stack: Stack, table: str, *, started: Callable[[], bool]) -> None:
    """Kill the worker once `started()`, start a new one at once, time the recovery."""
    status = lambda: _scalar(stack, f"SELECT status FROM {table}")  # noqa: E731
    attempts = lambda: _scalar(stack, f"SELECT attempts FROM {table}")  # noqa: E731
    with stack.worker(beat=True) as first:
        _wait_for(started, timeout=180, what="the job to be under way", stack=stack)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    killed = time.monotonic()
    with stack.worker(beat=True):
        assert status() == "running"
        _wait_for(lambda: attempts() == 2, timeout=DEADLINE, what="the job to resume", stack=stack)
        resumed = time.monotonic() - killed
        _wait_for(
            lambda: status() == "succeeded", timeout=DEADLINE, what="the job to end", stack=stack
        )
        finished = time.monotonic() - killed
    print(
        f"\n[{stack.name}] {table}: kill + restart -> resumed {resumed:.1f} s, "
        f"finished {finished:.1f} s (lease {LEASE_SECONDS} s, sweep every {SWEEP_SECONDS} s)"
    )
    assert finished <= DEADLINE
    assert "had no live run: sent it again" in stack.worker_log()


def test_an_import_whose_worker_was_killed_finishes_on_a_worker_started_at_once(
    stack: Stack, tmp_path: Path
) -> None:
    _short_lease(stack)
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(jsonl(IMPORT_ARTICLES, seed=23))
    queued = stack.manage("import_articles", str(batch), "--no-wait")
    assert queued.returncode == 0, queued.stderr

    _kill_restart_and_time(
        stack,
        "claims_importjob",
        # Its items are parsed (total written): it is extracting, storing or matching.
        started=lambda: 0 < (_scalar(stack, "SELECT total FROM claims_importjob") or 0),
    )

    assert _scalar(stack, "SELECT COUNT(*) FROM claims_article") == IMPORT_ARTICLES
    summary = stack.query(
        "import json; from claims.models import ImportJob; "
        "print(json.dumps(ImportJob.objects.get().summary))"
    )
    assert (summary["imported"], summary["duplicates"], summary["failed"]) == (
        IMPORT_ARTICLES,
        0,
        0,
    )


def test_an_export_whose_worker_was_killed_finishes_with_no_temporary_file_left(
    stack: Stack, tmp_path: Path
) -> None:
    _short_lease(stack)
    articles = tmp_path / "articles.jsonl"
    articles.write_bytes(jsonl(PDF_ARTICLES, seed=29))
    imported = stack.manage("import_articles", str(articles), "--sync")
    assert imported.returncode == 0, imported.stderr
    assert stack.query(QUEUE_PDF_EXPORT) == 1
    exports = Path(stack.env["FACTCHECK_VAR_DIR"]) / "exports"
    parts = lambda: sorted(exports.glob(".verdicts-*.part"))  # noqa: E731

    _kill_restart_and_time(stack, "claims_exportjob", started=lambda: bool(parts()))

    assert parts() == []
    names = [path.name for path in exports.iterdir()]
    assert names == [_scalar(stack, "SELECT file_path FROM claims_exportjob")]
    assert (exports / names[0]).read_bytes().startswith(b"%PDF")
