"""Articles (list, filter, search; detail with claims, checks and revisions) and their
consistency checks."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from claims import selectors_api
from claims.api import schema
from claims.api.inputs import ArticleFilterInput, CheckFilterInput
from claims.api.pagination import ArticleCursorPagination, PagePagination
from claims.api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    ConsistencyCheckSerializer,
)
from claims.api.views.base import ApiViewSet, path_id, query
from claims.models import Article, ConsistencyCheck


@extend_schema_view(list=schema.articles_list, retrieve=schema.articles_retrieve)
class ArticleViewSet(ApiViewSet):
    queryset = Article.objects.none()  # for the schema: the type of the path id
    pagination_class = ArticleCursorPagination

    def list(self, request: Request) -> Response:
        articles = selectors_api.article_list(filters=query(ArticleFilterInput, request).filters())
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(articles, request, view=self)
        return paginator.get_paginated_response(ArticleSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        article = selectors_api.article_detail(article_id=path_id(pk))
        revisions = selectors_api.article_revisions(article=article)
        return Response(ArticleDetailSerializer(article, context={"revisions": revisions}).data)


@extend_schema_view(list=schema.checks_list, retrieve=schema.checks_retrieve)
class ConsistencyCheckViewSet(ApiViewSet):
    queryset = ConsistencyCheck.objects.none()  # for the schema: the type of the path id
    pagination_class = PagePagination

    def list(self, request: Request) -> Response:
        params = query(CheckFilterInput, request).validated_data
        checks = selectors_api.check_list(
            article_id=params.get("article"), result=params.get("result", "")
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(checks, request, view=self)
        return paginator.get_paginated_response(ConsistencyCheckSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        check = selectors_api.check_list().get(pk=path_id(pk))
        return Response(ConsistencyCheckSerializer(check).data)


__all__ = ["ArticleViewSet", "ConsistencyCheckViewSet"]
