from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from claims import selectors_review
from claims.views.base import page_context, workbench_view


@workbench_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    data = selectors_review.dashboard()
    return render(
        request, "claims/dashboard.html", page_context(request, title="Dashboard", data=data)
    )
