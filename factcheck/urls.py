from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Factcheck workbench"
admin.site.site_title = "Factcheck workbench"
admin.site.index_title = "Claims, sources and verdicts"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claims:dashboard", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("exports/", include("claims.urls_export")),
    path("workbench/", include("claims.urls")),
]
