"""Job lifecycle shared by import and export jobs (see the state machine on models.Job).

Ownership. `job_claim` takes a job with a conditional UPDATE and draws a new run token.
Every later write of that run (progress, heartbeat, finish, fail, release) is an UPDATE
that names the token, and raises `JobLost` when the row no longer holds it: a successor
claimed the job after this run's lease ran out (the run was frozen, or cut off from the
database), and the successor's progress and result must not be overwritten. A run that
gets `JobLost` stops and writes nothing more.

Liveness. While a run works, `job_heartbeat` writes `heartbeat_at` from a thread every
third of FACTCHECK_JOB_LEASE_SECONDS, however long one batch or one PDF takes. A running
job whose heartbeat is older than the lease lost its worker. `jobs_requeue_abandoned`,
run by Celery beat every FACTCHECK_JOB_SWEEP_SECONDS (claims.tasks) and by every worker
at start-up, sends such a job a new message; the worker that takes it claims it again.
Neither broker gives the dead run's message back in time: the filesystem broker loses
it, Redis returns it only after its visibility timeout (hours), and then the claim
refuses it. A job whose worker died at time t is re-sent by t + lease + sweep interval.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import TypeVar

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from claims.models import Job, JobStatus

logger = logging.getLogger(__name__)
J = TypeVar("J", bound=Job)

# A job whose worker died this many times is failed instead of being retried forever:
# the input probably kills the worker, and another attempt would kill the next one.
MAX_ATTEMPTS = 3


class JobGone(Exception):
    """The job row no longer exists (deleted while queued)."""


class JobLost(Exception):
    """Another run claimed this run's job (its lease ran out): this run must stop."""


def _abandoned_before() -> datetime:
    return timezone.now() - timedelta(seconds=settings.FACTCHECK_JOB_LEASE_SECONDS)


def _claimable(job_id: int) -> Q:
    # Pending, or running with a heartbeat older than the lease: its worker is gone.
    # A job whose worker is alive keeps a fresh heartbeat, so a duplicate message (a
    # re-delivery, a re-send by the sweep) cannot start a second run beside the first.
    return Q(pk=job_id) & (
        Q(status=JobStatus.PENDING)
        | Q(status=JobStatus.RUNNING, heartbeat_at__lt=_abandoned_before())
    )


def job_claim(model: type[J], *, job_id: int, task_id: str = "") -> J | None:
    """Take ownership of a job; None if it is finished, owned by a live run, or failed.

    The conditional UPDATE decides who owns the job: of two deliveries of the same
    message only one changes the row, and the new run token makes every write of an
    earlier run of the same job miss. A job that killed its worker MAX_ATTEMPTS times is
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
            run_token=uuid.uuid4(),
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


def _needs_message() -> Q:
    # Running with a heartbeat older than the lease: the worker died. Pending for longer
    # than the lease: the message may never have reached the broker, or a dead worker
    # took it. Either way at most one new message per lease, so a job waiting behind a
    # long queue is not sent again at every sweep.
    stale = _abandoned_before()
    return (
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=stale)
        | Q(status=JobStatus.PENDING, created_at__lt=stale)
    ) & (Q(resent_at__isnull=True) | Q(resent_at__lt=stale))


def jobs_abandoned(model: type[Job]) -> list[int]:
    """Ids of the jobs that need a new message (see _needs_message), oldest first."""
    return list(model.objects.filter(_needs_message()).order_by("pk").values_list("pk", flat=True))


def jobs_requeue_abandoned(model: type[Job], *, send: Callable[[int], object]) -> list[int]:
    """Call `send(job_id)` once for every job that needs a new message; the ids sent.

    A message for a job that turns out not to need it is harmless: the claim refuses it.
    """
    sent = []
    for job_id in jobs_abandoned(model):
        # Conditional, so that of two sweeps at the same moment (a worker's start-up
        # sweep beside the periodic one, or a second beat) only one sends.
        if model.objects.filter(_needs_message(), pk=job_id).update(resent_at=timezone.now()):
            send(job_id)
            sent.append(job_id)
            logger.info("%s %s had no live run: sent it again.", model.__name__, job_id)
    return sent


def _owned(job: Job) -> QuerySet[Job]:
    return type(job).objects.filter(pk=job.pk, run_token=job.run_token, status=JobStatus.RUNNING)


def _write(job: Job, **fields: object) -> None:
    if not _owned(job).update(**fields):
        raise JobLost(f"{type(job).__name__} {job.pk} was claimed by another run.")


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
    _write(job, **fields)


def job_finish(job: Job, *, message: str, errors: list[dict[str, str]], **fields: object) -> None:
    _write(
        job,
        status=JobStatus.SUCCEEDED,
        message=message,
        errors=errors,
        finished_at=timezone.now(),
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
    _write(job, **update)


def job_release(job: Job) -> None:
    """Give a running job back to the queue's next delivery (after a transient error)."""
    _write(job, status=JobStatus.PENDING, heartbeat_at=None)


@contextmanager
def job_heartbeat(job: Job) -> Iterator[None]:
    """Keep the claimed job's heartbeat fresh from a thread while the block runs.

    Progress alone would not do: one batch of extraction or one PDF can take longer than
    the lease. The thread proves the process is alive, which is what the lease is for;
    it uses a database connection of its own, closed when the block ends.
    """
    stop = threading.Event()
    interval = settings.FACTCHECK_JOB_LEASE_SECONDS / 3
    thread = threading.Thread(
        target=_beat, args=(job, stop, interval), name=f"heartbeat-{job.pk}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(job: Job, stop: threading.Event, interval: float) -> None:
    try:
        while not stop.wait(interval):
            try:
                if not _owned(job).update(heartbeat_at=timezone.now()):
                    return  # Lost to another run; the run's next write raises JobLost.
            except DatabaseError as exc:
                # Locked or unreachable for a moment; the lease allows two misses.
                logger.warning(
                    "Heartbeat of %s %s not written: %s", type(job).__name__, job.pk, exc
                )
    finally:
        connections.close_all()
