"""Celery tasks: take an id, call one service, own delivery (retries, acknowledgement).

Import and export tasks acknowledge late and are rejected back to the queue if the
worker process dies (settings CELERY_TASK_ACKS_LATE / REJECT_ON_WORKER_LOST), so a job
killed mid-way runs again; the services are idempotent, so the second run finishes the
work without duplicating it. When a worker starts, it re-sends the jobs whose worker
died (their heartbeat is older than FACTCHECK_JOB_LEASE_SECONDS): the filesystem broker
of the embedded default loses the message of a killed worker, and Redis gives it back
only after its visibility timeout.
"""

from __future__ import annotations

from collections.abc import Callable

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import InterfaceError, OperationalError

from claims.models import ExportJob, ImportJob, Job
from claims.services import exports, imports
from claims.services.jobs import JobGone, job_is_running, jobs_abandoned

# Only errors that a later attempt can get past: the database went away or was locked.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
JOB_TASK_OPTIONS = {
    "bind": True,
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": 5,
    "retry_backoff_max": 120,
    "max_retries": 5,
}


def _deliver(task: Task, run: Callable[..., Job | None], model: type[Job], job_id: int) -> None:
    try:
        job = run(job_id=job_id, task_id=task.request.id or "")
    except JobGone:
        # Deleted while it waited in the queue: nothing to do, and nothing to retry.
        return
    if job is None and job_is_running(model, job_id=job_id):
        # Another run holds the job, or held it until its worker process died a moment
        # ago (this message came back through reject-on-worker-lost): look again once
        # that run's lease has run out.
        raise task.retry(countdown=settings.FACTCHECK_JOB_LEASE_SECONDS + 1)


@shared_task(**JOB_TASK_OPTIONS)
def run_import(self: Task, job_id: int) -> None:
    _deliver(self, imports.import_job_run, ImportJob, job_id)


@shared_task(**JOB_TASK_OPTIONS)
def run_export(self: Task, job_id: int) -> None:
    _deliver(self, exports.export_job_run, ExportJob, job_id)


@worker_ready.connect
def requeue_abandoned_jobs(**_: object) -> None:
    for job_id in jobs_abandoned(ImportJob):
        run_import.delay(job_id)
    for job_id in jobs_abandoned(ExportJob):
        run_export.delay(job_id)
