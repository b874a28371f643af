"""Celery tasks: take an id, call one service, own delivery (retries, acknowledgement).

Import and export tasks acknowledge late and are rejected back to the queue if the
worker process dies (settings CELERY_TASK_ACKS_LATE / REJECT_ON_WORKER_LOST), so a job
killed mid-way runs again; the services are idempotent, so the second run finishes the
work without duplicating it.
"""

from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from claims.services import imports
from claims.services.jobs import JobGone

# Only errors that a later attempt can get past: the database went away or was locked.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)


@shared_task(
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=5,
    retry_backoff_max=120,
    max_retries=5,
)
def run_import(self, job_id: int) -> None:
    try:
        imports.import_job_run(job_id=job_id, task_id=self.request.id or "")
    except JobGone:
        # Deleted while it waited in the queue: nothing to do, and nothing to retry.
        return
