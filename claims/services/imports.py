"""Importing articles: create the job, then (in a worker) parse, extract and store.

Parsing is pure and runs outside any transaction; storing goes through
services.articles in batches (see there for duplicates and revisions). Progress, the
per-item errors and the closing summary are written on the job row.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction

from claims import importers
from claims.importers import fetch as url_fetch
from claims.importers.types import ArticleDraft, ImportRefused, ItemError, Limits
from claims.models import ImportFile, ImportJob
from claims.services import matching
from claims.services.articles import BatchOutcome, articles_import
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


class ImportRequestError(ValueError):
    """The import request itself is unusable (nothing to import, unknown format, too big)."""


def import_limits() -> Limits:
    return Limits(
        max_article_bytes=settings.FACTCHECK_MAX_ARTICLE_BYTES,
        max_upload_bytes=settings.FACTCHECK_MAX_UPLOAD_BYTES,
        max_zip_entries=settings.FACTCHECK_MAX_ZIP_ENTRIES,
        max_zip_uncompressed_bytes=settings.FACTCHECK_MAX_ZIP_BYTES,
    )


@transaction.atomic(durable=True)
def import_job_create(
    *,
    files: Sequence[tuple[str, bytes]] = (),
    urls: Sequence[str] = (),
    format: str = "",
    requested_by: AbstractBaseUser | None = None,
) -> ImportJob:
    """Record what to import. The caller enqueues the job after this returns (committed)."""
    if not files and not urls:
        raise ImportRequestError("Nothing to import: give at least one file or URL.")
    if format and format not in importers.FORMATS:
        raise ImportRequestError(
            f"Unknown format {format!r}; choose one of: {', '.join(importers.FORMATS)}."
        )
    limits = import_limits()
    total = sum(len(data) for _, data in files)
    if total > limits.max_upload_bytes:
        raise ImportRequestError(
            f"The upload is {total / 2**20:.1f} MB; the limit is "
            f"{limits.max_upload_bytes / 2**20:.0f} MB. Split it into several imports."
        )
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise ImportRequestError(f"{url!r} is not an http or https address.")
    job = ImportJob.objects.create(format=format, urls=list(urls), requested_by=requested_by)
    for name, data in files:
        upload = ImportFile(job=job, name=name[:500], size=len(data))
        upload.file.save(_safe_file_name(name), ContentFile(data), save=False)
        upload.save()
    return job


def _safe_file_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
    return "".join(c if c.isalnum() or c in "._-" else "_" for c in base)[:200]


# Articles stored per transaction; progress is written after each batch.
BATCH_SIZE = 500
# The items found already present that the summary names with their article (the job
# page links them); the count in the summary covers all of them.
MAX_PRESENT_LISTED = 50


@dataclass
class _Tally:
    imported: int = 0
    duplicates: int = 0
    revisions: int = 0
    failed: int = 0
    warned: int = 0
    # Per-item problems; a warning (the item was imported, something in it was left
    # out) carries "level": "warning" and does not count as failed.
    errors: list[dict[str, str]] = field(default_factory=list)
    present: list[dict[str, object]] = field(default_factory=list)
    seconds: dict[str, float] = field(
        default_factory=lambda: {"parse": 0.0, "extract": 0.0, "persist": 0.0, "match": 0.0}
    )

    def fail(self, item: str, message: str) -> None:
        self.failed += 1
        self.errors.append({"item": item, "message": message})

    def warn(self, item: str, message: str) -> None:
        self.warned += 1
        self.errors.append({"item": item, "message": message, "level": "warning"})

    def add(self, outcome: BatchOutcome) -> None:
        self.imported += outcome.imported
        self.duplicates += outcome.duplicates
        self.revisions += outcome.revisions
        room = MAX_PRESENT_LISTED - len(self.present)
        self.present += [
            {"item": item, "article_id": article_id} for item, article_id in outcome.present[:room]
        ]
        for step, spent in outcome.seconds.items():
            self.seconds[step] += spent

    def as_summary(self) -> dict[str, object]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "revisions": self.revisions,
            "failed": self.failed,
            "warnings": self.warned,
            "already_present": self.present,
            "cpu_seconds": {step: round(spent, 3) for step, spent in self.seconds.items()},
        }

    def sentence(self) -> str:
        revisions = f", {self.revisions} updated to a new revision" if self.revisions else ""
        warned = ""
        if self.warned:
            warned = f"; {self.warned} warning{'s' if self.warned > 1 else ''}"
        return (
            f"{self.imported} imported, {self.duplicates} already present{revisions}, "
            f"{self.failed} failed{warned}."
        )


def import_job_run(*, job_id: int, task_id: str = "") -> ImportJob | None:
    """Run an import job to the end. None if it is finished or another run owns it.

    Raises JobLost if another run claimed the job meanwhile (this run's lease ran out).
    """
    job = job_claim(ImportJob, job_id=job_id, task_id=task_id)
    if job is None:
        return None
    with job_heartbeat(job):
        tally = _run(job)
        job_finish(job, message=tally.sentence(), errors=tally.errors, summary=tally.as_summary())
    job.refresh_from_db()
    return job


def _run(job: ImportJob) -> _Tally:
    tally = _Tally()
    try:
        started = time.process_time()
        items = list(_job_items(job))
        tally.seconds["parse"] += time.process_time() - started
        job_progress(job, done=0, total=len(items))
        for offset in range(0, len(items), BATCH_SIZE):
            batch = items[offset : offset + BATCH_SIZE]
            job_progress(job, done=offset, current_item=batch[0].item)
            drafts = []
            for item in batch:
                if isinstance(item, ItemError):
                    tally.fail(item.item, item.message)
                else:
                    for warning in item.warnings:
                        tally.warn(item.item, warning)
                    drafts.append(item)
            tally.add(articles_import(drafts=drafts, job=job))
            job_progress(job, done=offset + len(batch))
        _match_step(job, tally)
    except JobLost:
        # Another run owns the job now; what this run stored, it finds as imported.
        raise
    except DatabaseError:
        # Transient (connection lost, lock timeout): hand the job back so the task's
        # retry claims it again; what was stored is then found as already imported.
        job_release(job)
        raise
    except Exception:
        logger.exception("Import job %s stopped", job.pk)
        job_fail(
            job,
            message="The import stopped because of an internal error; the administrators "
            "can find the details in the worker log.",
            errors=tally.errors,
        )
        raise
    return tally


def _match_step(job: ImportJob, tally: _Tally) -> None:
    """The job's claims against other articles' claims and the verdict library (issue 13).

    After every batch is stored, so a re-run matches what an interrupted run stored too.
    A failure here keeps the import: the articles are stored, only the links are missing.
    Skipped when FACTCHECK_MATCH_ON_IMPORT is off (bench/bench_scale.py builds a million
    claims without it: the step's in-memory index is not what that bench measures).
    """
    if not settings.FACTCHECK_MATCH_ON_IMPORT:
        return
    started = time.process_time()
    try:
        matching.job_claims_match(article_ids=job.articles.values_list("pk", flat=True))
    except DatabaseError:
        raise
    except Exception:
        logger.exception("Matching the claims of import job %s failed", job.pk)
        tally.warn("matching", "Links to other outlets and earlier verdicts could not be made.")
    tally.seconds["match"] += time.process_time() - started


def _job_items(job: ImportJob) -> Iterator[ArticleDraft | ItemError]:
    limits = import_limits()
    for upload in job.files.order_by("pk"):
        with upload.file.open("rb") as handle:
            data = handle.read()
        yield from _parse_safely(data, name=upload.name, format=job.format, limits=limits)
    for url in job.urls:
        try:
            fetched = url_fetch.fetch_url(
                url,
                max_bytes=limits.max_article_bytes,
                deadline=settings.FACTCHECK_FETCH_DEADLINE_SECONDS,
                allow_private=settings.FACTCHECK_ALLOW_PRIVATE_URLS,
            )
        except url_fetch.FetchError as exc:
            yield ItemError(item=url, message=str(exc))
            continue
        yield from _parse_safely(fetched.data, name=fetched.url, format=job.format, limits=limits)


def _parse_safely(
    data: bytes, *, name: str, format: str, limits: Limits
) -> Iterable[ArticleDraft | ItemError]:
    try:
        return list(importers.parse(data, name=name, format=format or None, limits=limits))
    except ImportRefused as exc:
        return [ItemError(item=name, message=str(exc))]
