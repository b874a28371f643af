"""The dashboard: claim counts, the verdict chart, and the import and export jobs.

Export jobs (their status and message) are listed only to those who may open the export
pages (`views_export.is_editor`); everyone else would get 404 there.
"""

from __future__ import annotations

import dataclasses

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims import selectors_review
from claims.views.base import page_context, workbench_view
from claims.views_export import is_editor


@workbench_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors_review.dashboard()
    if not is_editor(request.user):
        data = dataclasses.replace(data, export_jobs=[])
    return render(
        request, "claims/dashboard.html", page_context(request, title="Dashboard", data=data)
    )
