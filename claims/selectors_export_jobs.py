"""Reads of export jobs for the workbench: one editor's history, the dashboard's recent ones.

Both order by the primary key (its index; creation order) and read a bounded number of
rows: the history pages by key (`before`), never by OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from claims.models import ExportJob, JobStatus

HISTORY_PAGE = 25
# The dashboard lists every running export and this many of the latest finished ones.
DASHBOARD_FINISHED = 8
DASHBOARD_RUNNING = 20


@dataclass(frozen=True)
class ExportHistory:
    jobs: list[ExportJob]
    # The key of the next (older) page, None on the last page.
    older: int | None


def export_history(
    *, user: AbstractBaseUser, before: int | None = None, size: int = HISTORY_PAGE
) -> ExportHistory:
    """The exports `user` asked for, newest first, one page of `size` before key `before`."""
    jobs = ExportJob.objects.filter(requested_by=user).order_by("-pk")
    if before is not None:
        jobs = jobs.filter(pk__lt=before)
    page = list(jobs[: size + 1])
    older = page[size - 1].pk if len(page) > size else None
    return ExportHistory(jobs=page[:size], older=older)


def recent_exports() -> list[ExportJob]:
    """Running exports (anyone's), then the latest finished ones: the dashboard's list."""
    running = [JobStatus.PENDING, JobStatus.RUNNING]
    base = ExportJob.objects.select_related("requested_by").order_by("-pk")
    return [
        *base.filter(status__in=running)[:DASHBOARD_RUNNING],
        *base.exclude(status__in=running)[:DASHBOARD_FINISHED],
    ]
