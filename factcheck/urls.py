from __future__ import annotations

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Factcheck workbench"
admin.site.site_title = "Factcheck workbench"
admin.site.index_title = "Claims, sources and verdicts"

# A 403 outside the admin and the API is the workbench's notice (claims/views/base.py).
handler403 = "claims.views.base.permission_denied"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="claims:dashboard", permanent=False)),
    path("admin/", admin.site.urls),
    path("api/", include("claims.api.urls")),
    path("exports/", include("claims.urls_export")),
    # Public, no login: published fact-checks and their sitemap (claims/views/public.py).
    path("factchecks/", include("claims.urls_public")),
    path("workbench/", include("claims.urls")),
]
