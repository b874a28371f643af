"""Export pages in the admin's look: the export form, the job page with live progress,
the download, and the per-article HTML report (the page ClaimReview urls point at).

Thin: the form becomes `ExportFilters`, `services.exports` creates the job, a worker runs
it. Downloads go through `export_download`, never a public URL: only editors (permission
`claims.add_exportjob`) and superusers get a file; everyone else gets a 404, so the
existence of an export is not revealed. The same holds for the job page and its
progress.json, the only progress endpoint for export jobs (the workbench dashboard polls
it too, and lists export jobs to editors only).
"""

from __future__ import annotations

from pathlib import Path

from django import forms
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
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
from django.views.decorators.http import require_GET, require_http_methods

from claims import exporters
from claims.models import Article, ClaimStatus, ExportJob, JobStatus, Rating
from claims.permissions import Capability, User, can
from claims.selectors_export import ExportFilters
from claims.services.exports import (
    ExportFileGone,
    ExportRequestError,
    article_report_html,
    download_name,
    export_file,
    export_job_create,
)
from claims.tasks import run_export

REPORT_PERMISSION = "claims.view_claim"
# The admin action hands over at most this many claims; larger sets use the filters.
MAX_SELECTED = 10_000


def is_editor(user: User) -> bool:
    """The one rule for every export page, its progress.json and the dashboard's export
    rows (an active superuser has every permission)."""
    return can(user, Capability.EXPORT)


def _verdict_choices() -> list[tuple[str, str]]:
    names = Rating.objects.order_by("scale__is_active", "position").values_list("name", flat=True)
    unique = list(dict.fromkeys(names))
    return [*((n, n) for n in unique), ("none", "No verdict yet")]


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        choices=[(e.name, e.label) for e in exporters.FORMATS.values()], initial="csv"
    )
    statuses = forms.MultipleChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: every status (ClaimReview: approved and published only).",
    )
    verdicts = forms.MultipleChoiceField(
        choices=(), required=False, widget=forms.CheckboxSelectMultiple
    )
    outlet = forms.CharField(required=False, max_length=200)
    date_from = forms.DateField(
        required=False, label="Published from", widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        required=False, label="Published until", widget=forms.DateInput(attrs={"type": "date"})
    )
    article = forms.IntegerField(required=False, min_value=1, label="Article id")
    reviewer = forms.CharField(required=False, max_length=150, help_text="Username.")
    claim_ids = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["verdicts"].choices = _verdict_choices()  # type: ignore[attr-defined]

    def clean_claim_ids(self) -> tuple[int, ...]:
        raw = self.cleaned_data.get("claim_ids") or ""
        try:
            return tuple(int(part) for part in raw.split(",") if part.strip())
        except ValueError:
            raise forms.ValidationError("The claim selection is malformed.") from None

    def filters(self) -> ExportFilters:
        data = self.cleaned_data
        return ExportFilters(
            statuses=tuple(data["statuses"]),
            verdicts=tuple(data["verdicts"]),
            outlet=data["outlet"].strip(),
            date_from=data["date_from"],
            date_to=data["date_to"],
            article_ids=(data["article"],) if data["article"] else (),
            reviewer=data["reviewer"].strip(),
            claim_ids=data["claim_ids"],
        )


def _require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors can export verdicts.")


def _page(request: HttpRequest, template: str, title: str, **context: object) -> HttpResponse:
    return render(
        request, template, {**admin.site.each_context(request), "title": title, **context}
    )


@login_required
@require_http_methods(["GET", "POST"])
def export_new(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = export_job_create(
                format=form.cleaned_data["format"],
                filters=form.filters(),
                requested_by=request.user,  # type: ignore[arg-type]
            )
        except ExportRequestError as exc:
            form.add_error(None, str(exc))
        else:
            run_export.delay_on_commit(job.pk)
            return HttpResponseRedirect(reverse("exports:job", args=[job.pk]))
    return _page(request, "exports/new.html", "Export verdicts", form=form)


def render_export_form_for_claims(request: HttpRequest, claim_ids: list[int]) -> HttpResponse:
    """The export form for an admin selection (the "Export selected claims" action)."""
    form = ExportForm(initial={"claim_ids": ",".join(map(str, claim_ids))})
    return _page(
        request,
        "exports/new.html",
        f"Export {len(claim_ids)} selected claims",
        form=form,
        selected=len(claim_ids),
    )


def _job_or_404(request: HttpRequest, job_id: int) -> ExportJob:
    if not is_editor(request.user):
        raise Http404("No such export.")
    return get_object_or_404(ExportJob.objects.select_related("requested_by"), pk=job_id)


@login_required
@require_GET
def export_job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    return _page(request, "exports/job.html", str(job), job=job, state=job_state(job))


@login_required
@require_GET
def export_job_json(request: HttpRequest, job_id: int) -> JsonResponse:
    job = _job_or_404(request, job_id)
    return JsonResponse(job_state(job))


def job_state(job: ExportJob) -> dict[str, object]:
    ready = job.status == JobStatus.SUCCEEDED and bool(job.file_path)
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
        "expires_at": job.expires_at.isoformat() if job.expires_at else None,
        "download_url": reverse("exports:download", args=[job.pk]) if ready else None,
    }


@login_required
@require_GET
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _job_or_404(request, job_id)
    try:
        path = export_file(job)
    except ExportFileGone as exc:
        response = _page(
            request, "exports/gone.html", "Export not available", job=job, reason=str(exc)
        )
        response.status_code = 410
        return response
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
