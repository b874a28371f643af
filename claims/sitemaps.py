"""The sitemap of the public fact-check pages (django.contrib.sitemaps).

/sitemap.xml is an index of two sections, the published claims' pages and the article
pages listing them, each in pages of `limit` entries. Every address is built from
FACTCHECK_SITE_URL, like the ClaimReview `url`s, never from the request's Host.

Scale: a section page is an id-ordered slice of an indexed query (OFFSET within one
section page of at most 50,000 rows a crawler asks for now and then), and the index's
"last modified" is one MAX() per section, not a scan in Python.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import get_script_prefix, reverse

from claims import selectors_public


def site_path(viewname: str, *args: Any, **kwargs: Any) -> str:
    """The path of a public page below FACTCHECK_SITE_URL: reverse() without the script
    prefix a request may carry (FACTCHECK_SITE_URL already names where the site lives,
    and a worker writing an export has no request), as services.exports.FACTCHECK_PATH."""
    path = reverse(viewname, args=args or None, kwargs=kwargs or None)
    prefix = get_script_prefix()
    if prefix != "/" and path.startswith(prefix):
        path = "/" + path[len(prefix) :]
    return path


def public_url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """The public address of a page (FACTCHECK_SITE_URL + its path), as in ClaimReview."""
    return settings.FACTCHECK_SITE_URL.rstrip("/") + site_path(viewname, *args, **kwargs)


class PublicSitemap(Sitemap):
    limit = 10_000

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.FACTCHECK_SITE_URL).scheme

    def get_domain(self, site: Any = None) -> str:
        # Host plus any path prefix the public site lives under: `_urls` writes
        # "{protocol}://{domain}{location}".
        parts = urlsplit(settings.FACTCHECK_SITE_URL)
        return parts.netloc + parts.path.rstrip("/")

    def lastmod(self, item: tuple[int, dt.datetime]) -> dt.datetime:
        return item[1]

    def get_latest_lastmod(self) -> dt.datetime | None:
        query: QuerySet = self.items()
        return query.order_by().aggregate(latest=Max("updated"))["latest"]


class ClaimSitemap(PublicSitemap):
    def items(self) -> QuerySet:
        return selectors_public.published_claims_query()

    def location(self, item: tuple[int, dt.datetime]) -> str:
        return site_path("public:claim", item[0])


class ArticleSitemap(PublicSitemap):
    def items(self) -> QuerySet:
        return selectors_public.published_articles_query()

    def location(self, item: tuple[int, dt.datetime]) -> str:
        return site_path("public:article", item[0])


SITEMAPS = {"factchecks": ClaimSitemap, "articles": ArticleSitemap}
