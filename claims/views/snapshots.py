"""An archived copy of a source (services.snapshots), as escaped text: never the page's markup."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from claims.models import Snapshot
from claims.permissions import Capability
from claims.views.base import page_context, workbench_view


@workbench_view(Capability.REVIEW)
def snapshot(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    found = Snapshot.objects.filter(pk=snapshot_id).first()
    if found is None:
        raise Http404("No such archived copy.")
    return render(
        request,
        "claims/snapshot.html",
        page_context(request, title="Archived copy", snapshot=found),
    )
