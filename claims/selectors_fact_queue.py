"""Reads for the queue's list of facts (the "Facts" side of its Claims | Facts toggle).
Nothing here writes.

Like the claims list, it stays fast whatever the number of facts:

- pages by key (claims.keyset), never by OFFSET: each order below ends in the unique id
  and is read from an index (Fact.Meta.indexes; the flags' partial indexes come from
  migration 0013), so a deep page costs what the first one costs;
- the status tabs never count every fact: each status counts at most CAP + 1 matching
  facts, all in one statement (`fact_status_counts`); past CAP a tab says "1,000+".
  When the matches are few, the page sorts them instead of walking an index for them
  (`sparse`, as the claims list does: selectors_review.UNINDEXED).

Filters: the fact's kind, its state (status, verdict, stale or orphaned flag, a figure
another outlet gives otherwise, its claim already checked: selectors_matching), who it is
assigned to, and its claim's article (or the claim itself). There is no text search over
facts: their claims' search is the claims list's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection
from django.db.models import ExpressionWrapper, F, IntegerField, QuerySet

from claims import selectors_matching
from claims.models import ClaimStatus, Fact, FactKind
from claims.selectors_api import text_head
from claims.selectors_counts import CAP, StatusCounts

# Each order ends in the unique id; "newest" is the newest import first (fact ids grow
# with imports), "claim" reads the facts claim by claim in their order in the claim
# (the fact_claim_position index).
FACT_SORTS: dict[str, tuple[str, ...]] = {
    "newest": ("-id",),
    "oldest": ("id",),
    "claim": ("claim_id", "position", "id"),
}
FACT_SORT_LABELS = {
    "newest": "newest first",
    "oldest": "oldest first",
    "claim": "claim by claim",
}
FACT_JUMP_LABELS = {
    "newest": "fact id at most",
    "oldest": "fact id at least",
    "claim": "claim id at least",
}
# The state a fact's verdict is in after a new revision of its article (services.revisions).
FACT_FLAGS = {
    "stale": "stale verdict (its words changed)",
    "orphaned": "orphaned (not in the newer revision)",
    "differ": "figure differs across outlets",
    "checked": "already checked (its claim)",
}
# The same numbers through an expression no index has (see the module docstring).
UNINDEXED = {
    "id": ("id_unindexed", ExpressionWrapper(F("id") + 0, IntegerField())),
    "claim_id": ("claim_unindexed", ExpressionWrapper(F("claim_id") + 0, IntegerField())),
}


@dataclass(frozen=True)
class FactQueueFilters:
    status: str = ""
    kind: str = ""  # a FactKind value
    verdict: str = ""  # a rating id or "none"
    flag: str = ""  # a key of FACT_FLAGS
    assignee: str = ""  # "me", "none" or a user id
    article: int | None = None
    claim: int | None = None
    sort: str = "newest"


def fact_sort(filters: FactQueueFilters) -> str:
    return filters.sort if filters.sort in FACT_SORTS else "newest"


def fact_order(filters: FactQueueFilters, *, sparse: bool = False) -> tuple[str, ...]:
    order = FACT_SORTS[fact_sort(filters)]
    first = order[0].lstrip("-")
    if sparse and first in UNINDEXED:
        return (order[0].replace(first, UNINDEXED[first][0]), *order[1:])
    return order


def _filtered(filters: FactQueueFilters, user: AbstractBaseUser) -> QuerySet[Fact]:
    """The one place the fact list's filters (all but the status) become a query."""
    facts = Fact.objects.all()
    if filters.kind in FactKind.values:
        facts = facts.filter(kind=filters.kind)
    if filters.verdict == "none":
        facts = facts.filter(verdict__isnull=True)
    elif filters.verdict.isdigit():
        facts = facts.filter(verdict_id=int(filters.verdict))
    if filters.flag == "stale":
        facts = facts.filter(stale_verdict=True)
    elif filters.flag == "orphaned":
        facts = facts.filter(orphaned=True)
    elif filters.flag in ("differ", "checked"):
        facts = selectors_matching.filter_facts(facts, filters.flag)
    if filters.assignee == "me":
        facts = facts.filter(assignee_id=user.pk)
    elif filters.assignee == "none":
        facts = facts.filter(assignee__isnull=True)
    elif filters.assignee.isdigit():
        facts = facts.filter(assignee_id=int(filters.assignee))
    if filters.claim:
        facts = facts.filter(claim_id=filters.claim)
    if filters.article:
        facts = facts.filter(claim__article_id=filters.article)
    return facts


def fact_queue(
    *, filters: FactQueueFilters, user: AbstractBaseUser, sparse: bool = False
) -> QuerySet[Fact]:
    """The filtered facts in the list's order, with their claim, article, verdict and
    assignee joined (one query a page). Neither the article's text nor the claim's
    structured data is read; an untitled article is named from the first characters of
    its text (`article_head`, with_article_heads)."""
    facts = _filtered(filters, user)
    if filters.status in ClaimStatus.values:
        facts = facts.filter(status=filters.status)
    if sparse:
        facts = facts.annotate(**dict(UNINDEXED.values()))
    return (
        facts.select_related("claim__article", "verdict", "assignee")
        .defer(
            "fields",
            "claim__article__text",
            "claim__quantities",
            "claim__attributions",
            "claim__dates",
            "claim__comparisons",
            "claim__enumerations",
            "claim__quote_prefix",
            "claim__quote_suffix",
        )
        .annotate(article_head=text_head("claim__article__title", "claim__article__text"))
        .order_by(*fact_order(filters, sparse=sparse))
    )


def with_article_heads(facts: list[Fact]) -> list[Fact]:
    """Hand each fact's `article_head` to its article, for Article.display_name."""
    for fact in facts:
        fact.claim.article.text_head = getattr(fact, "article_head", "")  # type: ignore[attr-defined]
    return facts


@dataclass
class FactCounts(StatusCounts):
    """Facts per status, each exact up to CAP and "CAP+" past it."""

    def matches(self, status: str = "") -> int:
        return self.counts.get(status, 0) if status else self.total

    def few(self, status: str = "") -> bool:
        """The facts the page lists are known to number at most CAP."""
        if status:
            return status not in self.capped
        return not self.capped and self.total <= CAP


def fact_status_counts(*, filters: FactQueueFilters, user: AbstractBaseUser) -> FactCounts:
    """Facts per status under every filter but the status one, in one statement.

    Each status counts its first CAP + 1 matches only (through the status index, or the
    kind's, the flag's, the verdict's, ...): never a count over every fact."""
    base = _filtered(dataclasses.replace(filters, status=""), user).order_by()
    parts, params = [], []
    for i, status in enumerate(ClaimStatus.values):
        sql, found = base.filter(status=status).values("pk")[: CAP + 1].query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped_{i})")  # noqa: S608 (ORM SQL)
        params.extend(found)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    counts, capped = {}, set()
    for status, n in zip(ClaimStatus.values, row, strict=True):
        if n > CAP:
            counts[status], capped = CAP, capped | {status}
        else:
            counts[status] = n
    return FactCounts(counts, capped=capped, counted=True)
