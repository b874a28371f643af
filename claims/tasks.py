"""Celery tasks: take an id, call one service, own delivery (retries, acknowledgement).

Import and export tasks acknowledge late and are rejected back to the queue if the
worker process dies (settings CELERY_TASK_ACKS_LATE / REJECT_ON_WORKER_LOST). When the
whole worker dies, neither broker gives its message back in time (the filesystem broker
loses it; Redis returns it after CELERY_VISIBILITY_TIMEOUT, hours), so the jobs of dead
workers are found in the database instead: Celery beat sends `requeue_abandoned_imports`
and `requeue_abandoned_exports` every FACTCHECK_JOB_SWEEP_SECONDS (settings
CELERY_BEAT_SCHEDULE), and every worker runs both once at start-up. They send a new
message for each job whose heartbeat is older than FACTCHECK_JOB_LEASE_SECONDS (see
services.jobs); the services are idempotent, so the new run finishes the work without
duplicating it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from celery import Task, shared_task
from celery.signals import worker_ready
from django.db import InterfaceError, OperationalError

from claims.models import ExportJob, FactCheckImportJob, ImportJob, Job
from claims.services import exports, imports, library_jobs, snapshots
from claims.services.jobs import JobGone, JobLost, jobs_requeue_abandoned

logger = logging.getLogger(__name__)

# Only errors that a later attempt can get past: the database went away or was locked.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
JOB_TASK_OPTIONS = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "max_retries": 5,
}


def _deliver(task: Task, run: Callable[..., Job | None], job_id: int) -> None:
    # None from the service: the job is finished, or a live run owns it. This message is
    # then a duplicate (a re-send, or Redis giving back a dead worker's message hours
    # later) and is dropped; if that live run dies, the sweep sends the job again.
    try:
        run(job_id=job_id, task_id=task.request.id or "")
    except JobGone:
        # Deleted while it waited in the queue: nothing to do, and nothing to retry.
        return
    except JobLost:
        # This run stalled past its lease and a new run took the job over: it owns the
        # job's progress and result, so this one stops without a word more in the row.
        logger.warning("Job %s was taken over by another run; this run stopped.", job_id)


@shared_task(**JOB_TASK_OPTIONS)
def run_import(self: Task, job_id: int) -> None:
    _deliver(self, imports.import_job_run, job_id)


@shared_task(**JOB_TASK_OPTIONS)
def run_export(self: Task, job_id: int) -> None:
    _deliver(self, exports.export_job_run, job_id)


@shared_task(**JOB_TASK_OPTIONS)
def run_factcheck_import(self: Task, job_id: int) -> None:
    _deliver(self, library_jobs.factcheck_job_run, job_id)


@shared_task
def requeue_abandoned_factcheck_imports() -> None:
    jobs_requeue_abandoned(FactCheckImportJob, send=run_factcheck_import.delay)


@shared_task
def requeue_abandoned_imports() -> None:
    jobs_requeue_abandoned(ImportJob, send=run_import.delay)


@shared_task
def requeue_abandoned_exports() -> None:
    jobs_requeue_abandoned(ExportJob, send=run_export.delay)


@shared_task(**JOB_TASK_OPTIONS)
def snapshot_source(self: Task, source_id: int) -> None:
    """Archive a source's page, or check it against its archived copy (services.snapshots)."""
    snapshots.source_snapshot_take(source_id=source_id)


@shared_task
def check_sources() -> None:
    """The periodic source check (beat, every FACTCHECK_SOURCE_CHECK_SECONDS)."""
    snapshots.sources_check_due(send=snapshot_source.delay)


def snapshot_after_commit(source_id: int) -> None:
    """For the adapters that add evidence: send the snapshot of its source if it waits.

    After the commit, so the worker finds the archive row; a message lost on the way is
    made up for by the periodic check, which finds the row still pending."""
    if snapshots.source_awaits_snapshot(source_id=source_id):
        snapshot_source.delay_on_commit(source_id)


@worker_ready.connect
def requeue_abandoned_jobs(**_: object) -> None:
    # Runs in the starting worker itself, so it does not wait for the beat's first tick.
    requeue_abandoned_imports()
    requeue_abandoned_exports()
    requeue_abandoned_factcheck_imports()
