"""Bounded pages for every list.

Claims and articles are the large tables: cursor pagination keeps a deep page as cheap
as the first (a WHERE on the ordering column instead of an OFFSET) and stays stable
while imports add rows. The smaller lists use page numbers. Either way `page_size` is
capped at MAX_PAGE_SIZE.
"""

from __future__ import annotations

from rest_framework.pagination import CursorPagination, PageNumberPagination

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


class PagePagination(PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ClaimCursorPagination(CursorPagination):
    # The id is unique and never changes: the cursor cannot skip or repeat a claim.
    ordering = ("id",)
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE


class ArticleCursorPagination(ClaimCursorPagination):
    ordering = ("-id",)  # newest import first
