"""The export endpoints: progress, download, the per-article HTML report, and the old
/exports/ pages, which now lead to the workbench's Exports screen (claims/views/exports.py).

Downloads go through `export_download`, never a public URL: only editors (permission
`claims.add_exportjob`) and superusers get a file; everyone else gets a 404, so the
existence of an export is not revealed. The same holds for progress.json, the only
progress endpoint for export jobs (the Exports screen and the dashboard poll it).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from claims import exporters
from claims.models import Article, ExportJob, JobStatus
from claims.permissions import Capability, User, can
from claims.services.exports import (
    ExportFileGone,
    article_report_html,
    download_name,
    export_file,
    export_file_size,
)
from claims.views.base import LOGIN_URL, page_context

REPORT_PERMISSION = "claims.view_claim"


def is_editor(user: User) -> bool:
    """The one rule for every export page, its progress.json and the dashboard's export
    rows (an active superuser has every permission)."""
    return can(user, Capability.EXPORT)


def _job_or_404(request: HttpRequest, job_id: int) -> ExportJob:
    if not is_editor(request.user):
        raise Http404("No such export.")
    return get_object_or_404(ExportJob.objects.select_related("requested_by"), pk=job_id)


@require_GET
def export_new(request: HttpRequest) -> HttpResponse:
    """The old export form's address: the workbench's Exports screen, with its filters."""
    target = reverse("claims:exports")
    query = request.GET.urlencode()
    return HttpResponseRedirect(f"{target}?{query}" if query else target)


@login_required(login_url=LOGIN_URL)
@require_GET
def export_job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    """The old job page's address: the job's page on the workbench (editors; 404 else)."""
    job = _job_or_404(request, job_id)
    return HttpResponseRedirect(reverse("claims:export_job", args=[job.pk]))


@login_required(login_url=LOGIN_URL)
@require_GET
def export_job_json(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _job_or_404(request, job_id)
    return JsonResponse(job_state(job))


def _local(value: object) -> str | None:
    return timezone.localtime(value).isoformat() if value else None  # type: ignore[arg-type]


def job_state(job: ExportJob) -> dict[str, object]:
    ready = job.status == JobStatus.SUCCEEDED and bool(job.file_path)
    size = export_file_size(job) if ready else None
    return {
        "id": job.pk,
        "format": job.format,
        "status": job.status,
        "status_label": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "message": job.message,
        "finished": job.is_finished,
        "finished_at": _local(job.finished_at),
        "expires_at": _local(job.expires_at),
        "size": size,
        "download_url": reverse("exports:download", args=[job.pk]) if size is not None else None,
    }


@login_required(login_url=LOGIN_URL)
@require_GET
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    try:
        path = export_file(job)
    except ExportFileGone as exc:
        return render(
            request,
            "claims/export_gone.html",
            page_context(request, title="Export not available", job=job, reason=str(exc)),
            status=410,
        )
    return export_file_response(job, path)


def export_file_response(job: ExportJob, path: Path) -> FileResponse:
    """The finished file as a private, uncached attachment (the UI and the API)."""
    exporter = exporters.FORMATS.get(job.format)
    response = FileResponse(
        open(path, "rb"),  # FileResponse closes it
        as_attachment=True,
        filename=download_name(job),
        content_type=exporter.media_type if exporter else "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def article_report(request: HttpRequest, article_id: int) -> HttpResponse:
    if not (request.user.is_superuser or request.user.has_perm(REPORT_PERMISSION)):  # type: ignore[union-attr]
        raise Http404("No such report.")
    get_object_or_404(Article.objects.only("pk"), pk=article_id)
    return HttpResponse(article_report_html(article_id=article_id))
