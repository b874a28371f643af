"""python manage.py export_verdicts --format F [filters] [-o FILE] [--sync]"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims import exporters
from claims.management.progress import wait_for_job
from claims.models import ClaimStatus, JobStatus
from claims.selectors_export import ExportFilters
from claims.services.exports import (
    ExportFileGone,
    ExportRequestError,
    export_file,
    export_job_create,
    export_job_run,
    write_atomically,
)
from claims.tasks import run_export


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Export verdicts as an export job. By default the job is queued for a Celery worker "
        "and this command shows its progress; --sync runs it in this process. With -o the "
        "file is copied to FILE (written under a temporary name, then renamed)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=list(exporters.FORMATS))
        parser.add_argument(
            "--status",
            action="append",
            default=[],
            choices=list(ClaimStatus.values),
            help="Repeat for several. ClaimReview defaults to published.",
        )
        parser.add_argument(
            "--verdict", action="append", default=[], help='Rating name; "none": no verdict.'
        )
        parser.add_argument("--outlet", default="")
        parser.add_argument("--from", dest="date_from", type=_date, help="Published on or after.")
        parser.add_argument("--to", dest="date_to", type=_date, help="Published on or before.")
        parser.add_argument("--article", action="append", type=int, default=[])
        parser.add_argument("--reviewer", default="", help="Username who recorded the verdict.")
        parser.add_argument("-o", "--output", type=Path, help="Where to copy the file.")
        parser.add_argument("--sync", action="store_true", help="Run in this process.")
        parser.add_argument("--timeout", type=float, default=6 * 3600.0)

    def handle(self, *args: object, **options: object) -> None:
        filters = ExportFilters(
            statuses=tuple(options["status"]),  # type: ignore[arg-type]
            verdicts=tuple(options["verdict"]),  # type: ignore[arg-type]
            outlet=str(options["outlet"]),
            date_from=options["date_from"],  # type: ignore[arg-type]
            date_to=options["date_to"],  # type: ignore[arg-type]
            article_ids=tuple(options["article"]),  # type: ignore[arg-type]
            reviewer=str(options["reviewer"]),
        )
        try:
            job = export_job_create(format=str(options["format"]), filters=filters)
        except ExportRequestError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Export job #{job.pk}: {job.format}, filters {job.filters or 'none'}.")
        if options["sync"]:
            export_job_run(job_id=job.pk)
        else:
            run_export.delay_on_commit(job.pk)
            wait_for_job(
                self,
                job,
                timeout=float(options["timeout"]),  # type: ignore[arg-type]
                unit="claims",
                queue="exports",
                sync_hint="export",
            )
        job.refresh_from_db()
        if job.status != JobStatus.SUCCEEDED:
            raise CommandError(f"Job #{job.pk} {job.get_status_display().lower()}: {job.message}")
        try:
            source = export_file(job)
        except ExportFileGone as exc:
            raise CommandError(str(exc)) from None
        output = options["output"]
        if output is None:
            self.stdout.write(self.style.SUCCESS(f"{job.message} File: {source}"))
            return
        assert isinstance(output, Path)

        def copy(out: object) -> int:
            with open(source, "rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 20)  # type: ignore[arg-type]
            return job.done

        write_atomically(output.resolve(), copy)
        self.stdout.write(self.style.SUCCESS(f"{job.message} Written to {output}"))
