"""Job lifecycle shared by import and export jobs (see the state machine on models.Job)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from claims.models import Job, JobStatus

J = TypeVar("J", bound=Job)

# A job whose worker died this many times is failed instead of being retried forever:
# the input probably kills the worker, and another attempt would kill the next one.
MAX_ATTEMPTS = 3


class JobGone(Exception):
    """The job row no longer exists (deleted while queued)."""


def _abandoned_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS)


def _claimable(job_id: int) -> Q:
    # Pending, or running with a heartbeat older than the lease: its worker is gone.
    # A job whose worker is alive keeps a fresh heartbeat, so a duplicate message (a
    # re-delivery, a second enqueue) cannot start a second run beside the first.
    return Q(pk=job_id) & (
        Q(status=JobStatus.PENDING)
        | Q(status=JobStatus.RUNNING, heartbeat_at__lt=_abandoned_before())
    )


def job_claim(model: type[J], *, job_id: int, task_id: str = "") -> J | None:
    """Take ownership of a job; None if it is finished, owned by a live run, or failed.

    The conditional UPDATE decides who owns the job: of two deliveries of the same
    message only one changes the row. A job that killed its worker MAX_ATTEMPTS times is
    failed instead of being retried forever.
    """
    if not model.objects.filter(pk=job_id).exists():
        raise JobGone(f"{model.__name__} {job_id} does not exist.")
    now = timezone.now()
    claimed = (
        model.objects.filter(_claimable(job_id))
        .filter(attempts__lt=MAX_ATTEMPTS)
        .update(
            status=JobStatus.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            task_id=task_id,
        )
    )
    if claimed:
        return model.objects.get(pk=job_id)
    model.objects.filter(_claimable(job_id)).filter(attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED,
        finished_at=now,
        message=f"Stopped after {MAX_ATTEMPTS} attempts: the worker died each time.",
    )
    return None


def jobs_abandoned(model: type[Job]) -> list[int]:
    """Ids of jobs that need a new message: running ones whose worker is gone, and
    pending ones waiting longer than the lease (their message may never have reached
    the broker, or the broker lost it). A message for a job that does not need one is
    harmless: the claim refuses it."""
    stale = _abandoned_before()
    return list(
        model.objects.filter(
            Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
            | Q(status=JobStatus.PENDING, created_at__lt=stale)
        ).values_list("pk", flat=True)
    )


def job_progress(job: Job, *, done: int, total: int | None = None, current_item: str = "") -> None:
    """Write progress with one UPDATE so readers (UI, API, CLI) see it at once."""
    fields: dict[str, object] = {
        "done": done,
        "current_item": current_item[:500],
        "heartbeat_at": timezone.now(),
    }
    if total is not None:
        fields["total"] = total
        job.total = total
    job.done = done
    job.current_item = current_item
    type(job).objects.filter(pk=job.pk).update(**fields)


def job_finish(job: Job, *, message: str, errors: list[dict[str, str]], **fields: object) -> None:
    now = timezone.now()
    type(job).objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        message=message,
        errors=errors,
        finished_at=now,
        current_item="",
        **fields,
    )


def job_fail(job: Job, *, message: str, errors: list[dict[str, str]] | None = None) -> None:
    update: dict[str, object] = {
        "status": JobStatus.FAILED,
        "message": message,
        "finished_at": timezone.now(),
    }
    if errors is not None:
        update["errors"] = errors
    type(job).objects.filter(pk=job.pk).update(**update)


def job_release(job: Job) -> None:
    """Give a running job back to the queue's next delivery (after a transient error)."""
    type(job).objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.PENDING, heartbeat_at=None
    )


def job_is_running(model: type[Job], *, job_id: int) -> bool:
    return model.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists()
