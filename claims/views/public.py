"""The public, read-only fact-check pages: no login, GET and HEAD only, no writes.

- /factchecks/<claim id>/: one published claim in its context, its verdict, rationale,
  sources, who checked and approved it, and its ClaimReview as embedded JSON-LD (the
  ClaimReview export's `url` is this page). Keyed by the claim id, which stays when a new
  revision of the article re-anchors the claim (it moves to another article row).
- /factchecks/articles/<article id>/: the article's published claims with their verdicts;
  an older revision's address redirects (301) to the current revision's page.
- /factchecks/sitemap.xml: an index of the sitemaps of both kinds of page
  (claims/sitemaps.py); a sitemap may list the pages under its own folder only.

Every absolute address (canonical link, embedded ClaimReview, sitemap) is FACTCHECK_SITE_URL
plus the page's path, never the request's Host.

A page whose claims were published and then withdrawn (unpublished, or deleted) answers
410 Gone; one never published answers 404, as any unknown address (selectors_public).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from claims import selectors_public as public
from claims.display import shorten
from claims.sitemaps import SITEMAPS, public_url


def _page(
    request: HttpRequest, template: str, status: int = 200, **context: object
) -> HttpResponse:
    return render(
        request,
        template,
        {"desk_name": settings.FACTCHECK_DESK_NAME, "desk_url": settings.FACTCHECK_DESK_URL}
        | context,
        status=status,
    )


def _gone(request: HttpRequest, heading: str) -> HttpResponse:
    return _page(request, "public/gone.html", status=410, heading=heading, title="Withdrawn")


@require_safe
def claim_page(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        page = public.public_claim(claim_id=claim_id)
    except public.NotPublic:
        raise Http404("No published fact-check has this address.") from None
    except public.Withdrawn:
        return _gone(request, "This fact-check was withdrawn")
    article = page.claim.article
    return _page(
        request,
        "public/claim.html",
        page=page,
        claim=page.claim,
        article=article,
        canonical=public_url("public:claim", claim_id),
        article_page=reverse("public:article", args=[article.pk]),
        title=shorten(
            f"{page.claim.verdict.name if page.claim.verdict else 'Fact-check'}: "
            f"“{page.claim.text}”",
            90,
        ),
    )


@require_safe
def article_page(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        found = public.public_article(article_id=article_id)
    except public.NotPublic:
        raise Http404("No published fact-check has this address.") from None
    except public.Withdrawn:
        return _gone(request, "The fact-checks of this article were withdrawn")
    if isinstance(found, int):
        return redirect("public:article", found, permanent=True)
    return _page(
        request,
        "public/article.html",
        article=found.article,
        claims=found.claims,
        canonical=public_url("public:article", article_id),
        title=f"Fact-checks: {found.article.display_name}",
    )


@require_safe
@x_robots_tag
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Like django.contrib.sitemaps.views.index, with addresses from FACTCHECK_SITE_URL
    (that view takes them from the request's Host)."""
    items = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = public_url("public:sitemap_section", section=section)
        latest = sitemap.get_latest_lastmod()
        items.append(SitemapIndexItem(location, latest))
        for number in range(2, sitemap.paginator.num_pages + 1):
            items.append(SitemapIndexItem(f"{location}?p={number}", latest))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )
