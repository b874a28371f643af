"""Job ownership and recovery (services.jobs): run tokens, the abandoned-job sweep, the
heartbeat thread, and what a dead or stale export run leaves behind. The worker path
(a worker SIGKILLed and restarted) is in tests/integration/test_worker_recovery.py."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from claims.models import ExportJob, ImportJob, JobStatus
from claims.services import exports, imports
from claims.services.exports import export_job_create, export_job_run
from claims.services.imports import import_job_create, import_job_run
from claims.services.jobs import (
    MAX_ATTEMPTS,
    JobLost,
    job_claim,
    job_fail,
    job_finish,
    job_heartbeat,
    job_progress,
    job_release,
    jobs_requeue_abandoned,
)
from factcheck.celery import app

pytestmark = pytest.mark.django_db


def _lease_ago() -> datetime:
    return timezone.now() - timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS + 1)


def _stale_and_successor() -> tuple[ImportJob, ImportJob]:
    """A run whose lease ran out, and the run that claimed the job after it."""
    job = import_job_create(files=[("a.txt", b"Some text.")])
    stale = job_claim(ImportJob, job_id=job.pk)
    assert stale is not None
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
    successor = job_claim(ImportJob, job_id=job.pk)
    assert successor is not None
    job_progress(successor, done=3, total=10, current_item="c.txt")
    return stale, successor


def _row(job: ImportJob) -> tuple[object, ...]:
    job.refresh_from_db()
    return (job.status, job.done, job.total, job.current_item, job.message, job.run_token)


def test_each_claim_of_a_job_draws_a_new_run_token():
    stale, successor = _stale_and_successor()

    assert stale.run_token is not None and successor.run_token is not None
    assert stale.run_token != successor.run_token
    assert successor.attempts == 2


def test_a_stale_run_cannot_write_progress_over_its_successor():
    stale, successor = _stale_and_successor()
    before = _row(successor)

    with pytest.raises(JobLost):
        job_progress(stale, done=9, current_item="z.txt")

    assert _row(successor) == before == (JobStatus.RUNNING, 3, 10, "c.txt", "", before[-1])


def test_a_stale_run_cannot_finish_the_job_of_its_successor():
    stale, successor = _stale_and_successor()
    before = _row(successor)

    with pytest.raises(JobLost):
        job_finish(stale, message="1 imported.", errors=[], summary={"imported": 1})

    assert _row(successor) == before
    assert successor.summary == {} and successor.finished_at is None


def test_a_stale_run_cannot_fail_the_job_of_its_successor():
    stale, successor = _stale_and_successor()
    before = _row(successor)

    with pytest.raises(JobLost):
        job_fail(stale, message="The import stopped.", errors=[{"item": "x", "message": "y"}])

    assert _row(successor) == before
    assert successor.errors == []


def test_a_stale_run_cannot_hand_its_successors_job_back_to_the_queue():
    stale, successor = _stale_and_successor()
    before = _row(successor)

    with pytest.raises(JobLost):
        job_release(stale)

    assert _row(successor) == before
    assert successor.heartbeat_at is not None


def test_the_run_that_owns_the_job_still_finishes_it():
    _, successor = _stale_and_successor()

    job_finish(successor, message="1 imported.", errors=[])

    successor.refresh_from_db()
    assert (successor.status, successor.message) == (JobStatus.SUCCEEDED, "1 imported.")


def test_an_import_run_that_loses_its_job_mid_way_stops_and_leaves_the_row_to_its_successor(
    monkeypatch,
):
    job = import_job_create(files=[("a.txt", b"One short article.\n"), ("b.txt", b"Another.\n")])
    successors: list[ImportJob] = []
    real_import = imports.articles_import

    def import_then_lose_the_job(*, drafts, job):
        outcome = real_import(drafts=drafts, job=job)
        # Meanwhile this run's lease ran out and another worker claimed the job.
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
        successors.append(job_claim(ImportJob, job_id=job.pk))
        return outcome

    monkeypatch.setattr(imports, "articles_import", import_then_lose_the_job)

    with pytest.raises(JobLost):
        import_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.run_token) == (
        JobStatus.RUNNING,
        2,
        successors[0].run_token,
    )
    assert (job.message, job.summary, job.finished_at) == ("", {}, None)


def test_the_task_of_a_run_that_lost_its_job_ends_quietly_without_a_retry(monkeypatch):
    from claims import tasks

    job = import_job_create(files=[("a.txt", b"Some text.")])
    real_import = imports.articles_import

    def import_then_lose_the_job(*, drafts, job):
        outcome = real_import(drafts=drafts, job=job)
        ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
        job_claim(ImportJob, job_id=job.pk)
        return outcome

    monkeypatch.setattr(imports, "articles_import", import_then_lose_the_job)
    result = tasks.run_import.apply(args=(job.pk,))

    assert result.state == "SUCCESS", result.traceback
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.RUNNING, 2)


def test_a_late_duplicate_message_for_a_job_a_live_run_owns_is_dropped_without_a_retry():
    from claims import tasks

    job = import_job_create(files=[("a.txt", b"Some text.")])
    owner = job_claim(ImportJob, job_id=job.pk)
    assert owner is not None

    # Redis returning the message hours later, or a second re-send by the sweep.
    result = tasks.run_import.apply(args=(job.pk,))

    assert result.state == "SUCCESS", result.traceback
    job.refresh_from_db()
    assert (job.status, job.attempts, job.run_token) == (
        JobStatus.RUNNING,
        1,
        owner.run_token,
    )


# --- The sweep of abandoned jobs -------------------------------------------------------------


def _sweep() -> list[int]:
    sent: list[int] = []
    jobs_requeue_abandoned(ImportJob, send=sent.append)
    return sent


def test_the_sweep_sends_a_running_job_whose_heartbeat_is_older_than_the_lease():
    job = import_job_create(files=[("a.txt", b"One.")])
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=_lease_ago())

    assert _sweep() == [job.pk]


def test_the_sweep_leaves_a_job_whose_run_is_alive_alone():
    job = import_job_create(files=[("a.txt", b"One.")])
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, heartbeat_at=timezone.now()
    )

    assert _sweep() == []


def test_the_sweep_sends_a_pending_job_that_waited_longer_than_the_lease():
    waiting = import_job_create(files=[("a.txt", b"One.")])
    just_queued = import_job_create(files=[("b.txt", b"Two.")])
    ImportJob.objects.filter(pk=waiting.pk).update(created_at=_lease_ago())

    assert _sweep() == [waiting.pk]
    assert just_queued.pk not in _sweep()


def test_the_sweep_sends_a_job_at_most_once_per_lease():
    job = import_job_create(files=[("a.txt", b"One.")])
    ImportJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, heartbeat_at=_lease_ago())

    assert _sweep() == [job.pk]
    assert _sweep() == []
    # Its message was lost again: after another lease the next sweep sends it once more.
    ImportJob.objects.filter(pk=job.pk).update(resent_at=_lease_ago())
    assert _sweep() == [job.pk]


def test_the_sweep_leaves_finished_and_failed_jobs_alone():
    for status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
        job = import_job_create(files=[("a.txt", f"{status}.".encode())])
        ImportJob.objects.filter(pk=job.pk).update(
            status=status, heartbeat_at=_lease_ago(), created_at=_lease_ago()
        )

    assert _sweep() == []


def test_the_periodic_sweep_task_runs_an_abandoned_import_to_the_end(monkeypatch):
    from claims import tasks

    job = import_job_create(files=[("a.txt", b"The council spent 3 million dollars in 2025.\n")])
    dead = job_claim(ImportJob, job_id=job.pk)
    assert dead is not None
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
    monkeypatch.setitem(app.conf, "task_always_eager", True)

    tasks.requeue_abandoned_imports.apply()

    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.SUCCEEDED, 2)
    assert job.summary["imported"] == 1


def test_beat_sends_each_sweep_to_its_jobs_queue_every_sweep_interval():
    # The periodic source check has its own interval (tests/test_snapshots.py).
    schedule = {k: v for k, v in settings.CELERY_BEAT_SCHEDULE.items() if k != "check-sources"}

    assert {entry["task"]: entry["options"]["queue"] for entry in schedule.values()} == {
        "claims.tasks.requeue_abandoned_imports": "imports",
        "claims.tasks.requeue_abandoned_exports": "exports",
        "claims.tasks.requeue_abandoned_factcheck_imports": "imports",
    }
    for entry in schedule.values():
        assert entry["task"] in app.tasks
        assert entry["schedule"] == settings.FACTCHECK_JOB_SWEEP_SECONDS
        # A sweep that waited a whole interval is dropped: the next one is on its way.
        assert entry["options"]["expires"] == settings.FACTCHECK_JOB_SWEEP_SECONDS


# --- The heartbeat ---------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_run_busy_longer_than_the_lease_in_one_step_keeps_its_job(settings):
    settings.FACTCHECK_JOB_LEASE_SECONDS = 1
    job = job_claim(ImportJob, job_id=import_job_create(files=[("a.txt", b"One.")]).pk)
    assert job is not None

    with job_heartbeat(job):
        time.sleep(2.5)  # one long step: no progress written
        job.refresh_from_db()
        assert timezone.now() - job.heartbeat_at < timedelta(seconds=1)
        assert _sweep() == []
        assert job_claim(ImportJob, job_id=job.pk) is None

    time.sleep(1.2)  # the run ended without finishing (its process died): the lease runs out
    assert _sweep() == [job.pk]


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_of_a_stale_run_does_not_keep_its_successors_job_alive(settings):
    settings.FACTCHECK_JOB_LEASE_SECONDS = 1
    job = import_job_create(files=[("a.txt", b"One.")])
    stale = job_claim(ImportJob, job_id=job.pk)
    assert stale is not None
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
    successor = job_claim(ImportJob, job_id=job.pk)
    assert successor is not None
    # The successor dies at once; only the stale run's heartbeat thread is left.
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())

    with job_heartbeat(stale):
        time.sleep(1.2)
        assert _sweep() == [job.pk]


# --- What a dead export run leaves ----------------------------------------------------------


@pytest.fixture(autouse=True)
def export_dir(settings, tmp_path: Path) -> Path:
    """An export folder of each test's own: file names repeat job ids across tests."""
    settings.FACTCHECK_EXPORT_DIR = tmp_path / "exports"
    return settings.FACTCHECK_EXPORT_DIR


