"""Exporting verdicts: create the job, then (in a worker) stream the rows into a file.

The rows come from `selectors_export` (streamed, merged per claim) and the bytes from the
pure `claims.exporters`; this module owns the job's progress and the file:

- the file is written under a temporary name in the export folder and renamed over the
  final name (`os.replace`, atomic on one file system) only when complete: a crash leaves
  no half file at the final path, and a re-run of the same job replaces the file;
- a killed run's temporary file is deleted when the job is claimed again (the sweep of
  abandoned jobs re-sends it, services.jobs), or when it is found finished or failed;
- the final name is fixed per job, so running the job twice (a re-delivered message)
  produces one file, not two;
- files expire after FACTCHECK_EXPORT_TTL_HOURS; expired files are deleted when the next
  export runs, and the download view refuses them in the meantime.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.utils import timezone

from claims import exporters
from claims.exporters.types import ClaimRow, ExportContext, Exporter
from claims.models import Article, ClaimStatus, ExportJob, JobStatus
from claims.selectors_export import (
    ExportFilters,
    active_scale,
    export_count,
    export_rows,
    verdict_distribution,
)
from claims.services.jobs import (
    JobLost,
    job_claim,
    job_fail,
    job_finish,
    job_heartbeat,
    job_progress,
    job_release,
)

logger = logging.getLogger(__name__)

# Progress is written at most this often (one UPDATE each), checked every PROGRESS_ROWS.
PROGRESS_SECONDS = 0.5
PROGRESS_ROWS = 500
WRITE_BUFFER = 1 << 20
# Where claims/urls_export.py serves an article's report (included under "exports/").
REPORT_PATH = "/exports/articles/{article_id}/report/"
# Where claims/urls_public.py serves a published claim's public page (under "factchecks/"):
# the ClaimReview `url`. tests/test_public_pages.py checks it matches the URLconf.
FACTCHECK_PATH = "/factchecks/{claim_id}/"

# Said in the report of approved and published claims only (exporters.report.method_text).
METHOD = (
    "An approved claim was checked by a reviewer against the sources listed with it; its "
    "verdict and rationale were then approved by a second person, an editor."
)


class ExportRequestError(ValueError):
    """The export request itself is unusable (unknown format, bad filters, too large)."""


class ExportFileGone(Exception):
    """The job has no file to download: not finished, expired, or deleted."""


def export_dir() -> Path:
    return Path(settings.FACTCHECK_EXPORT_DIR)


@transaction.atomic(durable=True)
def export_job_create(
    *,
    format: str,
    filters: ExportFilters | None = None,
    requested_by: AbstractBaseUser | None = None,
) -> ExportJob:
    """Record what to export. The caller enqueues the job after this returns (committed)."""
    try:
        exporter = exporters.get(format)
    except ValueError as exc:
        raise ExportRequestError(str(exc)) from None
    filters = filters or ExportFilters()
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ExportRequestError("The start date is after the end date.")
    if not filters.statuses and exporter.default_statuses:
        filters = replace(filters, statuses=exporter.default_statuses)
    return ExportJob.objects.create(
        format=exporter.name, filters=filters.to_json(), requested_by=requested_by
    )


def export_job_run(*, job_id: int, task_id: str = "") -> ExportJob | None:
    """Run an export job to the end. Returns None if another run owns or finished it.

    Raises JobLost if another run claimed the job meanwhile (this run's lease ran out).
    """
    job = job_claim(ExportJob, job_id=job_id, task_id=task_id)
    if job is None:
        if not ExportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).exists():
            # Finished, or failed after its workers died MAX_ATTEMPTS times: no run of
            # this job will come back for what a killed one left.
            _remove_parts(job_id)
        return None
    # A temporary file of an earlier run of this job is that of a dead run (SIGKILL
    # gives it no chance to clean up): the job was claimed again, so it owns no file.
    _remove_parts(job.pk)
    with job_heartbeat(job):
        return _run(job)


def _remove_parts(job_id: int) -> None:
    # The temporary names write_atomically gives the job's file (export_file_name).
    stems = {exporter.file_stem for exporter in exporters.FORMATS.values()}
    for stem in stems:
        for part in export_dir().glob(f".{stem}-{job_id}.*.part"):
            part.unlink(missing_ok=True)


def _run(job: ExportJob) -> ExportJob:
    try:
        exports_purge_expired()
        exporter = exporters.get(job.format)
        filters = ExportFilters.from_json(job.filters)
        total = export_count(filters)
        if exporter.max_rows is not None and total > exporter.max_rows:
            job_fail(
                job,
                message=f"{claims_count(total)} match; a {exporter.label} holds at most "
                f"{exporter.max_rows}. Narrow the filters, or choose the HTML report.",
            )
            job.refresh_from_db()
            return job
        job_progress(job, done=0, total=total)
        context = export_context(filters=filters, exporter=exporter)
        # One query streams the claims with what this format reads (exporter.fields).
        rows = _with_progress(
            export_rows(filters, fields=exporter.fields, order=exporter.order, expected_rows=total),
            job,
        )
        final = export_dir() / export_file_name(job, exporter)

        def write(out: BinaryIO) -> int:
            count = exporter.write(rows, out, context)
            # Before the rename: a run that lost the job (JobLost) must not put its file
            # over the one its successor writes.
            job_progress(job, done=count, total=max(total, count))
            return count

        count = write_atomically(final, write)
    except JobLost:
        # Another run owns the job now; write_atomically removed this run's temporary file.
        raise
    except DatabaseError:
        # Transient (connection lost): hand the job back so the task's retry claims it
        # again; the file is written again from the start under a new temporary name.
        job_release(job)
        raise
    except Exception:
        logger.exception("Export job %s stopped", job.pk)
        job_fail(
            job,
            message="The export stopped because of an internal error; the administrators "
            "can find the details in the worker log.",
        )
        raise
    expires = timezone.now() + dt.timedelta(hours=settings.FACTCHECK_EXPORT_TTL_HOURS)
    job_finish(
        job,
        message=f"{claims_count(count)} exported as {exporter.label}.",
        errors=[],
        file_path=final.name,
        expires_at=expires,
    )
    job.refresh_from_db()
    return job


def claims_count(n: int) -> str:
    """How every export message counts claims: "1 claim", "2 claims", "0 claims"."""
    return f"{n} claim" if n == 1 else f"{n} claims"


def export_file_name(job: ExportJob, exporter: Exporter) -> str:
    return f"{exporter.file_stem}-{job.pk}.{exporter.extension}"


def export_context(*, filters: ExportFilters, exporter: Exporter) -> ExportContext:
    title = "Verdict report"
    if len(filters.article_ids) == 1:
        article = Article.objects.filter(pk=filters.article_ids[0]).only("title").first()
        if article is not None and article.title:
            title = f"Verdict report: {article.title}"
    needs_distribution = exporter.order == "article"
    return ExportContext(
        generated_at=timezone.now(),
        desk_name=settings.FACTCHECK_DESK_NAME,
        desk_url=settings.FACTCHECK_DESK_URL,
        site_url=settings.FACTCHECK_SITE_URL,
        report_path=report_path_template(),
        factcheck_path=FACTCHECK_PATH,
        scale=active_scale(),
        title=title,
        filters=filters.describe(),
        distribution=tuple(verdict_distribution(filters)) if needs_distribution else (),
        method=METHOD,
        status_labels=dict(ClaimStatus.choices),
    )


def report_path_template() -> str:
    """The article report's path with "{article_id}" in place of the id.

    A constant rather than reverse(): a worker must not depend on loading every app's
    URLconf to write a file. tests/test_exports_views.py checks it matches the URLconf.
    """
    return REPORT_PATH


def write_atomically(final: Path, write: Callable[[BinaryIO], int]) -> int:
    """Write through `write` into a temporary file beside `final`, then rename it over."""
    final.parent.mkdir(parents=True, exist_ok=True)
    # Parts of this file from a run that was killed (SIGKILL leaves no chance to clean up).
    for stale in final.parent.glob(f".{final.name}.*.part"):
        stale.unlink(missing_ok=True)
    temporary = final.with_name(f".{final.name}.{uuid.uuid4().hex}.part")
    try:
        with open(temporary, "wb", buffering=WRITE_BUFFER) as out:
            count = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return count


def _with_progress(rows: Iterable[ClaimRow], job: ExportJob) -> Iterator[ClaimRow]:
    done = 0
    last = time.monotonic()
    for row in rows:
        yield row
        done += 1
        if done % PROGRESS_ROWS == 0 and time.monotonic() - last >= PROGRESS_SECONDS:
            job_progress(job, done=done, current_item=f"claim {row.claim_id}")
            last = time.monotonic()


def export_file(job: ExportJob) -> Path:
    """The finished file of a job, for the download view; ExportFileGone when there is none."""
    if job.status != JobStatus.SUCCEEDED or not job.file_path:
        raise ExportFileGone("This export has no file: it has not finished successfully.")
    if job.expires_at is not None and job.expires_at <= timezone.now():
        raise ExportFileGone(
            f"This export expired on {job.expires_at:%Y-%m-%d %H:%M} UTC; run it again."
        )
    root = export_dir().resolve()
    path = (root / job.file_path).resolve()
    if path.parent != root or not path.is_file():
        raise ExportFileGone("The export file is no longer on the server; run the export again.")
    return path


def export_file_size(job: ExportJob) -> int | None:
    """The size in bytes of a job's file while it can be downloaded; None when it cannot."""
    try:
        return export_file(job).stat().st_size
    except (ExportFileGone, OSError):
        return None


def download_name(job: ExportJob) -> str:
    exporter = exporters.FORMATS.get(job.format)
    extension = exporter.extension if exporter else "bin"
    created = job.created_at.strftime("%Y%m%d") if job.created_at else "export"
    stem = exporter.file_stem if exporter else "verdicts"
    return f"{stem}-{created}-{job.pk}.{extension}"


def exports_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete the files of expired exports; the job rows stay as the record."""
    now = now or timezone.now()
    removed = 0
    root = export_dir()
    expired = ExportJob.objects.filter(expires_at__lte=now).exclude(file_path="")
    for pk, name in expired.values_list("pk", "file_path").iterator():
        path = root / Path(name).name
        if path.exists():
            path.unlink(missing_ok=True)
            removed += 1
        ExportJob.objects.filter(pk=pk).update(file_path="")
    return removed


def article_report_html(*, article_id: int) -> str:
    """The HTML report of one article, every claim whatever its status (an internal page)."""
    filters = ExportFilters(article_ids=(article_id,))
    exporter = exporters.get("html")
    context = export_context(filters=filters, exporter=exporter)
    context = replace(context, filters={})
    rows = export_rows(filters, fields=exporter.fields, order=exporter.order)
    return "".join(exporters.report.render(rows, context))
