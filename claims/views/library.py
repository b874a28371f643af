"""The verdict library screen: editors add earlier fact-checks (issue 13).

One file (ClaimReview JSON-LD, CLEF verified-claims TSV, LIAR TSV) or the address of a
page that embeds ClaimReview, per job. The job always runs in a worker
(services.library_jobs says why); its page shows the outcome: how many were imported,
how many were there already, each bad item with its error, and how many claims on the
workbench were then found already checked. Editors only (the approve capability): what
enters the library is shown to reviewers as an earlier verdict they may copy.
"""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from claims.matching.library import FORMATS
from claims.models import FactCheckImportJob
from claims.permissions import Capability
from claims.services.library_jobs import LibraryRequestError, factcheck_job_create
from claims.tasks import run_factcheck_import
from claims.views.base import page_context, workbench_view

FORMAT_NAMES = {
    "claimreview": "ClaimReview JSON-LD (a file, or a page that embeds it)",
    "clef": "CLEF CheckThat! verified claims (TSV)",
    "liar": "LIAR (TSV)",
}

editors = workbench_view(Capability.APPROVE)


class LibraryImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        help_text="A ClaimReview JSON-LD file, a CLEF verified-claims TSV or a LIAR TSV.",
    )
    url = forms.CharField(
        required=False,
        max_length=2000,
        label="Or a page",
        help_text="The http(s) address of a fact-check page that embeds ClaimReview.",
        widget=forms.URLInput(attrs={"size": 80}),
    )
    format = forms.ChoiceField(
        required=False,
        choices=[("", "Detect from the content"), *((f, FORMAT_NAMES[f]) for f in FORMATS)],
    )

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("file") and not (data.get("url") or "").strip():
            raise forms.ValidationError("Choose a file or give the address of a page.")
        if data.get("file") and (data.get("url") or "").strip():
            raise forms.ValidationError("Give either a file or a page, not both.")
        return data


@editors
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = factcheck_job_create(
                data=upload.read() if upload else None,
                name=upload.name if upload else "",
                url=form.cleaned_data["url"] or "",
                format=form.cleaned_data["format"],
                requested_by=request.user,
            )
        except LibraryRequestError as exc:
            form.add_error(None, str(exc))
        else:
            run_factcheck_import.delay_on_commit(job.pk)
            return redirect("claims:library_job", job_id=job.pk)
    jobs = FactCheckImportJob.objects.select_related("requested_by").order_by("-pk")[:10]
    return render(
        request,
        "claims/library.html",
        page_context(request, title="Verdict library: add fact-checks", form=form, jobs=jobs),
    )


@editors
def library_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(FactCheckImportJob.objects.select_related("requested_by"), pk=job_id)
    return render(
        request,
        "claims/library_job.html",
        page_context(request, title=f"Fact-check import #{job.pk}", job=job),
    )
