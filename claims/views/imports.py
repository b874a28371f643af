"""Upload articles and follow the import job's progress (the job runs in a worker).

Uploading needs the import capability. The job page and its progress.json are one rule,
`import_job_pages`: anyone on the workbench may follow an import, as reviewers share the
desk's imports. This is the progress endpoint for import jobs only; export jobs have
their own (`exports:job_json`, editors only, as every export page).
"""

from __future__ import annotations

from django.db.models.functions import Left
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from claims.display import NAME_LIMIT
from claims.forms import UploadForm
from claims.models import Article, ImportJob
from claims.permissions import Capability
from claims.services.imports import ImportRequestError, import_job_create
from claims.tasks import run_import
from claims.views.base import page_context, workbench_view

# The job page lists what the job imported; more than this is a link to the queue.
MAX_LISTED_ARTICLES = 50

# Who may follow an import job: its page and its progress.json answer alike.
import_job_pages = workbench_view(Capability.VIEW)


@workbench_view(Capability.IMPORT)
def upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
        try:
            job = import_job_create(
                files=files,
                urls=form.cleaned_data["urls"],
                format=form.cleaned_data["format"],
                requested_by=request.user,
            )
        except ImportRequestError as exc:
            form.add_error(None, str(exc))
        else:
            # import_job_create committed; the worker sees the job as soon as it is queued.
            run_import.delay_on_commit(job.pk)
            return redirect("claims:import_job", job_id=job.pk)
    return render(
        request, "claims/upload.html", page_context(request, title="Import articles", form=form)
    )


@import_job_pages
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=job_id)
    return render(
        request,
        "claims/import_job.html",
        page_context(
            request, title=f"Import #{job.pk}", job=job, progress=import_job_progress(job)
        ),
    )


def import_job_progress(job: ImportJob) -> dict[str, object]:
    return {
        "id": job.pk,
        "status": job.status,
        "status_label": job.status_label,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "current_item": job.current_item,
        "message": job.message,
        "finished": job.is_finished,
        "errors": job.errors[:20],
        "failed_items": job.failed_items,
        "summary": job.summary,
        "articles": [
            {"title": a.display_name, "url": reverse("claims:article", args=[a.pk])}
            for a in job.articles.order_by("pk")
            .only("pk", "title")
            .annotate(text_head=Left("text", NAME_LIMIT * 4))[:MAX_LISTED_ARTICLES]
        ],
        "already_present": _already_present(job),
    }


def _already_present(job: ImportJob) -> list[dict[str, str]]:
    """The items the job found already imported, each with a link to the stored article
    (services.imports lists at most MAX_PRESENT_LISTED of them in the summary)."""
    listed = [p for p in job.summary.get("already_present", []) if isinstance(p, dict)]
    if not listed:
        return []
    articles = (
        Article.objects.only("pk", "title")
        .annotate(text_head=Left("text", NAME_LIMIT * 4))
        .in_bulk([p.get("article_id") for p in listed])
    )
    return [
        {
            "item": str(p.get("item", "")),
            "title": article.display_name,
            "url": reverse("claims:article", args=[article.pk]),
        }
        for p in listed
        if (article := articles.get(p.get("article_id"))) is not None
    ]


@import_job_pages
def import_job_json(request: HttpRequest, job_id: int) -> JsonResponse:
    job = get_object_or_404(ImportJob, pk=job_id)
    return JsonResponse(import_job_progress(job))
