"""python manage.py import_articles PATH_OR_URL ... [--format F] [--sync]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import ngettext

from claims import importers
from claims.management.progress import wait_for_job
from claims.models import ImportJob, JobStatus
from claims.services.imports import ImportRequestError, import_job_create, import_job_run
from claims.tasks import run_import


class Command(BaseCommand):
    help = (
        "Import articles from files, folders or URLs as an import job. By default the job "
        "is queued for a Celery worker and this command shows its progress until it ends; "
        "--sync runs it in this process instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inputs", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument("--format", default="", choices=["", *importers.FORMATS])
        parser.add_argument("--sync", action="store_true", help="Run in this process.")
        parser.add_argument(
            "--no-wait", action="store_true", help="Queue the job, print its number, exit."
        )
        parser.add_argument(
            "--timeout", type=float, default=3600.0, help="Seconds to wait for the worker."
        )

    def handle(self, *args: object, **options: object) -> None:
        files, urls = self._read_inputs(options["inputs"])  # type: ignore[arg-type]
        try:
            job = import_job_create(files=files, urls=urls, format=str(options["format"]))
        except ImportRequestError as exc:
            raise CommandError(str(exc)) from None
        counted = ngettext("%(n)d file", "%(n)d files", len(files)) % {"n": len(files)}
        counted += ", " + ngettext("%(n)d URL", "%(n)d URLs", len(urls)) % {"n": len(urls)}
        self.stdout.write(f"Import job #{job.pk}: {counted}.")
        if options["sync"]:
            import_job_run(job_id=job.pk)
        else:
            run_import.delay_on_commit(job.pk)
            if options["no_wait"]:
                return
            wait_for_job(
                self,
                job,
                timeout=float(options["timeout"]),  # type: ignore[arg-type]
                unit="items",
                queue="imports",
                sync_hint="import",
            )
        job.refresh_from_db()
        self._report(job)

    def _read_inputs(self, inputs: list[str]) -> tuple[list[tuple[str, bytes]], list[str]]:
        files: list[tuple[str, bytes]] = []
        urls: list[str] = []
        for raw in inputs:
            if raw.startswith(("http://", "https://")):
                urls.append(raw)
                continue
            path = Path(raw)
            if path.is_dir():
                paths = sorted(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                paths = [path]
            else:
                raise CommandError(f"{raw}: no such file, folder or http(s) URL.")
            for item in paths:
                try:
                    files.append((item.name, item.read_bytes()))
                except OSError as exc:
                    raise CommandError(f"{item}: cannot be read ({exc.strerror}).") from None
        return files, urls

    def _report(self, job: ImportJob) -> None:
        for error in job.errors:
            warning = "warning: " if error.get("level") == "warning" else ""
            self.stderr.write(f"  {warning}{error['item']}: {error['message']}")
        # A job whose every item failed succeeded as a job but imported nothing: it is
        # labelled "Failed" (Job.status_label), and the command fails.
        if job.status == JobStatus.SUCCEEDED and not job.every_item_failed:
            style = self.style.WARNING if job.failed_items else self.style.SUCCESS
            self.stdout.write(style(f"Job #{job.pk} {job.status_label.lower()}: {job.message}"))
        else:
            raise CommandError(f"Job #{job.pk} {job.status_label.lower()}: {job.message}")
