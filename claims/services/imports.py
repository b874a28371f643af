"""Importing articles: create the job, then (in a worker) parse, extract and store.

Parsing and extraction are pure and run outside any transaction; each article is then
written in one short transaction (article, claims, consistency checks), so a crash
leaves either a whole article or none. The content hash is unique, so running the same
job twice (a re-delivered message) stores every article exactly once.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, transaction

from claims import importers
from claims.importers import fetch as url_fetch
from claims.importers.types import ArticleDraft, ImportRefused, ItemError, Limits
from claims.models import Article, Claim, ConsistencyCheck, ImportFile, ImportJob
from claims.services.extraction import text_extract
from claims.services.jobs import job_claim, job_fail, job_finish, job_progress

logger = logging.getLogger(__name__)

# Characters of context kept around a claim to re-anchor it in a later revision.
QUOTE_CONTEXT = 32


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


@dataclass
class _Tally:
    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)

    def fail(self, item: str, message: str) -> None:
        self.failed += 1
        self.errors.append({"item": item, "message": message})

    def as_summary(self) -> dict[str, int]:
        return {"imported": self.imported, "duplicates": self.duplicates, "failed": self.failed}


def import_job_run(*, job_id: int, task_id: str = "") -> ImportJob | None:
    """Run an import job to the end. Returns None if another run owns or finished it."""
    job = job_claim(ImportJob, job_id=job_id, task_id=task_id)
    if job is None:
        return None
    tally = _Tally()
    try:
        items = list(_job_items(job, tally))
        job_progress(job, done=0, total=len(items))
        for done, item in enumerate(items, start=1):
            job_progress(job, done=done - 1, current_item=item.item)
            if isinstance(item, ItemError):
                tally.fail(item.item, item.message)
            else:
                outcome = article_import(draft=item, job=job)
                if outcome == "duplicate":
                    tally.duplicates += 1
                else:
                    tally.imported += 1
            job_progress(job, done=done)
    except DatabaseError:
        # Transient (connection lost, lock timeout): leave the job running so the task's
        # retry claims it again; what was stored is found as "already imported" then.
        raise
    except Exception:
        logger.exception("Import job %s stopped", job_id)
        job_fail(
            job,
            message="The import stopped because of an internal error; the administrators "
            "can find the details in the worker log.",
            errors=tally.errors,
        )
        raise
    job_finish(
        job,
        message=_summary_sentence(tally),
        errors=tally.errors,
        summary=tally.as_summary(),
    )
    job.refresh_from_db()
    return job


def _summary_sentence(tally: _Tally) -> str:
    return f"{tally.imported} imported, {tally.duplicates} already present, {tally.failed} failed."


def _job_items(job: ImportJob, tally: _Tally) -> Iterator[ArticleDraft | ItemError]:
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


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article_import(
    *, draft: ArticleDraft, job: ImportJob | None = None
) -> Literal["imported", "duplicate"]:
    """Store one article with its claims; "duplicate" if the same text is already stored.

    An article this same job stored before a crash counts as imported, so a re-run of the
    job reports the same summary as an uninterrupted run.
    """
    digest = content_hash(draft.text)
    existing = Article.objects.filter(content_hash=digest).values_list("import_job_id", flat=True)
    for owner in existing:
        return "imported" if job is not None and owner == job.pk else "duplicate"

    extraction = text_extract(text=draft.text, published=draft.published)
    metadata = extraction.metadata
    try:
        with transaction.atomic():
            article = Article.objects.create(
                text=draft.text,
                content_hash=digest,
                title=draft.title[:500],
                url=draft.url[:2000],
                outlet=(draft.outlet or metadata.get("outlet") or "")[:200],
                author=(draft.author or metadata.get("author") or "")[:200],
                published=draft.published,
                language=draft.language[:16],
                import_job=job,
                source_item=draft.item[:500],
            )
            _store_claims(article, extraction.to_dict())
    except IntegrityError:
        # Another run stored the same text between our check and our insert.
        if Article.objects.filter(content_hash=digest).exists():
            return "duplicate"
        raise
    return "imported"


def _store_claims(article: Article, extracted: dict) -> None:
    text = article.text
    claims = [
        Claim(
            article=article,
            position=position,
            start=found["start"],
            end=found["end"],
            text=found["text"],
            quote_prefix=text[max(0, found["start"] - QUOTE_CONTEXT) : found["start"]],
            quote_suffix=text[found["end"] : found["end"] + QUOTE_CONTEXT],
            kinds=found.get("kinds", []),
            score=found.get("score", 0.0),
            quantities=found.get("quantities", []),
            attributions=found.get("attributions", []),
            dates=found.get("dates", []),
            comparisons=found.get("comparisons", []),
            enumerations=found.get("enumerations", []),
        )
        for position, found in enumerate(extracted["claims"])
    ]
    created = Claim.objects.bulk_create(claims, batch_size=500)
    for found_check in extracted.get("checks", []):
        check = ConsistencyCheck.objects.create(
            article=article,
            check_name=found_check["check"],
            result=found_check["result"],
            detail=found_check["detail"],
        )
        check.claims.set([created[index] for index in found_check["claims"]])
