"""The public fact-check pages; included by factcheck/urls.py under "factchecks/".

services.exports.FACTCHECK_PATH (the ClaimReview `url`) names the claim page's path;
tests/test_public_pages.py checks the two agree.
"""

from __future__ import annotations

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path
from django.views.decorators.http import require_safe

from claims.sitemaps import SITEMAPS
from claims.views import public

app_name = "public"

urlpatterns = [
    path("<int:claim_id>/", public.claim_page, name="claim"),
    path("articles/<int:article_id>/", public.article_page, name="article"),
    path("sitemap.xml", public.sitemap_index, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        require_safe(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
