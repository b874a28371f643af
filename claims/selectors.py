"""Reads shared by the admin, the API, commands and exporters. Nothing here writes."""

from __future__ import annotations

from collections.abc import Iterator

from claims.models import Claim, ClaimStatus

# A claim a reviewer took up is "kept"; one dismissed as not check-worthy is not.
KEPT_STATUSES = (
    ClaimStatus.IN_REVIEW,
    ClaimStatus.AWAITING_APPROVAL,
    ClaimStatus.APPROVED,
    ClaimStatus.PUBLISHED,
)


def desk_decisions() -> Iterator[tuple[str, int]]:
    """(claim text, 1 kept / 0 dismissed) for every claim a person decided on, streamed."""
    rows = (
        Claim.objects.filter(status__in=[*KEPT_STATUSES, ClaimStatus.DISMISSED])
        .order_by("pk")
        .values_list("text", "status")
    )
    for text, status in rows.iterator(chunk_size=2000):
        yield text, 0 if status == ClaimStatus.DISMISSED else 1
