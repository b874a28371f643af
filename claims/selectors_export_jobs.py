"""Reads of export jobs for the workbench: one editor's history, the dashboard's recent ones.

Both order by the primary key (its index; creation order) and read a bounded number of
rows: the history pages by key (`before`), never by OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import BooleanField, Case, F, Q, Value, When, Window
from django.db.models.functions import RowNumber

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
    # One query: each job's place among the running or among the finished ones, newest
    # first (a window), keeping the first DASHBOARD_RUNNING and DASHBOARD_FINISHED.
    running = Case(
        When(status__in=[JobStatus.PENDING, JobStatus.RUNNING], then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return list(
        ExportJob.objects.select_related("requested_by")
        .annotate(running=running)
        .annotate(place=Window(RowNumber(), partition_by=[F("running")], order_by=F("pk").desc()))
        .filter(
            Q(running=True, place__lte=DASHBOARD_RUNNING)
            | Q(running=False, place__lte=DASHBOARD_FINISHED)
        )
        .order_by("-running", "-pk")
    )
