"""The REST API under /api/ (included by factcheck/urls.py)."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from claims.api.views.articles import ArticleViewSet, ConsistencyCheckViewSet
from claims.api.views.claims import ClaimViewSet
from claims.api.views.extract import ExtractView
from claims.api.views.facts import FactViewSet
from claims.api.views.jobs import ExportJobViewSet, ImportJobViewSet
from claims.api.views.matching import ClaimMatchesViewSet
from claims.api.views.review import (
    CommentViewSet,
    EvidenceViewSet,
    RatingScaleViewSet,
    RatingViewSet,
    SourceViewSet,
)

app_name = "api"

router = SimpleRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register("claims", ClaimViewSet, basename="claim")
router.register("facts", FactViewSet, basename="fact")
router.register("sources", SourceViewSet, basename="source")
router.register("evidence", EvidenceViewSet, basename="evidence")
router.register("comments", CommentViewSet, basename="comment")
router.register("rating-scales", RatingScaleViewSet, basename="rating-scale")
router.register("ratings", RatingViewSet, basename="rating")
router.register("consistency-checks", ConsistencyCheckViewSet, basename="consistency-check")
router.register("import-jobs", ImportJobViewSet, basename="import-job")
router.register("export-jobs", ExportJobViewSet, basename="export-job")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("extract/", ExtractView.as_view(), name="extract"),
    path(
        "claims/<str:pk>/matches/",
        ClaimMatchesViewSet.as_view({"get": "retrieve"}),
        name="claim-matches",
    ),
    *router.urls,
]
