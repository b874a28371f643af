"""Reads for the public fact-check pages (claims/views/public.py). Nothing here writes.

What is public: a claim whose status is `published`, on an article that is not a
superseded revision (the same claims the ClaimReview export lists). A claim that was
published once and no longer is (unpublished, or deleted) is *withdrawn*: its page answers
410 Gone, so search engines drop it; a claim never published is simply not found (404).
"Was published once" is read from the claim's history, which every status change writes
(services.reviews), and which outlives the claim row itself.

A published claim left `orphaned` on a superseded revision (not found in the newer text)
keeps its page, without embedded ClaimReview and outside the sitemap, as the export
leaves it out too; the old article's page redirects to the current revision's.

Names on the public pages: a person's full name when the account has one, else their
username; the desk sets names in the admin (Users), nothing else is shown about them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet, Subquery

from claims import exporters
from claims.exporters import claimreview
from claims.models import Article, Claim, ClaimStatus, Evidence, Fact
from claims.selectors_export import ExportFilters, export_rows

S = ClaimStatus
# Characters of article text shown on each side of a claim, at most (then cut at a word).
CONTEXT_CHARS = 700
# Revisions followed from an old article page to the current one before giving up.
MAX_REVISION_HOPS = 50

HistoricalClaim = Claim.history.model


class NotPublic(Exception):
    """Never published: the page does not exist (404)."""


class Withdrawn(Exception):
    """Published once, not any more: the page is gone (410)."""


@dataclass(frozen=True)
class Context:
    """The claim inside the text around it (its paragraph, at most CONTEXT_CHARS a side)."""

    before: str
    claim: str
    after: str
    cut_before: bool
    cut_after: bool


@dataclass(frozen=True)
class PublicClaim:
    claim: Claim  # with article, verdict, verdict_by, approved_by
    context: Context
    evidence: list[Evidence]  # the claim's own (not its facts'), with source
    # Its published facts, in reading order, each with verdict and `public_evidence`
    # (with source): the ClaimReview of each points at its anchor here (#fact-<id>).
    facts: list[Fact]
    reviewer: str
    approver: str
    submitted_at: dt.datetime | None
    approved_at: dt.datetime | None
    published_at: dt.datetime | None
    # The ClaimReview JSON-LD (exporters.claimreview, the export's own code), escaped for a
    # <script> element; "" when the export would not list the claim (an orphan left on a
    # superseded revision).
    claimreview_json: str


@dataclass(frozen=True)
class PublicArticle:
    article: Article
    claims: list[Claim]  # published, in reading order, with verdict


def public_name(user: AbstractBaseUser | None) -> str:
    if user is None:
        return ""
    full = (getattr(user, "get_full_name", lambda: "")() or "").strip()
    return full or user.get_username()


def _published() -> dict[str, object]:
    return {"status": S.PUBLISHED, "article__superseded": False}


def was_published(*, claim_id: int) -> bool:
    return HistoricalClaim.objects.filter(id=claim_id, status=S.PUBLISHED).exists()


def public_claim(*, claim_id: int) -> PublicClaim:
    """The published claim's page data; NotPublic or Withdrawn otherwise."""
    claim = (
        Claim.objects.select_related("article", "verdict", "verdict_by", "approved_by")
        .filter(pk=claim_id, status=S.PUBLISHED)
        .first()
    )
    if claim is None:
        raise Withdrawn() if was_published(claim_id=claim_id) else NotPublic()
    entered = _status_times(claim_id)
    evidence = list(
        Evidence.objects.filter(claim_id=claim_id, fact__isnull=True)
        .select_related("source")
        .order_by("pk")
    )
    facts = list(
        Fact.objects.filter(claim_id=claim_id, status=S.PUBLISHED, orphaned=False)
        .select_related("verdict")
        .prefetch_related(
            Prefetch(
                "evidence",
                queryset=Evidence.objects.select_related("source").order_by("pk"),
                to_attr="public_evidence",
            )
        )
        .order_by("position", "pk")
    )
    return PublicClaim(
        claim=claim,
        context=claim_context(claim.article.text, claim.start, claim.end),
        evidence=evidence,
        facts=facts,
        reviewer=public_name(claim.verdict_by),
        approver=public_name(claim.approved_by),
        submitted_at=entered.get(S.AWAITING_APPROVAL),
        approved_at=entered.get(S.APPROVED),
        published_at=entered.get(S.PUBLISHED),
        claimreview_json=claimreview_json(claim_id=claim_id),
    )


