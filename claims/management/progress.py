"""Waiting for a job from the command line, with a progress line on stderr."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from claims.models import Job, JobStatus

# After this long with no worker taking the job, say how to start one.
NO_WORKER_HINT_AFTER = 15.0


def _progress_line(job: Job, unit: str) -> str:
    width = 30
    filled = width * job.percent // 100
    bar = "#" * filled + "-" * (width - filled)
    current = f" {job.current_item[:30]}" if job.current_item else ""
    return f"[{bar}] {job.done}/{job.total} {unit} {job.status_label}{current}"


def wait_for_job(
    command: BaseCommand, job: Job, *, timeout: float, unit: str, queue: str, sync_hint: str
) -> None:
    """Poll the job row until it is finished, redrawing its progress line."""
    started = time.monotonic()
    hinted = False
    interactive = sys.stderr.isatty()
    last_line = ""
    while True:
        job.refresh_from_db()
        line = _progress_line(job, unit)
        if line != last_line:
            command.stderr.write(line.ljust(79), ending="\r" if interactive else "\n")
            last_line = line
        if job.is_finished:
            if interactive:
                command.stderr.write("")
            return
        waited = time.monotonic() - started
        if job.status == JobStatus.PENDING and waited > NO_WORKER_HINT_AFTER and not hinted:
            command.stderr.write(
                f"\nNo worker has taken the job yet. Is one running (queue {queue!r})? "
                f"Start it with `make worker`, or {sync_hint} with --sync."
            )
            hinted = True
        if waited > timeout:
            raise CommandError(
                f"Gave up waiting after {timeout:.0f} s; job #{job.pk} stays queued and "
                "runs when a worker takes it."
            )
        time.sleep(0.2)
