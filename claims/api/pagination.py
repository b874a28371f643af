"""Bounded pages for every list.

Claims and articles are the large tables: cursor pagination keeps a deep page as cheap
as the first (a WHERE on the ordering column instead of an OFFSET) and stays stable
while imports add rows. The smaller lists use page numbers. Either way `page_size` is
capped at MAX_PAGE_SIZE (a larger one gives MAX_PAGE_SIZE).

A malformed `page_size` or `page` is a 400, as the schema declares, not quietly
replaced by the default (DRF's behaviour); a page past the end is a 404.
"""

from __future__ import annotations

from typing import Any

from rest_framework import exceptions
from rest_framework.pagination import CursorPagination, PageNumberPagination
from rest_framework.request import Request

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _positive_int(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise exceptions.ValidationError({name: ["A whole number from 1 up is required."]})
    return int(raw)


class _StrictPageSize:
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request: Request) -> int:
        size = _positive_int(request, self.page_size_query_param)
        return self.page_size if size is None else min(size, self.max_page_size)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)  # type: ignore[misc]
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page (default {self.page_size}); more than "
                    f"{self.max_page_size} gives {self.max_page_size}."
                )
        return parameters


class PagePagination(_StrictPageSize, PageNumberPagination):
    last_page_strings = ()  # `?page=last` is not a number; the schema says integer

    def get_page_number(self, request: Request, paginator: Any) -> int:
        return _positive_int(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
        return parameters


class ClaimCursorPagination(_StrictPageSize, CursorPagination):
    # The id is unique and never changes: the cursor cannot skip or repeat a claim.
    ordering = ("id",)


class FewClaimsCursorPagination(ClaimCursorPagination):
    """The same pages for a search with few matches: ordered by an expression of the id
    that no index has (selectors_search.UNINDEXED_ID), so that PostgreSQL sorts the few
    matches instead of walking the primary key for them. The cursor holds the same id,
    so a cursor from either class works with the other."""

    ordering = ("id_unindexed",)


class ArticleCursorPagination(ClaimCursorPagination):
    ordering = ("-id",)  # newest import first
