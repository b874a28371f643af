"""The site's URLs plus one workbench page that raises PermissionDenied, for the tests of
handler403 (tests/test_trust_details.py): no view of the site raises it today, as the
workbench's own check (claims.views.base.workbench_view) answers with the notice itself."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from factcheck.urls import handler403  # noqa: F401 (this URLconf's 403 is the site's)
from factcheck.urls import urlpatterns as site_urlpatterns


def refuses(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied("Only the night editor may open this page.")


urlpatterns = [
    path("workbench/refuses/", include(([path("", refuses, name="refuses")], "claims-test"))),
    *site_urlpatterns,
]
