"""Counts of claims that never count a million rows. Nothing here writes.

Decided per screen:
- Queue status tabs, unfiltered or filtered only by status, verdict and a minimum score
  that is a multiple of 0.1 (the default 0.5, "all scores" 0): exact, summed from
  claims_claimtally (a few hundred rows kept by the database's triggers, models.ClaimTally).
- Queue status tabs under any other filter (kind, search, assignee, outlet, dates,
  article, matches, another minimum score): the statuses of the first CAP + 1 matching
  claims are counted; up to CAP matches the tabs are exact, past it each shows a lower
  bound ("1,000+"; "0+" for a status none of those had). Exactness there does not matter
  (the tab says "many"), and it costs at most CAP + 1 rows, never a scan of the table.
  `StatusCounts.sparse` (fewer than CAP matches) also tells the queue to sort the few
  matches rather than walk the score index for them (selectors_review.claim_queue).
- Dashboard: exact, from the tally (status totals, verdict distribution).
- Article list: the claims of the articles on the page only (selectors_api, views).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connection
from django.db.models import OuterRef, QuerySet, Subquery, Sum

from claims.models import Claim, ClaimStatus, ClaimTally, Rating

if TYPE_CHECKING:
    from claims.selectors_review import QueueFilters

CAP = 1000


@dataclass
class StatusCounts:
    counts: dict[str, int]
    capped: set[str] = field(default_factory=set)  # tabs that are lower bounds
    counted: bool = False  # from the claims (a capped count), not from the tally

    @property
    def sparse(self) -> bool:
        """Counted, not tallied, and fewer than CAP: the matches are few."""
        return self.counted and not self.capped

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def shown(self, status: str) -> str:
        n = self.counts.get(status, 0)
        return f"{n:,}+" if status in self.capped else f"{n:,}"

    @property
    def total_shown(self) -> str:
        return f"{self.total:,}+" if self.capped else f"{self.total:,}"


def bucket_of(min_score: float | None) -> int | None:
    """The score bucket (floor(score * 10)) that answers `score >= min_score` exactly,
    or None when min_score is not a multiple of 0.1 in 0..1."""
    if min_score is None or min_score <= 0:
        return 0
    tenths = min_score * 10
    if abs(tenths - round(tenths)) > 1e-9 or tenths > 10:
        return None
    return round(tenths)


def tally(*, min_bucket: int = 0, verdict: str = "") -> dict[tuple[str, int], int]:
    """{(status, verdict id or 0): claims} with a score bucket of at least `min_bucket`."""
    rows = ClaimTally.objects.filter(score_bucket__gte=min_bucket, n__gt=0)
    if verdict == "none":
        rows = rows.filter(verdict_id=0)
    elif verdict.isdigit():
        rows = rows.filter(verdict_id=int(verdict))
    found = rows.values_list("status", "verdict_id").annotate(total=Sum("n")).order_by()
    return {(status, verdict_id): total for status, verdict_id, total in found}


def tally_with_rating_names() -> list[tuple[str, int, str | None, int]]:
    """(status, verdict id or 0, the rating's name, claims) for the dashboard, one query."""
    name = Rating.objects.filter(pk=OuterRef("verdict_id")).values("name")[:1]
    rows = (
        ClaimTally.objects.filter(n__gt=0)
        .values("status", "verdict_id")
        .annotate(total=Sum("n"), name=Subquery(name))
        .order_by()
        .values_list("status", "verdict_id", "name", "total")
    )
    return list(rows)


def status_counts(
    *, filters: QueueFilters, filtered: Callable[[], QuerySet[Claim]]
) -> StatusCounts:
    counts = dict.fromkeys(ClaimStatus.values, 0)
    bucket = bucket_of(filters.min_score)
    only_tallied = (
        dataclasses.replace(filters, status="", min_score=None, verdict="", sort="worthiness")
        == type(filters)()
    )
    if bucket is not None and only_tallied:
        for (status, _), n in tally(min_bucket=bucket, verdict=filters.verdict).items():
            counts[status] = counts.get(status, 0) + n
        return StatusCounts(counts)
    return _capped(filtered(), counts)


def few(claims: QuerySet[Claim]) -> bool:
    """Fewer than CAP claims match (reads at most CAP + 1 of them)."""
    return claims.order_by().values("pk")[: CAP + 1].count() <= CAP


def _capped(claims: QuerySet[Claim], counts: dict[str, int]) -> StatusCounts:
    """The statuses of at most CAP + 1 matching claims, counted (one statement).

    Under CAP matches the counts are exact; past it every tab is a lower bound ("N+").
    Whether the filter is selective or not, this reads at most CAP + 1 rows: a rare
    search term through its index, a common one in the first rows of any scan.
    """
    sql, params = claims.order_by().values("status")[: CAP + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT capped.status, COUNT(*) FROM ({sql}) AS capped GROUP BY capped.status",  # noqa: S608 (ORM SQL)
            params,
        )
        found = dict(cursor.fetchall())
    counts.update(found)
    if sum(found.values()) > CAP:
        return StatusCounts(counts, capped=set(counts), counted=True)
    return StatusCounts(counts, counted=True)