def _part_of_a_killed_run(job: ExportJob) -> Path:
    part = Path(settings.FACTCHECK_EXPORT_DIR) / f".verdicts-{job.pk}.csv.0123abcd.part"
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(b"claim_id,half a row")
    return part


def test_a_killed_exports_temporary_file_is_deleted_when_the_job_is_claimed_again(monkeypatch):
    job = export_job_create(format="csv")
    dead = job_claim(ExportJob, job_id=job.pk)
    assert dead is not None
    part = _part_of_a_killed_run(job)
    other_job = export_job_create(format="csv")
    others_part = _part_of_a_killed_run(other_job)
    ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
    seen: list[bool] = []
    real_count = exports.export_count

    def count_and_look(filters):
        seen.append(part.exists())  # already gone before the new run does any work
        return real_count(filters)

    monkeypatch.setattr(exports, "export_count", count_and_look)
    finished = export_job_run(job_id=job.pk)

    assert finished is not None and finished.status == JobStatus.SUCCEEDED
    assert seen == [False]
    assert others_part.exists()


def test_a_killed_exports_temporary_file_is_deleted_when_the_job_is_failed_for_its_attempts():
    job = export_job_create(format="csv")
    ExportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=MAX_ATTEMPTS, heartbeat_at=_lease_ago()
    )
    part = _part_of_a_killed_run(job)

    assert export_job_run(job_id=job.pk) is None

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert not part.exists()


def test_a_live_runs_temporary_file_is_left_alone_by_a_duplicate_message():
    job = export_job_create(format="csv")
    assert job_claim(ExportJob, job_id=job.pk) is not None
    part = _part_of_a_killed_run(job)  # as if the live run were writing it now

    assert export_job_run(job_id=job.pk) is None
    assert part.exists()


def test_an_export_run_that_lost_its_job_puts_no_file_in_place(monkeypatch, export_dir):
    from dataclasses import replace

    from claims import exporters

    job = export_job_create(format="csv")
    csv_format = exporters.FORMATS["csv"]

    def write_while_another_run_takes_over(rows, out, context):
        count = csv_format.write(rows, out, context)
        ExportJob.objects.filter(pk=job.pk).update(heartbeat_at=_lease_ago())
        assert job_claim(ExportJob, job_id=job.pk) is not None
        return count

    monkeypatch.setitem(
        exporters.FORMATS, "csv", replace(csv_format, write=write_while_another_run_takes_over)
    )

    with pytest.raises(JobLost):
        export_job_run(job_id=job.pk)

    assert list(export_dir.iterdir()) == []
    job.refresh_from_db()
    assert (job.status, job.attempts, job.file_path) == (JobStatus.RUNNING, 2, "")