def _status_times(claim_id: int) -> dict[str, dt.datetime]:
    """When the claim last entered each status (its history, oldest first)."""
    entered: dict[str, dt.datetime] = {}
    previous = None
    records = (
        HistoricalClaim.objects.filter(id=claim_id)
        .order_by("history_date", "history_id")
        .values_list("history_date", "status")
    )
    for when, status in records.iterator():
        if status != previous:
            entered[status] = when
            previous = status
    return entered


def claim_context(text: str, start: int, end: int, limit: int = CONTEXT_CHARS) -> Context:
    """The claim's paragraph (blank-line separated), cut at a word past `limit` a side."""
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    cut_before = start - para_start > limit
    if cut_before:
        space = text.find(" ", start - limit, start)
        para_start = start - limit if space < 0 else space + 1
    cut_after = para_end - end > limit
    if cut_after:
        space = text.rfind(" ", end, end + limit)
        para_end = end + limit if space < 0 else space
    return Context(
        before=text[para_start:start],
        claim=text[start:end],
        after=text[end:para_end],
        cut_before=cut_before,
        cut_after=cut_after,
    )


def claimreview_json(*, claim_id: int) -> str:
    """The claim's ClaimReview exactly as the ClaimReview export writes it (same rows from
    selectors_export, same context from services.exports, same exporter), as JSON-LD text
    safe to embed in a <script type="application/ld+json"> element."""
    from claims.services.exports import export_context

    filters = ExportFilters(claim_ids=(claim_id,))
    exporter = exporters.get("claimreview")
    context = export_context(filters=filters, exporter=exporter)
    # The filters describe the export's selection (report headers); a page has none.
    context = replace(context, filters={})
    # Inside a transaction export_rows reads on this request's connection; outside one,
    # on PostgreSQL, it would open a connection of its own (an export's snapshot), one
    # per page view.
    with transaction.atomic():
        rows = list(export_rows(filters, fields=exporter.fields, limit=1))
    return claimreview.embedded_json(rows[0], context) if rows else ""


def public_article(*, article_id: int) -> PublicArticle | int:
    """The article's published claims; or the id of its current revision when this one was
    superseded (the page redirects there); NotPublic or Withdrawn when it has none."""
    article = Article.objects.filter(pk=article_id).defer("text").first()
    if article is not None and article.superseded:
        current = current_revision(article_id=article_id)
        if current is not None and current != article_id:
            return current
    if article is not None:
        claims = list(
            Claim.objects.filter(article_id=article_id, status=S.PUBLISHED)
            .select_related("verdict")
            .order_by("position", "pk")
        )
        if claims:
            return PublicArticle(article=article, claims=claims)
    if HistoricalClaim.objects.filter(article_id=article_id, status=S.PUBLISHED).exists():
        raise Withdrawn()
    raise NotPublic()


def current_revision(*, article_id: int) -> int | None:
    current = article_id
    for _ in range(MAX_REVISION_HOPS):
        newer = Article.objects.filter(revision_of_id=current).values_list("pk", flat=True).first()
        if newer is None:
            return current
        current = newer
    return None


# --- the sitemap ----------------------------------------------------------------------


def published_claims_query() -> QuerySet:
    """(id, last change) of every public claim page, in id order."""
    return (
        Claim.objects.filter(**_published())
        .annotate(updated=F("updated_at"))
        .order_by("pk")
        .values_list("pk", "updated")
    )


def published_articles_query() -> QuerySet:
    """(id, last change) of current articles with at least one published claim, id order.

    The page lists the published claims, so it changed when the latest of them did."""
    published = Claim.objects.filter(article=OuterRef("pk"), status=S.PUBLISHED)
    latest = published.order_by("-updated_at").values("updated_at")[:1]
    return (
        Article.objects.filter(Exists(published), superseded=False)
        .annotate(updated=Subquery(latest))
        .order_by("pk")
        .values_list("pk", "updated")
    )
