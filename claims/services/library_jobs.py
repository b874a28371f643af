"""Editors add earlier fact-checks to the verdict library: one file or one page per job.

Always a worker job (FactCheckImportJob, services.jobs), never inside the web request,
like article imports (DESIGN.md, Jobs): a page is fetched with the guarded fetcher
(claims.importers.fetch: http(s) only, no private addresses, a size cap and a deadline),
which must not hold a web worker; and importing a large TSV (LIAR: 10,000 statements)
also extracts each statement's figures and then looks for the claims it covers.

Idempotent: the fact-checks have a unique key (an item imported twice is "already
present"), and the match step upserts.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction

from claims.importers import fetch as url_fetch
from claims.matching.library import FORMATS
from claims.models import FactCheckImportJob
from claims.services.jobs import (
    JobLost,
    job_claim,
    job_fail,
    job_finish,
    job_heartbeat,
    job_progress,
    job_release,
)
from claims.services.matching import LibraryOutcome, factchecks_import

logger = logging.getLogger(__name__)


class LibraryRequestError(ValueError):
    """The request itself is unusable (nothing given, both given, unknown format...)."""


@transaction.atomic(durable=True)
def factcheck_job_create(
    *,
    data: bytes | None = None,
    name: str = "",
    url: str = "",
    format: str = "",
    requested_by: AbstractBaseUser | None = None,
) -> FactCheckImportJob:
    """Record what to import; the caller enqueues the job after this returns (committed)."""
    url = url.strip()
    if (data is None) == (not url):
        raise LibraryRequestError("Give either a file or the address of a page, not both.")
    if format and format not in FORMATS:
        raise LibraryRequestError(
            f"Unknown format {format!r}; choose one of: {', '.join(FORMATS)}."
        )
    if url and not url.startswith(("http://", "https://")):
        raise LibraryRequestError(f"{url!r} is not an http or https address.")
    if data is not None:
        if not data.strip():
            raise LibraryRequestError(f"{name or 'The file'} is empty.")
        limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
        if len(data) > limit:
            raise LibraryRequestError(
                f"The file is {len(data) / 2**20:.1f} MB; the limit is {limit / 2**20:.0f} MB."
            )
    job = FactCheckImportJob(format=format, url=url, requested_by=requested_by)
    if data is not None:
        job.file_name = (name or "upload")[:500]
        safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in job.file_name)[-200:]
        job.save()
        job.file.save(f"{job.pk}-{safe}", ContentFile(data), save=True)
    else:
        job.save()
    return job


def factcheck_job_run(*, job_id: int, task_id: str = "") -> FactCheckImportJob | None:
    """Run the job to the end. None if it is finished or another run owns it."""
    job = job_claim(FactCheckImportJob, job_id=job_id, task_id=task_id)
    if job is None:
        return None
    with job_heartbeat(job):
        try:
            outcome = _run(job)
        except (JobLost, DatabaseError) as exc:
            if isinstance(exc, DatabaseError):
                job_release(job)  # transient: the task's retry claims it again
            raise
        except Exception:
            logger.exception("Fact-check import job %s stopped", job.pk)
            job_fail(
                job,
                message="The import stopped because of an internal error; the administrators "
                "can find the details in the worker log.",
            )
            raise
        items = outcome.imported + outcome.duplicates + len(outcome.errors)
        job_finish(
            job,
            message=outcome.sentence(),
            errors=outcome.errors,
            # Items, so that "finished with errors" and "failed" read as for articles.
            total=items,
            done=items,
            summary={
                "imported": outcome.imported,
                "already_present": outcome.duplicates,
                "failed": len(outcome.errors),
                "claims_already_checked": outcome.matched_claims,
            },
        )
    job.refresh_from_db()
    return job


def _run(job: FactCheckImportJob) -> LibraryOutcome:
    item = job.url or job.file_name
    job_progress(job, done=0, total=1, current_item=item)
    if job.url:
        try:
            fetched = url_fetch.fetch_url(
                job.url,
                max_bytes=settings.FACTCHECK_MAX_UPLOAD_BYTES,
                deadline=settings.FACTCHECK_FETCH_DEADLINE_SECONDS,
                allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            )
        except url_fetch.FetchError as exc:
            return LibraryOutcome(errors=[{"item": job.url, "message": str(exc)}])
        data, name = fetched.data, fetched.url
    else:
        with job.file.open("rb") as handle:
            data = handle.read()
        name = job.file_name
    outcome = factchecks_import(data=data, name=name, format=job.format or None)
    job_progress(job, done=1, total=1, current_item=item)
    return outcome
