"""The workbench's Exports screen (editors): the export form, the editor's past exports with
their files, and a page per export; running exports show live progress.

Editors only (`Capability.EXPORT`): a reviewer gets the workbench's refusal. The progress
is read from the one progress endpoint of export jobs, `exports:job_json`, and files are
downloaded through `exports:download` (claims/views_export.py, the same rule).

Files expire: a finished export can be downloaded for FACTCHECK_EXPORT_TTL_HOURS; after
that the download is refused, and the file is deleted when the next export runs (the job
stays in the history, marked "expired").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from claims import exporters
from claims.models import ClaimStatus, ExportJob, JobStatus, Rating
from claims.permissions import Capability
from claims.selectors_export import ExportFilters
from claims.selectors_export_jobs import export_history
from claims.services.exports import ExportRequestError, export_file_size, export_job_create
from claims.tasks import run_export
from claims.views.base import page_context, workbench_view
from claims.views_export import job_state

# The admin action hands over at most this many claims; larger sets use the filters.
MAX_SELECTED = 10_000

export_pages = workbench_view(Capability.EXPORT)


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
        help_text="None ticked: every status (ClaimReview: published only).",
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
            ids = tuple(int(part) for part in raw.split(",") if part.strip())
        except ValueError:
            raise forms.ValidationError("The claim selection is malformed.") from None
        if len(ids) > MAX_SELECTED:
            raise forms.ValidationError(
                f"More than {MAX_SELECTED} claims are selected; use the filters instead."
            )
        return ids

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


@dataclass(frozen=True)
class ExportRow:
    """One export as the history, the job page and the dashboard show it."""

    job: ExportJob
    format_label: str
    filters: str
    size: int | None  # bytes, while the file can be downloaded
    downloadable: bool
    expired: bool
    gone: bool  # finished, not expired, yet the file is no longer on the server


def export_row(job: ExportJob, *, now: dt.datetime | None = None) -> ExportRow:
    now = now or timezone.now()
    exporter = exporters.FORMATS.get(job.format)
    succeeded = job.status == JobStatus.SUCCEEDED
    expired = succeeded and job.expires_at is not None and job.expires_at <= now
    size = export_file_size(job) if succeeded and not expired else None
    return ExportRow(
        job=job,
        format_label=exporter.label if exporter else job.format,
        filters=describe_filters(job.filters),
        size=size,
        downloadable=size is not None,
        expired=expired,
        gone=succeeded and not expired and size is None,
    )


def describe_filters(stored: dict) -> str:
    parts = []
    for name, value in ExportFilters.from_json(stored).to_json().items():
        if name == "claim_ids":
            parts.append(f"{len(value)} selected claim{'' if len(value) == 1 else 's'}")
        elif isinstance(value, list):
            parts.append(f"{name.replace('_', ' ')}: {', '.join(map(str, value))}")
        else:
            parts.append(f"{name.replace('_', ' ')}: {value}")
    return "; ".join(parts) or "all claims"


def _exports_page(
    request: HttpRequest, form: ExportForm, *, title: str, selected: int = 0
) -> HttpResponse:
    before = request.GET.get("before", "")
    history = export_history(
        user=request.user,  # type: ignore[arg-type]
        before=int(before) if before.isdigit() and len(before) <= 18 else None,
    )
    now = timezone.now()
    return render(
        request,
        "claims/exports.html",
        page_context(
            request,
            title=title,
            form=form,
            selected=selected,
            rows=[export_row(job, now=now) for job in history.jobs],
            older=history.older,
            paged=bool(before),
            ttl_hours=settings.FACTCHECK_EXPORT_TTL_HOURS,
        ),
    )


@export_pages
def exports(request: HttpRequest) -> HttpResponse:
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
            # export_job_create committed; the worker sees the job as soon as it is queued.
            run_export.delay_on_commit(job.pk)
            messages.success(
                request, f"Export #{job.pk} started; its progress shows in the list below."
            )
            return redirect("claims:exports")
    selected = len(form.data.get("claim_ids", "").split(",")) if form.data.get("claim_ids") else 0
    return _exports_page(request, form, title="Exports", selected=selected)


def render_export_form_for_claims(request: HttpRequest, claim_ids: list[int]) -> HttpResponse:
    """The Exports screen with the admin's selection ("Export selected claims" action, which
    only editors are offered)."""
    form = ExportForm(initial={"claim_ids": ",".join(map(str, claim_ids))})
    return _exports_page(
        request, form, title=f"Export {len(claim_ids)} selected claims", selected=len(claim_ids)
    )


@export_pages
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(ExportJob.objects.select_related("requested_by"), pk=job_id)
    row = export_row(job)
    return render(
        request,
        "claims/export_job.html",
        page_context(
            request,
            title=f"Export #{job.pk}",
            row=row,
            job=job,
            state=job_state(job),
            ttl_hours=settings.FACTCHECK_EXPORT_TTL_HOURS,
        ),
    )
