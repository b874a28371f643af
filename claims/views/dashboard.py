"""The dashboard: claim counts, the verdict chart, and the import and export jobs.

Export jobs (their status, message and file) are listed only to those who may open the
export pages (`views_export.is_editor`); everyone else would get 404 there. Editors see
the running exports and the latest finished ones, with their download links while the
files last (they no longer vanish when they finish).
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from claims import selectors_review
from claims.selectors_export_jobs import recent_exports
from claims.views.base import page_context, workbench_view
from claims.views.exports import export_row
from claims.views_export import is_editor


@workbench_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors_review.dashboard()
    now = timezone.now()
    export_rows = (
        [export_row(job, now=now) for job in recent_exports()] if is_editor(request.user) else []
    )
    return render(
        request,
        "claims/dashboard.html",
        page_context(request, title="Dashboard", data=data, export_rows=export_rows),
    )
