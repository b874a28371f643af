"""Sources, evidence, comments, rating scales and ratings.

Writes go through services.reviews (the UI's own): evidence and comments only on claims
a reviewer may still change, sources found again by their URL.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors_api
from claims.api import schema
from claims.api.inputs import (
    CommentFilterInput,
    CommentInput,
    EvidenceFilterInput,
    EvidenceInput,
    RatingFilterInput,
    SourceFilterInput,
    SourceInput,
)
from claims.api.pagination import PagePagination
from claims.api.serializers import (
    CommentSerializer,
    EvidenceSerializer,
    RatingScaleSerializer,
    RatingSerializer,
    SourceSerializer,
)
from claims.api.views.base import ApiViewSet, body, path_id, query, reference
from claims.models import Claim, Comment, Evidence, Rating, RatingScale, Source
from claims.permissions import Capability
from claims.services import reviews
from claims.tasks import snapshot_after_commit


class _ListViewSet(ApiViewSet):
    pagination_class = PagePagination
    required_capabilities = {"create": Capability.REVIEW}

    def _page(self, request: Request, queryset, serializer_class) -> Response:
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response(serializer_class(page, many=True).data)


def _existing_claim(claim_id: int) -> int:
    # Checked here so an unknown id is a 404 naming the field, not an integrity error.
    return reference(
        Claim.objects.only("pk"), claim_id, field="claim", message="No claim has this id."
    ).pk


@extend_schema_view(
    list=schema.sources_list, retrieve=schema.sources_retrieve, create=schema.sources_create
)
class SourceViewSet(_ListViewSet):
    queryset = Source.objects.none()  # for the schema: the type of the path id

    def list(self, request: Request) -> Response:
        params = query(SourceFilterInput, request).validated_data
        return self._page(
            request, selectors_api.source_list(q=params.get("q", "")), SourceSerializer
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(SourceSerializer(Source.objects.get(pk=path_id(pk))).data)

    def create(self, request: Request) -> Response:
        data = body(SourceInput, request).validated_data
        source = reviews.source_find_or_create(
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            published=data.get("published"),
        )
        return Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=schema.evidence_list, retrieve=schema.evidence_retrieve, create=schema.evidence_create
)
class EvidenceViewSet(_ListViewSet):
    queryset = Evidence.objects.none()  # for the schema: the type of the path id

    def list(self, request: Request) -> Response:
        params = query(EvidenceFilterInput, request).validated_data
        evidence = selectors_api.evidence_list(
            claim_id=params.get("claim"),
            source_id=params.get("source"),
            fact_id=params.get("fact"),
        )
        return self._page(request, evidence, EvidenceSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(EvidenceSerializer(selectors_api.evidence_list().get(pk=path_id(pk))).data)

    def create(self, request: Request) -> Response:
        data = body(EvidenceInput, request).validated_data
        claim_id = _existing_claim(data["claim"])
        source = None
        if data.get("source") is not None:
            source = reference(
                Source.objects.all(),
                data["source"],
                field="source",
                message="No source has this id.",
            )
        evidence = reviews.evidence_add(
            claim_id=claim_id,
            by=request.user,
            stance=data["stance"],
            source=source,
            url=data.get("url", ""),
            title=data.get("title", ""),
            publisher=data.get("publisher", ""),
            published=data.get("published"),
            quote=data.get("quote", ""),
            note=data.get("note", ""),
        )
        snapshot_after_commit(evidence.source_id)
        evidence = selectors_api.evidence_list().get(pk=evidence.pk)
        return Response(EvidenceSerializer(evidence).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=schema.comments_list, retrieve=schema.comments_retrieve, create=schema.comments_create
)
class CommentViewSet(_ListViewSet):
    queryset = Comment.objects.none()  # for the schema: the type of the path id

    def list(self, request: Request) -> Response:
        params = query(CommentFilterInput, request).validated_data
        comments = selectors_api.comment_list(
            claim_id=params.get("claim"), fact_id=params.get("fact")
        )
        return self._page(request, comments, CommentSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(CommentSerializer(selectors_api.comment_list().get(pk=path_id(pk))).data)

    def create(self, request: Request) -> Response:
        data = body(CommentInput, request).validated_data
        comment = reviews.comment_add(
            claim_id=_existing_claim(data["claim"]), by=request.user, text=data["text"]
        )
        return Response(CommentSerializer(comment).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=schema.scales_list, retrieve=schema.scales_retrieve)
class RatingScaleViewSet(_ListViewSet):
    queryset = RatingScale.objects.none()  # for the schema: the type of the path id

    def list(self, request: Request) -> Response:
        return self._page(request, selectors_api.rating_scale_list(), RatingScaleSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        scale = selectors_api.rating_scale_list().get(pk=path_id(pk))
        return Response(RatingScaleSerializer(scale).data)


@extend_schema_view(list=schema.ratings_list, retrieve=schema.ratings_retrieve)
class RatingViewSet(_ListViewSet):
    queryset = Rating.objects.none()  # for the schema: the type of the path id

    def list(self, request: Request) -> Response:
        active = query(RatingFilterInput, request).validated_data.get("active")
        return self._page(request, selectors_api.rating_list(active=active), RatingSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(RatingSerializer(selectors_api.rating_list().get(pk=path_id(pk))).data)
