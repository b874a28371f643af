"""Job lifecycle shared by import and export jobs (see the state machine on models.Job)."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import F
from django.utils import timezone

from claims.models import Job, JobStatus

J = TypeVar("J", bound=Job)

# A job whose worker died this many times is failed instead of being retried forever:
# the input probably kills the worker, and another attempt would kill the next one.
MAX_ATTEMPTS = 3


class JobGone(Exception):
    """The job row no longer exists (deleted while queued)."""


def job_claim(model: type[J], *, job_id: int, task_id: str = "") -> J | None:
    """Take ownership of a job; None if it is finished or out of attempts.

    The conditional UPDATE decides who owns the job: a message delivered twice (late
    acknowledgement after a lost worker, or a duplicate enqueue) finds the job finished
    and does nothing. A job still `running` can be claimed again, because a message comes
    back only when the worker that ran it is gone.
    """
    if not model.objects.filter(pk=job_id).exists():
        raise JobGone(f"{model.__name__} {job_id} does not exist.")
    claimed = model.objects.filter(
        pk=job_id,
        status__in=[JobStatus.PENDING, JobStatus.RUNNING],
        attempts__lt=MAX_ATTEMPTS,
    ).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        started_at=timezone.now(),
        task_id=task_id,
    )
    if claimed:
        return model.objects.get(pk=job_id)
    model.objects.filter(pk=job_id, status__in=[JobStatus.PENDING, JobStatus.RUNNING]).update(
        status=JobStatus.FAILED,
        finished_at=timezone.now(),
        message=f"Stopped after {MAX_ATTEMPTS} attempts: the worker died each time.",
    )
    return None


def job_progress(job: Job, *, done: int, total: int | None = None, current_item: str = "") -> None:
    """Write progress with one UPDATE so readers (UI, API, CLI) see it at once."""
    fields: dict[str, object] = {"done": done, "current_item": current_item[:500]}
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
